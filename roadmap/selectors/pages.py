"""What each page shows (dashboard, dimension, agency, roadmap, leadership report, public page). Every function runs a
fixed number of queries whatever the number of initiatives: aggregates are grouped in the database, lists are sliced
or prefetched."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Sum, Value
from django.utils import timezone

from core.periods import (
    last_completed_quarter,
    last_judged_quarter,
    quarter_end,
    quarter_label,
    quarter_start,
    report_deadline,
)
from dimensions.choices import FindingKind
from dimensions.models import Dimension
from dimensions.selectors import indicator_series, indicators_with_series
from initiatives.choices import Health, InitiativeStatus, ReportState
from initiatives.metrics import (
    CLOSED_STATUSES,
    DUE_SOON_DAYS,
    annotate_metrics,
    due_soon_milestone_filter,
    initiative_counts_by,
    overdue_milestone_filter,
    progress_by,
    stale_filter,
    stale_initiatives,
)
from initiatives.models import BudgetLine, Milestone, ProgressReport
from initiatives.selectors import initiative_base_queryset, initiatives_for_user, milestones_for_user, reports_for_user
from initiatives.snapshots import cached_count, cached_first, cached_rows
from masterplans.selectors import active_masterplan, masterplan_years
from opd.models import Opd

from ..charts import kpi_chart
from .stats import _rollup_dict, masterplan_stats, opds_behind_on_reporting, reporting_compliance

LIST_LIMIT = 10
PAGE_INITIATIVE_LIMIT = 50
REPORT_LIST_LIMIT = 100  # late and stale initiatives listed in the leadership report (the counts are whole)
ROADMAP_PAGE_SIZE = 100  # rows of the roadmap page: one page at a time, grouped by dimension


def dashboard(user, today: dt.date | None = None) -> dict:
    """Everything the dashboard shows: masterplan_stats plus what needs attention."""
    today = today or timezone.localdate()
    plan = active_masterplan()
    qs = initiatives_for_user(user, plan, today=today)
    stats = masterplan_stats(user, today=today, qs=qs)
    lean = qs.prefetch_related(None)
    stale_qs = stale_initiatives(lean, today)
    open_statuses = [s for s in InitiativeStatus.values if s not in CLOSED_STATUSES]
    open_milestones = milestones_for_user(user).filter(
        completed_date__isnull=True, initiative__status__in=open_statuses
    )
    overdue, due_soon = overdue_milestone_filter(today), due_soon_milestone_filter(today)
    milestone_counts = (
        cached_rows(
            open_milestones.order_by()
            .annotate(_all=Value(1))
            .values("_all")
            .annotate(overdue=Count("pk", filter=overdue), due_soon=Count("pk", filter=due_soon))
        )[0]
        or [{"overdue": 0, "due_soon": 0}]
    )[0]
    year, quarter = last_judged_quarter(today)
    stale_year, stale_quarter = last_completed_quarter(today)
    return {
        **stats,
        "today": today,
        "awaiting_review": reports_for_user(user).filter(state=ReportState.SUBMITTED).count(),
        "stale_count": cached_count(stale_qs),
        "stale": cached_first(stale_qs.order_by("lead_opd__abbreviation", "code"), LIST_LIMIT),
        "stale_quarter": (stale_year, stale_quarter),
        "overdue_count": milestone_counts["overdue"],
        "overdue_milestones": list(open_milestones.filter(overdue).order_by("due_date", "id")[:LIST_LIMIT]),
        "due_soon_count": milestone_counts["due_soon"],
        "due_soon_milestones": list(open_milestones.filter(due_soon).order_by("due_date", "id")[:LIST_LIMIT]),
        "due_soon_days": DUE_SOON_DAYS,
        "compliance_quarter": (year, quarter),
        "compliance_deadline": report_deadline(year, quarter),
        "opds_behind": opds_behind_on_reporting(qs, year, quarter),
    }


def _group_status_health(qs) -> tuple[dict, dict]:
    by_status = initiative_counts_by(qs, "status")
    by_health = initiative_counts_by(qs, "health")
    return ({s: by_status.get(s, 0) for s in InitiativeStatus.values}, {h: by_health.get(h, 0) for h in Health.values})


def _budget_by_year(qs) -> list[dict]:

    return list(
        BudgetLine.objects.filter(initiative__in=qs.exclude(status=InitiativeStatus.CANCELLED).values("pk"))
        .order_by("year")
        .values("year")
        .annotate(budget_planned=Sum("planned"), budget_realized=Sum("realized"))
    )


def dimension_overview(user, code: str, today: dt.date | None = None) -> dict | None:
    """A dimension with its sub-dimensions, findings by kind, KPIs with their series, and its initiatives."""

    dimension = Dimension.objects.filter(code=code).first()
    if dimension is None:
        return None
    today = today or timezone.localdate()
    qs = initiatives_for_user(user, today=today).filter(dimension=dimension)
    rollup = _rollup_dict(progress_by(qs, None).get(None))
    by_status, by_health = _group_status_health(qs)
    by_sub = progress_by(qs, "sub_dimension_id")
    sub_dimensions = [
        {"sub": s, **_rollup_dict(by_sub.get(s.pk))} for s in dimension.sub_dimensions.order_by("order", "code")
    ]
    findings = {}
    for finding in dimension.findings.order_by("kind", "order", "id"):
        findings.setdefault(finding.kind, []).append(finding)
    finding_groups = [
        {"kind": k, "label": label, "items": findings[k]} for k, label in FindingKind.choices if k in findings
    ]
    kpis = []
    for indicator in indicators_with_series().filter(dimension=dimension).order_by("code"):
        series = indicator_series(indicator)
        kpis.append({"indicator": indicator, "series": series, "chart": kpi_chart(series, indicator.baseline)})
    total = sum(by_status.values())
    return {
        "dimension": dimension,
        "rollup": rollup,
        "count": total,
        "by_status": by_status,
        "by_health": by_health,
        "sub_dimensions": sub_dimensions,
        "finding_groups": finding_groups,
        "kpis": kpis,
        "budget_by_year": _budget_by_year(qs),
        "initiatives": list(qs.prefetch_related(None).order_by("code")[:PAGE_INITIATIVE_LIMIT]),
        "initiative_limit": PAGE_INITIATIVE_LIMIT,
    }


def opd_overview(user, code: str, today: dt.date | None = None) -> dict | None:
    """An agency's initiatives (led and supported), budget, and reporting compliance for every quarter so far."""

    opd = Opd.objects.filter(code=code).first()
    if opd is None:
        return None
    today = today or timezone.localdate()
    plan = active_masterplan()
    qs = initiatives_for_user(user, plan, today=today)
    led = qs.filter(lead_opd=opd)
    rollup = _rollup_dict(progress_by(led, None).get(None))
    by_status, by_health = _group_status_health(led)
    quarters = [(y, q) for y in (plan.years if plan else []) for q in (1, 2, 3, 4) if quarter_start(y, q) <= today]
    compliance = reporting_compliance(led, quarters)
    rows = []
    for year, quarter in reversed(quarters):
        c = compliance.get((opd.pk, year, quarter), {"expected": 0, "on_time": 0, "share": None})
        deadline = report_deadline(year, quarter)
        rows.append(
            {
                "year": year,
                "quarter": quarter,
                "label": quarter_label(year, quarter),
                "deadline": deadline,
                "due": deadline < today,
                **c,
            }
        )
    judged = [r for r in rows if r["due"] and r["expected"]]
    expected = sum(r["expected"] for r in judged)
    on_time = sum(r["on_time"] for r in judged)
    return {
        "opd": opd,
        "rollup": rollup,
        "count": sum(by_status.values()),
        "by_status": by_status,
        "by_health": by_health,
        "budget_by_year": _budget_by_year(led),
        "compliance": rows,
        "compliance_overall": round(on_time * 100 / expected, 1) if expected else None,
        "led": list(led.prefetch_related(None).order_by("dimension__order", "code")[:PAGE_INITIATIVE_LIMIT]),
        "supported": list(
            qs.prefetch_related(None)
            .filter(supporting_opds=opd)
            .order_by("dimension__order", "code")[:PAGE_INITIATIVE_LIMIT]
        ),
        "initiative_limit": PAGE_INITIATIVE_LIMIT,
    }


def roadmap_timeline(user, qs, today: dt.date | None = None, page=1, per_page: int | None = None) -> dict:
    """The five-year timeline of ``qs`` (already filtered): per dimension, each initiative of one page (``page``,
    ROADMAP_PAGE_SIZE rows: what a person can read; ``per_page=0`` for every row, the printable roadmap) as a bar
    across its years with its milestones; per year the theme, planned and completed counts (masterplan_stats)."""

    plan = active_masterplan()
    if plan is None:
        return {"masterplan": None, "years": [], "groups": [], "page": None}
    today = today or timezone.localdate()
    stats = masterplan_stats(user, today=today, qs=qs)
    themes = {y.year: y for y in masterplan_years(plan)}
    years = [
        {
            **row,
            "theme": themes[row["year"]].theme if row["year"] in themes else "",
            "focus": themes[row["year"]].focus if row["year"] in themes else "",
        }
        for row in stats["by_year"]
    ]
    span = len(plan.years)
    items = (
        qs.prefetch_related(None)
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "id")))
        .order_by("dimension__order", "start_year", "code")
    )
    per_page = ROADMAP_PAGE_SIZE if per_page is None else per_page
    page_obj = Paginator(items, per_page).get_page(page) if per_page else None
    by_dim = {}
    for initiative in page_obj.object_list if page_obj is not None else items:
        start = max(initiative.start_year, plan.start_year)
        end = min(initiative.end_year, plan.end_year)
        length = end - start + 1
        marks = []
        for m in initiative.milestones.all():
            frac = m.due_date.year + (m.due_date.timetuple().tm_yday - 1) / 366
            pos = (frac - start) * 100 / length
            if 0 <= pos <= 100:
                marks.append(
                    {
                        "milestone": m,
                        "left": round(pos, 2),
                        "done": m.completed_date is not None,
                        "overdue": m.is_overdue_on(today),
                    }
                )
        by_dim.setdefault(initiative.dimension_id, []).append(
            {
                "initiative": initiative,
                "col_start": start - plan.start_year + 2,
                "col_end": end - plan.start_year + 3,
                "left": (start - plan.start_year) * 100 / span,
                "width": length * 100 / span,
                "milestones": marks,
            }
        )
    groups = [
        {"dimension": d, "rows": by_dim[d.pk]} for d in Dimension.objects.order_by("order", "code") if d.pk in by_dim
    ]
    today_left = None
    if plan.contains_year(today.year):
        today_left = round((today.year + (today.timetuple().tm_yday - 1) / 366 - plan.start_year) * 100 / span, 2)
    total = page_obj.paginator.count if page_obj is not None else sum(len(g["rows"]) for g in groups)
    return {
        "masterplan": plan,
        "years": years,
        "groups": groups,
        "overall": stats["overall"],
        "count": total,
        "page": page_obj,
        "today_left": today_left,
    }


def roadmap_print_rows(qs):
    """Every initiative of ``qs`` for the printable roadmap, in roadmap order, with its milestones (prefetched per
    chunk when iterated)."""
    return (
        qs.prefetch_related(None)
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "id")))
        .order_by("dimension__order", "start_year", "code")
    )


def leadership_report(user, year: int, quarter: int, today: dt.date | None = None) -> dict:
    """The quarterly report for the regency's leadership: progress per dimension, completions reported in the
    quarter, late and stale initiatives, budget realisation. Health is as of ``today``; staleness is for the quarter."""

    today = today or timezone.localdate()
    plan = active_masterplan()
    qs = initiatives_for_user(user, plan, today=today)
    stats = masterplan_stats(user, today=today, qs=qs)
    lean = qs.prefetch_related(None).order_by("dimension__order", "code")
    completions = list(
        ProgressReport.objects.filter(
            initiative__in=qs.values("pk"),
            year=year,
            quarter=quarter,
            state=ReportState.APPROVED,
            status=InitiativeStatus.COMPLETED,
        )
        .select_related("initiative", "initiative__dimension", "initiative__lead_opd")
        .order_by("initiative__dimension__order", "initiative__code")
    )
    stale_qs = lean.filter(stale_filter(quarter_end(year, quarter) + dt.timedelta(days=1)))
    late_qs = lean.filter(health=Health.LATE)
    year_row = next((row for row in stats["by_year"] if row["year"] == year), None)
    compliance = reporting_compliance(qs, [(year, quarter)])
    return {
        **stats,
        "year": year,
        "quarter": quarter,
        "today": today,
        "deadline": report_deadline(year, quarter),
        "completions": completions,
        "late": cached_first(late_qs, REPORT_LIST_LIMIT),
        "late_count": stats["by_health"][Health.LATE],
        "stale": cached_first(stale_qs, REPORT_LIST_LIMIT),
        "stale_count": cached_count(stale_qs),
        "report_list_limit": REPORT_LIST_LIMIT,
        "year_row": year_row,
        "opds_behind": opds_behind_on_reporting(qs, year, quarter, compliance=compliance),
        "compliance_total": _compliance_total(compliance),
    }


def _compliance_total(compliance: dict) -> dict:
    expected = sum(c["expected"] for c in compliance.values())
    on_time = sum(c["on_time"] for c in compliance.values())
    return {"expected": expected, "on_time": on_time, "share": round(on_time * 100 / expected, 1) if expected else None}


def public_overview(today: dt.date | None = None) -> dict:
    """What citizens see: the plan, each dimension's progress and status counts, and an initiatives queryset with
    public fields only (no notes, evidence, reports or people)."""

    plan = active_masterplan()
    qs = annotate_metrics(initiative_base_queryset(plan).select_related("dimension", "lead_opd"), today=today)
    stats = masterplan_stats(None, today=today, qs=qs)
    themes = {y.year: y.theme for y in masterplan_years(plan)}
    for row in stats["by_year"]:
        row["theme"] = themes.get(row["year"], "")
    return {**stats, "initiatives": qs.order_by("dimension__order", "code")}
