"""My agency: the initiatives an agency leads or supports, and what is due for the reporting quarter."""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef, QuerySet, Subquery

from ..choices import ReportState
from ..metrics import CLOSED_STATUSES
from ..models import Initiative, ProgressReport
from .visibility import initiatives_for_user

DUE_NONE = "none"  # no report yet for the reporting quarter
DUE_NOT_DUE = "not_due"  # closed, or not running in the reporting quarter's year


def annotate_due(qs: QuerySet[Initiative], year: int, quarter: int) -> QuerySet[Initiative]:
    """Add the report of quarter (year, quarter) — ``due_report_id``/``due_report_state`` — and the period of the last
    approved report (``last_approved_year``/``last_approved_quarter``) to each row, as subqueries (no extra rows)."""
    due = ProgressReport.objects.filter(initiative=OuterRef("pk"), year=year, quarter=quarter)
    approved = ProgressReport.objects.filter(initiative=OuterRef("pk"), state=ReportState.APPROVED).order_by(
        "-year", "-quarter"
    )
    return qs.annotate(
        due_report_id=Subquery(due.values("pk")[:1]),
        due_report_state=Subquery(due.values("state")[:1]),
        last_approved_year=Subquery(approved.values("year")[:1]),
        last_approved_quarter=Subquery(approved.values("quarter")[:1]),
    )


def due_state(initiative: Initiative, year: int) -> str:
    """What is due this quarter for an initiative annotated by ``annotate_due``: ``none`` (no report yet), a report
    state (draft, submitted, returned, approved), or ``not_due``."""
    if initiative.due_report_state:
        return initiative.due_report_state
    if initiative.status in CLOSED_STATUSES or not initiative.is_active_in(year):
        return DUE_NOT_DUE
    return DUE_NONE


def agency_initiatives(
    user, opd_id: int | None, year: int, quarter: int, *, supporting: bool = False, today: dt.date | None = None
) -> QuerySet[Initiative]:
    """Initiatives an agency leads (or, with ``supporting=True``, supports), with metrics and the due report of the
    given quarter, in one query (plus one for the supporting agencies' prefetch)."""
    qs = initiatives_for_user(user, today=today)
    if opd_id is None:
        return qs.none()
    qs = qs.filter(supporting_opds=opd_id) if supporting else qs.filter(lead_opd_id=opd_id)
    return annotate_due(qs, year, quarter).order_by("dimension__order", "code")
