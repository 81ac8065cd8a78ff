"""Which initiatives, reports and milestones a user sees (every signed-in role reads the active masterplan), loaded
with what lists and pages show, in a fixed number of queries."""
from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet

from masterplans.selectors import active_masterplan

from ..metrics import annotate_metrics
from ..models import BudgetLine, Comment, Evidence, Initiative, Milestone, ProgressReport
from ..permissions import can_view


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
                queryset=ProgressReport.objects.select_related("submitted_by", "reviewed_by", "created_by").order_by(
                    "-year", "-quarter"
                ),
            ),
            "indicators",
            Prefetch("evidence",
                     queryset=Evidence.objects.select_related("uploaded_by", "report").order_by("-created_at")),
            Prefetch("comments", queryset=Comment.objects.select_related("author").order_by("created_at")),
        ),
        today=today,
    )
    return qs.get(pk=pk)


def reports_for_user(user) -> QuerySet[ProgressReport]:
    """Reports the user may see (every signed-in role reads all), in the active masterplan, with what lists show."""
    if not can_view(user):
        return ProgressReport.objects.none()
    plan = active_masterplan()
    qs = ProgressReport.objects.select_related(
        "initiative", "initiative__dimension", "initiative__lead_opd", "submitted_by", "reviewed_by"
    )
    return qs.filter(initiative__masterplan=plan) if plan else qs.none()


def milestones_for_user(user) -> QuerySet[Milestone]:
    if not can_view(user):
        return Milestone.objects.none()
    plan = active_masterplan()
    qs = Milestone.objects.select_related("initiative", "initiative__lead_opd", "initiative__dimension")
    return qs.filter(initiative__masterplan=plan) if plan else qs.none()
