"""The portal's measures of an initiative and of a group of initiatives, defined once: health and its reasons, the
stale rule, overdue and due-soon milestones, progress roll-ups and counts. The dashboard, the roadmap, the API, the
exports and the reminders read them from here; ``metric_rules`` gives the thresholds to the "How we compute" panels.

The rules (documented for users on the dashboard's "How we compute" panel and in docs/metrics.md):

* Progress of a group (dimension, agency, year, the masterplan) is the mean of its initiatives' progress weighted by
  their total planned budget; when the group has no planned budget at all it is the plain mean. Cancelled
  initiatives are left out.
* Health of an initiative compares its progress with where it should be on its planned timeline (the share of its
  years that has elapsed, from 1 January of the start year to 31 December of the end year):
  - ``late`` when it is LATE_GAP points or more behind, when its end year has passed without completion, or when a
    milestone is more than LATE_MILESTONE_DAYS overdue;
  - ``at_risk`` when it is AT_RISK_GAP points or more behind, when a milestone is overdue, when it is on hold, or
    when it has been running for more than STALE_REPORT_DAYS without an approved report in that time;
  - ``on_track`` otherwise, and always when completed or cancelled.
* Stale: active in the last completed quarter's year, neither completed nor cancelled, and without an approved
  report for that quarter.
* A milestone is overdue when it is not completed and its due date has passed; it is due soon when it is open and due
  within DUE_SOON_DAYS.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext as _

from core.periods import last_completed_quarter

from .choices import Health, InitiativeStatus, ReportState
from .models import Initiative, ProgressReport

LATE_GAP = 25
AT_RISK_GAP = 10
LATE_MILESTONE_DAYS = 30
STALE_REPORT_DAYS = 200
DUE_SOON_DAYS = 30
CLOSED_STATUSES = (InitiativeStatus.COMPLETED, InitiativeStatus.CANCELLED)


def overdue_milestone_filter(today: dt.date, prefix: str = "") -> Q:
    """Open milestones whose due date has passed (``prefix``: the path to the milestone, e.g. ``"milestones__"``)."""
    return Q(**{f"{prefix}completed_date__isnull": True, f"{prefix}due_date__lt": today})


def due_soon_milestone_filter(today: dt.date, prefix: str = "") -> Q:
    """Open milestones due from today to DUE_SOON_DAYS ahead."""
    return Q(
        **{
            f"{prefix}completed_date__isnull": True,
            f"{prefix}due_date__gte": today,
            f"{prefix}due_date__lte": today + dt.timedelta(days=DUE_SOON_DAYS),
        }
    )


def _year_fraction(day: dt.date) -> float:
    start = dt.date(day.year, 1, 1)
    days_in_year = (dt.date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / days_in_year


def _budget(model_field: str):
    """The initiative's total planned or realised budget, from its summary row (kept by triggers, never stale)."""
    return Coalesce(F(f"summary__{model_field}"), Value(0), output_field=IntegerField())


def annotate_metrics(qs: QuerySet[Initiative], today: dt.date | None = None) -> QuerySet[Initiative]:
    """Add budget totals, expected progress, milestone flags, last approval and ``health`` to each row (no joins
    that multiply rows, so the annotations can be filtered, ordered and aggregated).

    The per-initiative figures come from ``InitiativeSummary`` (one joined row, kept by database triggers): the
    budget sums, the earliest open milestone's due date (a milestone is overdue, overdue_milestone_filter, exactly
    when the earliest open one is due before today) and the last approval. So a page over 20,000 initiatives is one
    scan, not four correlated subqueries per initiative."""
    today = today or timezone.localdate()
    frac = _year_fraction(today)
    stale_cutoff = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=STALE_REPORT_DAYS), dt.time()))
    running_since_cutoff_year = (today - dt.timedelta(days=STALE_REPORT_DAYS)).year
    qs = qs.annotate(
        budget_planned=_budget("budget_planned"),
        budget_realized=_budget("budget_realized"),
        expected_progress=Greatest(
            Value(0.0),
            Least(
                Value(100.0),
                (Value(frac) - F("start_year")) * Value(100.0) / (F("end_year") - F("start_year") + Value(1.0)),
            ),
            output_field=FloatField(),
        ),
        has_overdue_milestone=ExpressionWrapper(
            Q(summary__first_open_due__isnull=False, summary__first_open_due__lt=today), output_field=BooleanField()
        ),
        has_long_overdue_milestone=ExpressionWrapper(
            Q(
                summary__first_open_due__isnull=False,
                summary__first_open_due__lt=today - dt.timedelta(days=LATE_MILESTONE_DAYS),
            ),
            output_field=BooleanField(),
        ),
        last_approved_at=F("summary__last_approved_at"),
    )
    qs = qs.annotate(progress_gap=F("expected_progress") - F("progress"))
    not_reporting = Q(status=InitiativeStatus.IN_PROGRESS, start_year__lte=running_since_cutoff_year) & (
        Q(last_approved_at__isnull=True) | Q(last_approved_at__lt=stale_cutoff)
    )
    return qs.annotate(
        health=Case(
            When(status__in=CLOSED_STATUSES, then=Value(Health.ON_TRACK)),
            When(
                Q(end_year__lt=today.year) | Q(has_long_overdue_milestone=True) | Q(progress_gap__gte=LATE_GAP),
                then=Value(Health.LATE),
            ),
            When(
                Q(progress_gap__gte=AT_RISK_GAP)
                | Q(has_overdue_milestone=True)
                | Q(status=InitiativeStatus.ON_HOLD)
                | not_reporting,
                then=Value(Health.AT_RISK),
            ),
            default=Value(Health.ON_TRACK),
        )
    )


def health_reasons(initiative: Initiative, today: dt.date | None = None) -> list[str]:
    """Why an annotated initiative has its health, in the user's language."""
    today = today or timezone.localdate()
    if initiative.status in CLOSED_STATUSES:
        return [_("Completed or cancelled initiatives are not assessed.")]
    reasons = []
    expected = round(initiative.expected_progress)
    gap = initiative.progress_gap
    if initiative.end_year < today.year:
        reasons.append(_("Its end year %(year)s has passed without completion.") % {"year": initiative.end_year})
    if gap >= AT_RISK_GAP:
        reasons.append(
            _("Progress %(progress)s%% is %(gap)s points behind the %(expected)s%% expected on its timeline.")
            % {"progress": initiative.progress, "gap": round(gap), "expected": expected}
        )
    if initiative.has_long_overdue_milestone:
        reasons.append(_("A milestone is more than %(days)s days overdue.") % {"days": LATE_MILESTONE_DAYS})
    elif initiative.has_overdue_milestone:
        reasons.append(_("A milestone is overdue."))
    if initiative.status == InitiativeStatus.ON_HOLD:
        reasons.append(_("The initiative is on hold."))
    if initiative.health == Health.AT_RISK and not reasons:
        reasons.append(_("No approved report in the last %(days)s days.") % {"days": STALE_REPORT_DAYS})
    if not reasons:
        reasons.append(
            _("Progress %(progress)s%% against %(expected)s%% expected on its timeline, no overdue milestones.")
            % {"progress": initiative.progress, "expected": expected}
        )
    return reasons


def stale_filter(today: dt.date | None = None) -> Q:
    year, quarter = last_completed_quarter(today)
    approved = ProgressReport.objects.filter(
        initiative=OuterRef("pk"), year=year, quarter=quarter, state=ReportState.APPROVED
    )
    return Q(start_year__lte=year, end_year__gte=year) & ~Q(status__in=CLOSED_STATUSES) & ~Q(Exists(approved))


def stale_initiatives(qs: QuerySet[Initiative], today: dt.date | None = None) -> QuerySet[Initiative]:
    return qs.filter(stale_filter(today))


@dataclass
class ProgressRollup:
    key: object
    progress: float | None
    count: int
    budget_planned: int
    budget_realized: int


def weighted_progress(rows) -> float | None:
    """Budget-weighted mean over rows with progress, budget_planned; plain mean when no budget is planned."""
    rows = list(rows)
    if not rows:
        return None
    total_budget = sum(r["budget_planned"] or 0 for r in rows)
    if total_budget > 0:
        return sum(r["progress"] * (r["budget_planned"] or 0) for r in rows) / total_budget
    return sum(r["progress"] for r in rows) / len(rows)


def progress_by(qs: QuerySet[Initiative], field: str | None) -> dict:
    """Progress, count and budget per value of ``field`` (e.g. ``dimension_id``, ``lead_opd_id``) in one grouped
    query; ``field=None`` gives the whole queryset under key None. Cancelled initiatives are left out."""
    qs = qs.exclude(status=InitiativeStatus.CANCELLED)
    if "budget_planned" not in qs.query.annotations:
        qs = qs.annotate(budget_planned=_budget("budget_planned"), budget_realized=_budget("budget_realized"))
    aggregates = {
        "n": Count("pk"),
        "weighted": Sum(F("progress") * F("budget_planned"), output_field=FloatField()),
        "weight": Sum("budget_planned"),
        "plain": Sum("progress"),
        "realized": Sum("budget_realized"),
    }
    if field:
        rows = qs.order_by().values(field).annotate(**aggregates)
    else:
        rows = [qs.aggregate(**aggregates)]
    result = {}
    for row in rows:
        key = row[field] if field else None
        if not row["n"]:
            continue
        if row["weight"]:
            progress = row["weighted"] / row["weight"]
        elif row["n"]:
            progress = row["plain"] / row["n"]
        else:
            progress = None
        result[key] = ProgressRollup(
            key=key,
            progress=progress,
            count=row["n"],
            budget_planned=row["weight"] or 0,
            budget_realized=row["realized"] or 0,
        )
    return result


def initiative_counts_by(qs: QuerySet[Initiative], field: str) -> dict:
    """Number of initiatives (cancelled included) per value of ``field``."""
    return {row[field]: row["n"] for row in qs.order_by().values(field).annotate(n=Count("pk"))}


def metric_rules() -> dict:
    """The thresholds of the rules above, for the pages' "How we compute" panel."""
    return {
        "late_gap": LATE_GAP,
        "at_risk_gap": AT_RISK_GAP,
        "late_milestone_days": LATE_MILESTONE_DAYS,
        "stale_report_days": STALE_REPORT_DAYS,
        "deadline_days": settings.REPORT_DEADLINE_DAYS,
        "due_soon_days": DUE_SOON_DAYS,
    }


# --- one grouped query, many roll-ups ------------------------------------------------------------------------------
# ``progress_by`` and ``initiative_counts_by`` each scan every initiative; a page that needs a dozen roll-ups reads
# instead the few hundred rows of ``rollup_rows`` (one scan, grouped by status and the fields asked for) and combines
# them in Python with ``combine_rollup`` / ``count_rows``. The sums are the same integers either way, so the figures
# are exactly progress_by's (tests/dashboards/test_fast_rollups.py compares them on random data).


def rollup_rows(qs: QuerySet[Initiative], fields) -> list[dict]:
    """Rows of ``qs`` grouped by ``status`` and ``fields`` (cancelled included), each with ``n`` and the sums
    ``weighted`` (progress × planned budget), ``weight`` (planned budget), ``plain`` (progress), ``realized``."""
    return list(rollup_query(qs, fields))


def rollup_query(qs: QuerySet[Initiative], fields) -> QuerySet:
    """The unevaluated query of rollup_rows (for initiatives.snapshots.cached_rows)."""
    if "budget_planned" not in qs.query.annotations:
        qs = qs.annotate(budget_planned=_budget("budget_planned"), budget_realized=_budget("budget_realized"))
    return (
        qs.order_by()
        .values("status", *fields)
        .annotate(
            n=Count("pk"),
            weighted=Sum(F("progress") * F("budget_planned"), output_field=FloatField()),
            weight=Sum("budget_planned"),
            plain=Sum("progress"),
            realized=Sum("budget_realized"),
        )
    )


def combine_rollup(rows, key=None) -> ProgressRollup | None:
    """progress_by's roll-up of the initiatives counted in ``rows`` (rollup_rows rows; cancelled ones left out)."""
    rows = [r for r in rows if r["status"] != InitiativeStatus.CANCELLED and r["n"]]
    if not rows:
        return None
    n = sum(r["n"] for r in rows)
    weight = sum(r["weight"] or 0 for r in rows)
    if weight:
        progress = sum(r["weighted"] or 0 for r in rows) / weight
    else:
        progress = sum(r["plain"] or 0 for r in rows) / n
    return ProgressRollup(
        key=key,
        progress=progress,
        count=n,
        budget_planned=weight or 0,
        budget_realized=sum(r["realized"] or 0 for r in rows) or 0,
    )


def group_rows(rows, field: str) -> dict:
    """rollup_rows rows by the value of ``field``."""
    groups = {}
    for row in rows:
        groups.setdefault(row[field], []).append(row)
    return groups


def count_rows(rows, field: str) -> dict:
    """initiative_counts_by's numbers (cancelled included) per value of ``field``, from rollup_rows rows."""
    counts = {}
    for row in rows:
        counts[row[field]] = counts.get(row[field], 0) + row["n"]
    return counts
