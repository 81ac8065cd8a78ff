"""Which initiatives, reports and milestones a user sees (every signed-in role reads the active masterplan), loaded
with what lists and pages show, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet

from masterplans.selectors import active_masterplan
from opd.choices import Role
from opd.selectors import opd_id_of, role_of

from ..metrics import annotate_metrics
from ..models import BudgetLine, Comment, Evidence, Initiative, Milestone, ProgressReport
from ..permissions import PUBLIC_REPORT_STATES, can_view


def initiative_base_queryset(masterplan=None) -> QuerySet[Initiative]:
    masterplan = masterplan if masterplan is not None else active_masterplan()
    qs = Initiative.objects.all()
    if masterplan is not None:
        qs = qs.filter(masterplan=masterplan)
    else:
        qs = qs.none()
    return qs


def initiatives_for_user(user, masterplan=None, today: dt.date | None = None) -> QuerySet[Initiative]:
    """Initiatives the user may see (every signed-in role reads all of them), with their metrics and the related
    rows a list shows, in a fixed number of queries."""
    qs = initiative_base_queryset(masterplan)
    if not can_view(user):
        return qs.none()
    return annotate_metrics(
        qs.select_related("dimension", "sub_dimension", "lead_opd", "masterplan").prefetch_related("supporting_opds"),
        today=today,
    )


def visible_reports_q(user, prefix: str = "") -> Q:
    """The reports ``user`` may read: submitted and approved ones for every portal role; drafts and returned reports
    only for administrators and the staff of the initiative's lead agency. ``prefix`` reaches a report through a
    relation (``"report__"`` from evidence)."""
    role = role_of(user)
    if role == Role.ADMIN:
        return Q()
    visible = Q(**{f"{prefix}state__in": PUBLIC_REPORT_STATES})
    if role == Role.OPD_STAFF:
        visible |= Q(**{f"{prefix}initiative__lead_opd_id": opd_id_of(user)})
    return visible


def visible_evidence_q(user) -> Q:
    """Evidence on the initiative itself, or on a report the user may read."""
    if role_of(user) == Role.ADMIN:
        return Q()
    return Q(report__isnull=True) | visible_reports_q(user, "report__")


def initiative_detail(user, pk: int, today: dt.date | None = None) -> Initiative:
    """One initiative with everything its detail page shows; raises Initiative.DoesNotExist when not visible."""
    if not can_view(user):
        raise Initiative.DoesNotExist
    qs = annotate_metrics(
        Initiative.objects.select_related("dimension", "sub_dimension", "lead_opd", "masterplan").prefetch_related(
            "supporting_opds",
            Prefetch("budget_lines", queryset=BudgetLine.objects.order_by("year", "funding_source")),
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "id")),
            Prefetch(
                "reports",
                queryset=ProgressReport.objects.filter(visible_reports_q(user))
                .select_related("submitted_by", "reviewed_by", "created_by")
                .order_by("-year", "-quarter"),
            ),
            "indicators",
            Prefetch(
                "evidence",
                queryset=Evidence.objects.filter(visible_evidence_q(user))
                .select_related("uploaded_by", "report")
                .order_by("-created_at"),
            ),
            Prefetch("comments", queryset=Comment.objects.select_related("author").order_by("created_at")),
        ),
        today=today,
    )
    return qs.get(pk=pk)


def reports_for_user(user) -> QuerySet[ProgressReport]:
    """Reports the user may see (submitted and approved ones for every portal role; drafts and returned reports for
    administrators and the lead agency's staff), in the active masterplan, with what lists show."""
    if not can_view(user):
        return ProgressReport.objects.none()
    plan = active_masterplan()
    qs = ProgressReport.objects.filter(visible_reports_q(user)).select_related(
        "initiative", "initiative__dimension", "initiative__lead_opd", "submitted_by", "reviewed_by"
    )
    return qs.filter(initiative__masterplan=plan) if plan else qs.none()


def milestones_for_user(user) -> QuerySet[Milestone]:
    if not can_view(user):
        return Milestone.objects.none()
    plan = active_masterplan()
    qs = Milestone.objects.select_related("initiative", "initiative__lead_opd", "initiative__dimension")
    return qs.filter(initiative__masterplan=plan) if plan else qs.none()
