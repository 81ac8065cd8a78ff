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
    initiative_counts_by,
    progress_by,
)
from initiatives.models import BudgetLine, ProgressReport
from initiatives.selectors import initiatives_for_user
from masterplans.selectors import active_masterplan, masterplan_years
from opd.models import Opd


def _rollup_dict(rollup) -> dict:
    if rollup is None:
        return {"progress": None, "count": 0, "budget_planned": 0, "budget_realized": 0}
    return {"progress": None if rollup.progress is None else round(rollup.progress, 1), "count": rollup.count,
            "budget_planned": rollup.budget_planned, "budget_realized": rollup.budget_realized}


def masterplan_stats(user, today: dt.date | None = None, qs=None) -> dict:
    """Progress and counts overall, by dimension, status, agency and year: the dashboard's and the API's numbers.

    ``qs`` narrows the initiatives (filters); by default all the user may see in the active masterplan.
    """

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
    compliance = reporting_compliance(qs, [(year, quarter)])
    behind = {key: c for (key, _y, _q), c in compliance.items() if c["expected"] and c["on_time"] < c["expected"]}
    opds = {o.pk: o for o in Opd.objects.filter(pk__in=list(behind))}
    rows = [{"opd": opds[key], "missing": c["expected"] - c["on_time"], **c} for key, c in behind.items()
            if key in opds]
    return sorted(rows, key=lambda r: (r["share"], -r["missing"], r["opd"].abbreviation))
