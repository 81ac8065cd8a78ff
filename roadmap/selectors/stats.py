"""The masterplan's numbers, computed once in a fixed number of grouped queries: progress and counts overall, by
dimension, status, health, agency and year (the dashboard's and the API's), and reporting compliance per agency and
quarter."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, Sum
from django.utils import timezone

from core.periods import (
    report_deadline,
)
from dimensions.models import Dimension
from initiatives.choices import Health, InitiativeStatus
from initiatives.metrics import (
    combine_rollup,
    count_rows,
    group_rows,
    rollup_query,
)
from initiatives.models import BudgetLine, ProgressReport
from initiatives.selectors import initiatives_for_user
from initiatives.snapshots import cached_rows
from masterplans.selectors import active_masterplan, masterplan_years
from opd.models import Opd


def _rollup_dict(rollup) -> dict:
    if rollup is None:
        return {"progress": None, "count": 0, "budget_planned": 0, "budget_realized": 0}
    return {
        "progress": None if rollup.progress is None else round(rollup.progress, 1),
        "count": rollup.count,
        "budget_planned": rollup.budget_planned,
        "budget_realized": rollup.budget_realized,
    }


def masterplan_stats(user, today: dt.date | None = None, qs=None, *, with_opds: bool = True) -> dict:
    """Progress and counts overall, by dimension, status, agency and year: the dashboard's and the API's numbers.

    ``qs`` narrows the initiatives (filters); by default all the user may see in the active masterplan.
    ``with_opds=False`` leaves ``by_opd`` empty (pages that do not show it save a query).

    Four queries whatever the number of initiatives: one scan grouped by dimension, status, health and years
    (everything but the agencies and the yearly budget), one grouped by agency and status, one over the budget lines,
    and the dimensions. The roll-ups are combined in Python from those few hundred rows with the rules of
    initiatives.metrics (same sums, same numbers as progress_by).
    """

    plan = active_masterplan()
    if qs is None:
        qs = initiatives_for_user(user, plan, today=today)
    return _stats_and_cube(plan, qs, with_opds=with_opds)[0]


def _stats_and_cube(plan, qs, *, with_opds: bool) -> tuple[dict, list[dict]]:
    budget_q = (
        BudgetLine.objects.filter(initiative__in=qs.exclude(status=InitiativeStatus.CANCELLED).values("pk"))
        .order_by()
        .values("year")
        .annotate(planned=Sum("planned"), realized=Sum("realized"))
    )
    cube, opd_list, budget_rows = cached_rows(
        rollup_query(qs, ("dimension_id", "health", "start_year", "end_year")),
        rollup_query(qs, ("lead_opd_id",)) if with_opds else BudgetLine.objects.none(),
        budget_q if plan is not None else BudgetLine.objects.none(),
    )
    by_dim_rows = group_rows(cube, "dimension_id")
    dimensions = []
    for d in Dimension.objects.order_by("order", "code"):
        rows = by_dim_rows.get(d.pk, [])
        status_counts, health_counts = count_rows(rows, "status"), count_rows(rows, "health")
        item = {"code": d.code, "name": d.display_name, "colour": d.colour, **_rollup_dict(combine_rollup(rows, d.pk))}
        item["count"] = sum(status_counts.values())
        item["by_status"] = {s: status_counts.get(s, 0) for s in InitiativeStatus.values}
        item["by_health"] = {h: health_counts.get(h, 0) for h in Health.values}
        dimensions.append(item)
    by_status, by_health = count_rows(cube, "status"), count_rows(cube, "health")
    opds = []
    if with_opds:
        opd_rows = group_rows(opd_list, "lead_opd_id")
        for o in Opd.objects.filter(pk__in=list(opd_rows)).order_by("abbreviation"):
            item = {
                "code": o.code,
                "abbreviation": o.abbreviation,
                "name": o.name,
                **_rollup_dict(combine_rollup(opd_rows[o.pk], o.pk)),
            }
            item["count"] = sum(r["n"] for r in opd_rows[o.pk])
            opds.append(item)
    years = []
    if plan is not None:
        budget_by_year = {row["year"]: row for row in budget_rows}
        live = [r for r in cube if r["status"] != InitiativeStatus.CANCELLED]
        for year in plan.years:
            rollup = combine_rollup([r for r in live if r["start_year"] <= year <= r["end_year"]])
            finishing = [r for r in live if r["end_year"] == year]
            years.append(
                {
                    "year": year,
                    "progress": _rollup_dict(rollup)["progress"],
                    "active": rollup.count if rollup else 0,
                    "planned_to_finish": sum(r["n"] for r in finishing),
                    "completed": sum(r["n"] for r in finishing if r["status"] == InitiativeStatus.COMPLETED),
                    "budget_planned": (budget_by_year.get(year) or {}).get("planned") or 0,
                    "budget_realized": (budget_by_year.get(year) or {}).get("realized") or 0,
                }
            )
    return {
        "masterplan": plan,
        "overall": _rollup_dict(combine_rollup(cube)),
        "by_dimension": dimensions,
        "by_status": {s: by_status.get(s, 0) for s in InitiativeStatus.values},
        "by_health": {h: by_health.get(h, 0) for h in Health.values},
        "by_opd": opds,
        "by_year": years,
    }, cube


def roadmap_overview(user, today: dt.date | None = None) -> dict:
    """The active masterplan's period, vision, each year's theme and numbers, and each dimension's progress per
    year (progress of the initiatives active in that year), from masterplan_stats' grouped rows (no extra scan)."""

    plan = active_masterplan()
    if plan is None:
        return {"masterplan": None, "years": [], "dimensions": []}
    qs = initiatives_for_user(user, plan, today=today)
    stats, cube = _stats_and_cube(plan, qs, with_opds=False)
    themes = {y.year: y for y in masterplan_years(plan)}
    years = []
    for row in stats["by_year"]:
        theme = themes.get(row["year"])
        years.append({**row, "theme": theme.theme if theme else "", "focus": theme.focus if theme else ""})
    by_dim_rows = group_rows(cube, "dimension_id")
    dimensions = []
    for d in Dimension.objects.order_by("order", "code"):
        rows = by_dim_rows.get(d.pk, [])
        progress_by_year = {}
        for year in plan.years:
            rollup = combine_rollup([r for r in rows if r["start_year"] <= year <= r["end_year"]])
            progress_by_year[year] = None if rollup is None or rollup.progress is None else round(rollup.progress, 1)
        dimensions.append(
            {"code": d.code, "name": d.display_name, "colour": d.colour, "progress_by_year": progress_by_year}
        )
    return {"masterplan": plan, "years": years, "dimensions": dimensions}


def _deadline_cutoff(year: int, quarter: int) -> dt.datetime:
    """The first moment after the deadline day, in the portal's time zone."""
    day = report_deadline(year, quarter) + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def reporting_compliance(qs, quarters, field: str = "lead_opd_id") -> dict:
    """Reporting compliance per value of ``field`` and quarter, in two grouped queries.

    Returns {(key, year, quarter): {"expected", "on_time", "share"}}: ``expected`` counts the initiatives of ``qs``
    active in that year and not cancelled; ``on_time`` those of them with a report for the quarter submitted by the
    quarter's deadline (core.periods.report_deadline); ``share`` is on_time / expected in percent (None when nothing
    was expected).
    """

    quarters = list(quarters)
    if not quarters:
        return {}
    live = qs.exclude(status=InitiativeStatus.CANCELLED)
    years = sorted({year for year, _ in quarters})
    expected = {}
    expected_q = (
        live.order_by()
        .values(field)
        .annotate(**{f"y{year}": Count("pk", filter=Q(start_year__lte=year, end_year__gte=year)) for year in years})
    )
    on_time_q = Q()
    for year, quarter in quarters:
        on_time_q |= Q(year=year, quarter=quarter, submitted_at__lt=_deadline_cutoff(year, quarter))
    on_time_rows = (
        ProgressReport.objects.filter(on_time_q, submitted_at__isnull=False, initiative__in=live.values("pk"))
        .order_by()
        .values(f"initiative__{field}", "year", "quarter")
        .annotate(n=Count("initiative", distinct=True))
    )
    expected_rows, on_time_rows = cached_rows(expected_q, on_time_rows)
    for row in expected_rows:
        for year in years:
            expected[(row[field], year)] = row[f"y{year}"]
    on_time = {(row[f"initiative__{field}"], row["year"], row["quarter"]): row["n"] for row in on_time_rows}
    result = {}
    keys = {key for key, _ in expected}
    for key in keys:
        for year, quarter in quarters:
            n = expected.get((key, year), 0)
            done = min(on_time.get((key, year, quarter), 0), n)
            result[(key, year, quarter)] = {
                "expected": n,
                "on_time": done,
                "share": round(done * 100 / n, 1) if n else None,
            }
    return result


def opds_behind_on_reporting(qs, year: int, quarter: int, compliance: dict | None = None) -> list[dict]:
    """Agencies leading initiatives that lack an on-time report for the quarter, least compliant first
    (``compliance``: reporting_compliance(qs, [(year, quarter)]) when the caller has it already)."""
    if compliance is None:
        compliance = reporting_compliance(qs, [(year, quarter)])
    behind = {key: c for (key, _y, _q), c in compliance.items() if c["expected"] and c["on_time"] < c["expected"]}
    opds = {o.pk: o for o in Opd.objects.filter(pk__in=list(behind))}
    rows = [
        {"opd": opds[key], "missing": c["expected"] - c["on_time"], **c} for key, c in behind.items() if key in opds
    ]
    return sorted(rows, key=lambda r: (r["share"], -r["missing"], r["opd"].abbreviation))
