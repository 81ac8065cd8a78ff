"""Reads over the whole masterplan: the active plan, its years, and the numbers the dashboard, the roadmap, the
exports and the API all show (computed once, here, in a fixed number of grouped queries)."""
from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, Sum
from django.utils import timezone

from masterplans.selectors import active_masterplan, masterplan_years


def _rollup_dict(rollup) -> dict:
    if rollup is None:
        return {"progress": None, "count": 0, "budget_planned": 0, "budget_realized": 0}
    return {"progress": None if rollup.progress is None else round(rollup.progress, 1), "count": rollup.count,
            "budget_planned": rollup.budget_planned, "budget_realized": rollup.budget_realized}


def masterplan_stats(user, today: dt.date | None = None, qs=None) -> dict:
    """Progress and counts overall, by dimension, status, agency and year: the dashboard's and the API's numbers.

    ``qs`` narrows the initiatives (filters); by default all the user may see in the active masterplan.
    """
    from dimensions.models import Dimension
    from initiatives.choices import Health, InitiativeStatus
    from initiatives.models import BudgetLine
    from initiatives.selectors import initiative_counts_by, initiatives_for_user, progress_by
    from opd.models import Opd

    plan = active_masterplan()
    if qs is None:
        qs = initiatives_for_user(user, plan, today=today)
    overall = progress_by(qs, None).get(None)
    by_dim = progress_by(qs, "dimension_id")
    status_by_dim = {}
    health_by_dim = {}
    for row in qs.order_by().values("dimension_id", "status").annotate(n=Count("pk")):
        status_by_dim.setdefault(row["dimension_id"], {})[row["status"]] = row["n"]
    for row in qs.order_by().values("dimension_id", "health").annotate(n=Count("pk")):
        health_by_dim.setdefault(row["dimension_id"], {})[row["health"]] = row["n"]
    dimensions = []
    for d in Dimension.objects.order_by("order", "code"):
        item = {"code": d.code, "name": d.display_name, "colour": d.colour, **_rollup_dict(by_dim.get(d.pk))}
        item["count"] = sum(status_by_dim.get(d.pk, {}).values())
        item["by_status"] = {s: status_by_dim.get(d.pk, {}).get(s, 0) for s in InitiativeStatus.values}
        item["by_health"] = {h: health_by_dim.get(d.pk, {}).get(h, 0) for h in Health.values}
        dimensions.append(item)
    by_status = initiative_counts_by(qs, "status")
    by_health = initiative_counts_by(qs, "health")
    by_opd_rollup = progress_by(qs, "lead_opd_id")
    opd_counts = initiative_counts_by(qs, "lead_opd_id")
    opds = []
    for o in Opd.objects.filter(pk__in=list(opd_counts)).order_by("abbreviation"):
        item = {"code": o.code, "abbreviation": o.abbreviation, "name": o.name, **_rollup_dict(by_opd_rollup.get(o.pk))}
        item["count"] = opd_counts.get(o.pk, 0)
        opds.append(item)
    years = []
    if plan is not None:
        budget_by_year = {
            row["year"]: row
            for row in BudgetLine.objects.filter(
                initiative__in=qs.exclude(status=InitiativeStatus.CANCELLED).values("pk")
            ).order_by().values("year")
            .annotate(planned=Sum("planned"), realized=Sum("realized"))
        }
        finishing = {
            row["end_year"]: row
            for row in qs.order_by().values("end_year").annotate(
                n=Count("pk", filter=~Q(status=InitiativeStatus.CANCELLED)),
                done=Count("pk", filter=Q(status=InitiativeStatus.COMPLETED)),
            )
        }
        for year in plan.years:
            active = qs.filter(start_year__lte=year, end_year__gte=year)
            rollup = progress_by(active, None).get(None)
            years.append({
                "year": year,
                "progress": _rollup_dict(rollup)["progress"],
                "active": rollup.count if rollup else 0,
                "planned_to_finish": finishing.get(year, {}).get("n", 0),
                "completed": finishing.get(year, {}).get("done", 0),
                "budget_planned": (budget_by_year.get(year) or {}).get("planned") or 0,
                "budget_realized": (budget_by_year.get(year) or {}).get("realized") or 0,
            })
    return {
        "masterplan": plan,
        "overall": _rollup_dict(overall),
        "by_dimension": dimensions,
        "by_status": {s: by_status.get(s, 0) for s in InitiativeStatus.values},
        "by_health": {h: by_health.get(h, 0) for h in Health.values},
        "by_opd": opds,
        "by_year": years,
    }


def roadmap_overview(user, today: dt.date | None = None) -> dict:
    """The active masterplan's period, vision, each year's theme and numbers, and each dimension's progress per
    year (progress of the initiatives active in that year)."""
    from dimensions.models import Dimension
    from initiatives.selectors import initiatives_for_user, progress_by

    plan = active_masterplan()
    if plan is None:
        return {"masterplan": None, "years": [], "dimensions": []}
    qs = initiatives_for_user(user, plan, today=today)
    stats = masterplan_stats(user, today=today, qs=qs)
    themes = {y.year: y for y in masterplan_years(plan)}
    years = []
    per_dim_year = {}
    for row in stats["by_year"]:
        year = row["year"]
        theme = themes.get(year)
        years.append({**row, "theme": theme.theme if theme else "", "focus": theme.focus if theme else ""})
        for dim_id, rollup in progress_by(qs.filter(start_year__lte=year, end_year__gte=year), "dimension_id").items():
            per_dim_year.setdefault(dim_id, {})[year] = None if rollup.progress is None else round(rollup.progress, 1)
    dimensions = [
        {"code": d.code, "name": d.display_name, "colour": d.colour,
         "progress_by_year": {y: per_dim_year.get(d.pk, {}).get(y) for y in plan.years}}
        for d in Dimension.objects.order_by("order", "code")
    ]
    return {"masterplan": plan, "years": years, "dimensions": dimensions}


def recent_import_jobs(limit: int = 10):
    """The latest masterplan import jobs for the admin import page."""
    from .models import ImportJob

    return ImportJob.objects.select_related("created_by").order_by("-created_at")[:limit]


# --- The pages' reads (dashboard, dimension, agency, roadmap, leadership report, public page) -----------------------
# Every function below runs a fixed number of queries whatever the number of initiatives: aggregates are grouped in
# the database, lists are sliced or prefetched.

LIST_LIMIT = 10
DUE_SOON_DAYS = 30
PAGE_INITIATIVE_LIMIT = 50


def compliance_quarter(today: dt.date | None = None) -> tuple[int, int]:
    """The latest quarter whose report deadline has passed: the quarter agencies are judged on today."""
    from core.periods import last_completed_quarter, previous_quarter, report_deadline

    today = today or timezone.localdate()
    year, quarter = last_completed_quarter(today)
    if today <= report_deadline(year, quarter):
        year, quarter = previous_quarter(year, quarter)
    return year, quarter


def _deadline_cutoff(year: int, quarter: int) -> dt.datetime:
    """The first moment after the deadline day, in the portal's time zone."""
    from core.periods import report_deadline

    day = report_deadline(year, quarter) + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def reporting_compliance(qs, quarters, field: str = "lead_opd_id") -> dict:
    """Reporting compliance per value of ``field`` and quarter, in two grouped queries.

    Returns {(key, year, quarter): {"expected", "on_time", "share"}}: ``expected`` counts the initiatives of ``qs``
    active in that year and not cancelled; ``on_time`` those of them with a report for the quarter submitted by the
    quarter's deadline (core.periods.report_deadline); ``share`` is on_time / expected in percent (None when nothing
    was expected).
    """
    from initiatives.choices import InitiativeStatus
    from initiatives.models import ProgressReport

    quarters = list(quarters)
    if not quarters:
        return {}
    live = qs.exclude(status=InitiativeStatus.CANCELLED)
    years = sorted({year for year, _ in quarters})
    expected = {}
    for row in live.order_by().values(field).annotate(
        **{f"y{year}": Count("pk", filter=Q(start_year__lte=year, end_year__gte=year)) for year in years}
    ):
        for year in years:
            expected[(row[field], year)] = row[f"y{year}"]
    on_time_q = Q()
    for year, quarter in quarters:
        on_time_q |= Q(year=year, quarter=quarter, submitted_at__lt=_deadline_cutoff(year, quarter))
    on_time = {
        (row[f"initiative__{field}"], row["year"], row["quarter"]): row["n"]
        for row in ProgressReport.objects.filter(on_time_q, submitted_at__isnull=False,
                                                 initiative__in=live.values("pk"))
        .order_by().values(f"initiative__{field}", "year", "quarter").annotate(n=Count("initiative", distinct=True))
    }
    result = {}
    keys = {key for key, _ in expected}
    for key in keys:
        for year, quarter in quarters:
            n = expected.get((key, year), 0)
            done = min(on_time.get((key, year, quarter), 0), n)
            result[(key, year, quarter)] = {"expected": n, "on_time": done,
                                            "share": round(done * 100 / n, 1) if n else None}
    return result


def opds_behind_on_reporting(qs, year: int, quarter: int) -> list[dict]:
    """Agencies leading initiatives that lack an on-time report for the quarter, least compliant first."""
    from opd.models import Opd

    compliance = reporting_compliance(qs, [(year, quarter)])
    behind = {key: c for (key, _y, _q), c in compliance.items() if c["expected"] and c["on_time"] < c["expected"]}
    opds = {o.pk: o for o in Opd.objects.filter(pk__in=list(behind))}
    rows = [{"opd": opds[key], "missing": c["expected"] - c["on_time"], **c} for key, c in behind.items()
            if key in opds]
    return sorted(rows, key=lambda r: (r["share"], -r["missing"], r["opd"].abbreviation))


def dashboard(user, today: dt.date | None = None) -> dict:
    """Everything the dashboard shows: masterplan_stats plus what needs attention."""
    from initiatives.choices import InitiativeStatus, ReportState
    from initiatives.selectors import (
        CLOSED_STATUSES,
        initiatives_for_user,
        milestones_for_user,
        reports_for_user,
        stale_initiatives,
    )

    today = today or timezone.localdate()
    plan = active_masterplan()
    qs = initiatives_for_user(user, plan, today=today)
    stats = masterplan_stats(user, today=today, qs=qs)
    lean = qs.prefetch_related(None)
    stale_qs = stale_initiatives(lean, today)
    open_statuses = [s for s in InitiativeStatus.values if s not in CLOSED_STATUSES]
    open_milestones = milestones_for_user(user).filter(completed_date__isnull=True,
                                                       initiative__status__in=open_statuses)
    horizon = today + dt.timedelta(days=DUE_SOON_DAYS)
    milestone_counts = open_milestones.aggregate(
        overdue=Count("pk", filter=Q(due_date__lt=today)),
        due_soon=Count("pk", filter=Q(due_date__gte=today, due_date__lte=horizon)),
    )
    year, quarter = compliance_quarter(today)
    from core.periods import last_completed_quarter, report_deadline

    stale_year, stale_quarter = last_completed_quarter(today)
    return {
        **stats,
        "today": today,
        "awaiting_review": reports_for_user(user).filter(state=ReportState.SUBMITTED).count(),
        "stale_count": stale_qs.count(),
        "stale": list(stale_qs.order_by("lead_opd__abbreviation", "code")[:LIST_LIMIT]),
        "stale_quarter": (stale_year, stale_quarter),
        "overdue_count": milestone_counts["overdue"],
        "overdue_milestones": list(open_milestones.filter(due_date__lt=today).order_by("due_date", "id")[:LIST_LIMIT]),
        "due_soon_count": milestone_counts["due_soon"],
        "due_soon_milestones": list(
            open_milestones.filter(due_date__gte=today, due_date__lte=horizon).order_by("due_date", "id")[:LIST_LIMIT]
        ),
        "due_soon_days": DUE_SOON_DAYS,
        "compliance_quarter": (year, quarter),
        "compliance_deadline": report_deadline(year, quarter),
        "opds_behind": opds_behind_on_reporting(qs, year, quarter),
    }


def _group_status_health(qs) -> tuple[dict, dict]:
    from initiatives.choices import Health, InitiativeStatus
    from initiatives.selectors import initiative_counts_by

    by_status = initiative_counts_by(qs, "status")
    by_health = initiative_counts_by(qs, "health")
    return ({s: by_status.get(s, 0) for s in InitiativeStatus.values},
            {h: by_health.get(h, 0) for h in Health.values})


def _budget_by_year(qs) -> list[dict]:
    from initiatives.choices import InitiativeStatus
    from initiatives.models import BudgetLine

    return list(
        BudgetLine.objects.filter(initiative__in=qs.exclude(status=InitiativeStatus.CANCELLED).values("pk"))
        .order_by("year").values("year").annotate(budget_planned=Sum("planned"), budget_realized=Sum("realized"))
    )


def dimension_overview(user, code: str, today: dt.date | None = None) -> dict | None:
    """A dimension with its sub-dimensions, findings by kind, KPIs with their series, and its initiatives."""
    from dimensions.choices import FindingKind
    from dimensions.models import Dimension
    from dimensions.selectors import indicator_series, indicators_with_series
    from initiatives.selectors import initiatives_for_user, progress_by

    from .charts import kpi_chart

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
    finding_groups = [{"kind": k, "label": label, "items": findings[k]} for k, label in FindingKind.choices
                      if k in findings]
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
    from core.periods import quarter_label, quarter_start, report_deadline
    from initiatives.selectors import initiatives_for_user, progress_by
    from opd.models import Opd

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
        rows.append({"year": year, "quarter": quarter, "label": quarter_label(year, quarter), "deadline": deadline,
                     "due": deadline < today, **c})
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
        "supported": list(qs.prefetch_related(None).filter(supporting_opds=opd)
                          .order_by("dimension__order", "code")[:PAGE_INITIATIVE_LIMIT]),
        "initiative_limit": PAGE_INITIATIVE_LIMIT,
    }


def roadmap_timeline(user, qs, today: dt.date | None = None) -> dict:
    """The five-year timeline of ``qs`` (already filtered): per dimension, each initiative as a bar across its years
    with its milestones; per year the theme, planned and completed counts (from masterplan_stats)."""
    from django.db.models import Prefetch

    from dimensions.models import Dimension
    from initiatives.models import Milestone

    plan = active_masterplan()
    if plan is None:
        return {"masterplan": None, "years": [], "groups": []}
    today = today or timezone.localdate()
    stats = masterplan_stats(user, today=today, qs=qs)
    themes = {y.year: y for y in masterplan_years(plan)}
    years = [{**row, "theme": themes[row["year"]].theme if row["year"] in themes else "",
              "focus": themes[row["year"]].focus if row["year"] in themes else ""} for row in stats["by_year"]]
    span = len(plan.years)
    items = (qs.prefetch_related(None)
             .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "id")))
             .order_by("dimension__order", "start_year", "code"))
    by_dim = {}
    for initiative in items:
        start = max(initiative.start_year, plan.start_year)
        end = min(initiative.end_year, plan.end_year)
        length = end - start + 1
        marks = []
        for m in initiative.milestones.all():
            frac = m.due_date.year + (m.due_date.timetuple().tm_yday - 1) / 366
            pos = (frac - start) * 100 / length
            if 0 <= pos <= 100:
                marks.append({"milestone": m, "left": round(pos, 2),
                              "done": m.completed_date is not None,
                              "overdue": m.completed_date is None and m.due_date < today})
        by_dim.setdefault(initiative.dimension_id, []).append(
            {"initiative": initiative, "col_start": start - plan.start_year + 2, "col_end": end - plan.start_year + 3,
             "left": (start - plan.start_year) * 100 / span, "width": length * 100 / span, "milestones": marks})
    groups = [{"dimension": d, "rows": by_dim[d.pk]} for d in Dimension.objects.order_by("order", "code")
              if d.pk in by_dim]
    today_left = None
    if plan.contains_year(today.year):
        today_left = round((today.year + (today.timetuple().tm_yday - 1) / 366 - plan.start_year) * 100 / span, 2)
    return {"masterplan": plan, "years": years, "groups": groups, "overall": stats["overall"],
            "count": sum(len(g["rows"]) for g in groups), "today_left": today_left}


def leadership_report(user, year: int, quarter: int, today: dt.date | None = None) -> dict:
    """The quarterly report for the regency's leadership: progress per dimension, completions reported in the
    quarter, late and stale initiatives, budget realisation. Health is as of ``today``; staleness is for the quarter."""
    from core.periods import quarter_end, report_deadline
    from initiatives.choices import Health, InitiativeStatus, ReportState
    from initiatives.models import ProgressReport
    from initiatives.selectors import initiatives_for_user, stale_filter

    today = today or timezone.localdate()
    plan = active_masterplan()
    qs = initiatives_for_user(user, plan, today=today)
    stats = masterplan_stats(user, today=today, qs=qs)
    lean = qs.prefetch_related(None).order_by("dimension__order", "code")
    completions = list(
        ProgressReport.objects.filter(initiative__in=qs.values("pk"), year=year, quarter=quarter,
                                      state=ReportState.APPROVED, status=InitiativeStatus.COMPLETED)
        .select_related("initiative", "initiative__dimension", "initiative__lead_opd")
        .order_by("initiative__dimension__order", "initiative__code")
    )
    stale = list(lean.filter(stale_filter(quarter_end(year, quarter) + dt.timedelta(days=1))))
    year_row = next((row for row in stats["by_year"] if row["year"] == year), None)
    return {
        **stats,
        "year": year,
        "quarter": quarter,
        "today": today,
        "deadline": report_deadline(year, quarter),
        "completions": completions,
        "late": list(lean.filter(health=Health.LATE)),
        "stale": stale,
        "year_row": year_row,
        "opds_behind": opds_behind_on_reporting(qs, year, quarter),
        "compliance_total": _compliance_total(reporting_compliance(qs, [(year, quarter)])),
    }


def _compliance_total(compliance: dict) -> dict:
    expected = sum(c["expected"] for c in compliance.values())
    on_time = sum(c["on_time"] for c in compliance.values())
    return {"expected": expected, "on_time": on_time, "share": round(on_time * 100 / expected, 1) if expected else None}


def public_overview(today: dt.date | None = None) -> dict:
    """What citizens see: the plan, each dimension's progress and status counts, and an initiatives queryset with
    public fields only (no notes, evidence, reports or people)."""
    from initiatives.selectors import annotate_metrics, initiative_base_queryset

    plan = active_masterplan()
    qs = annotate_metrics(initiative_base_queryset(plan).select_related("dimension", "lead_opd"), today=today)
    stats = masterplan_stats(None, today=today, qs=qs)
    themes = {y.year: y.theme for y in masterplan_years(plan)}
    for row in stats["by_year"]:
        row["theme"] = themes.get(row["year"], "")
    return {**stats, "initiatives": qs.order_by("dimension__order", "code")}


def metric_rules() -> dict:
    """The thresholds of the rules, for the pages' "How we compute" panel (the rules live in initiatives.selectors)."""
    from django.conf import settings

    from initiatives.selectors import AT_RISK_GAP, LATE_GAP, LATE_MILESTONE_DAYS, STALE_REPORT_DAYS

    return {"late_gap": LATE_GAP, "at_risk_gap": AT_RISK_GAP, "late_milestone_days": LATE_MILESTONE_DAYS,
            "stale_report_days": STALE_REPORT_DAYS, "deadline_days": settings.REPORT_DEADLINE_DAYS,
            "due_soon_days": DUE_SOON_DAYS}
