"""The datasets the open data feed publishes, one builder per kind: an indicator's series, a dimension's initiatives
per year, the masterplan's roadmap. Each reads only approved, public figures (see opendata.selectors)."""

from __future__ import annotations

from django.db.models import Max, Min, Sum
from django.utils.text import slugify
from django.utils.translation import gettext as _

from dimensions.models import SATU_DATA_FIELDS, Dimension
from dimensions.selectors import indicator_series, indicators_with_series
from initiatives.models import BudgetLine, Initiative

from .licences import licence
from .records import (
    COMMON_TAG,
    KIND_INDICATOR,
    KIND_INITIATIVES,
    KIND_ROADMAP,
    Dataset,
    _latest,
    _unique_name,
    number,
    stable_id,
)

INDICATOR_COLUMNS = [
    "indicator_code",
    "indicator_name",
    "unit",
    "year",
    "baseline",
    "baseline_year",
    "target",
    "realisation",
    "achievement_percent",
    "achievement_band",
]


def _indicator_datasets(plan, organisations, groups, taken, created, modified, default_licence) -> list[Dataset]:
    result = []
    for ind in indicators_with_series().order_by("dimension__order", "code"):  # 3 queries
        series = indicator_series(ind)
        rows = [
            [
                ind.code,
                ind.name,
                ind.unit,
                row["year"],
                number(ind.baseline),
                ind.baseline_year,
                number(row["target"]),
                number(row["realised"]),
                number(row["achievement"]),
                row["band"] or "",
            ]
            for row in series
        ]
        measured = _latest(*(m.recorded_at for m in ind.measurements.all()))
        years = [r["year"] for r in series]
        latest = next((r for r in reversed(series) if r["band"]), None)
        extras = {
            "indicator_code": ind.code,
            "unit": ind.unit,
            "direction": ind.direction,
            "baseline": "" if ind.baseline is None else str(number(ind.baseline)),
            "baseline_year": "" if ind.baseline_year is None else str(ind.baseline_year),
            "latest_achievement_band": latest["band"] if latest else "",
            "latest_achievement_year": str(latest["year"]) if latest else "",
        }
        extras.update({name: getattr(ind, name) for name in SATU_DATA_FIELDS})
        extras["licence"] = ind.licence or default_licence["spdx"]
        tags = [COMMON_TAG, "indikator-kinerja", slugify(ind.dimension.code)]
        if ind.frequency:
            tags.append(ind.frequency)
        if ind.sub_dimension_id:
            tags.append(slugify(ind.sub_dimension.code))
        result.append(
            Dataset(
                id=stable_id("dataset", KIND_INDICATOR, ind.pk),
                name=_unique_name(f"indikator-{ind.code}", taken),
                kind=KIND_INDICATOR,
                title=_("Indicator %(code)s: %(name)s") % {"code": ind.code, "name": ind.name},
                notes=ind.definition or ind.description or ind.name,
                organisation=organisations.get(ind.opd_id),
                groups=[groups[ind.dimension_id]],
                tags=sorted(set(tags)),
                extras=extras,
                created=created,
                modified=_latest(measured, created) or modified,
                temporal=(min(years), max(years)) if years else (plan.start_year, plan.end_year) if plan else None,
                columns=INDICATOR_COLUMNS,
                rows=rows,
                licence=licence(ind.licence) if ind.licence else default_licence,
            )
        )
    return result


INITIATIVE_COLUMNS = [
    "initiative_code",
    "title",
    "dimension",
    "lead_agency_code",
    "lead_agency",
    "horizon",
    "start_year",
    "end_year",
    "status",
    "progress_percent",
    "year",
    "budget_planned",
    "budget_realized",
]


def _initiative_datasets(
    plan, overview, organisations, groups, office, taken, created, modified, default_licence
) -> list[Dataset]:
    if plan is None:
        return []
    qs = overview["initiatives"].order_by("dimension__order", "code")
    budgets = {
        (r["initiative_id"], r["year"]): r
        for r in BudgetLine.objects.filter(initiative__masterplan=plan)
        .order_by()
        .values("initiative_id", "year")
        .annotate(planned=Sum("planned"), realized=Sum("realized"))
    }
    changed = {
        r["dimension_id"]: r
        for r in Initiative.objects.filter(masterplan=plan)
        .order_by()
        .values("dimension_id")
        .annotate(modified=Max("updated_at"), created=Min("created_at"))
    }
    budget_changed = {
        r["initiative__dimension_id"]: r["modified"]
        for r in BudgetLine.objects.filter(initiative__masterplan=plan)
        .order_by()
        .values("initiative__dimension_id")
        .annotate(modified=Max("updated_at"))
    }
    rows_by_dim: dict = {}
    horizons: dict = {}
    for ini in qs:
        horizons.setdefault(ini.dimension_id, set()).add(ini.horizon)
        lead = organisations.get(ini.lead_opd_id)
        for year in range(max(ini.start_year, plan.start_year), min(ini.end_year, plan.end_year) + 1):
            budget = budgets.get((ini.pk, year), {})
            rows_by_dim.setdefault(ini.dimension_id, []).append(
                [
                    ini.code,
                    ini.title,
                    ini.dimension.code,
                    lead.code if lead else "",
                    lead.title if lead else "",
                    ini.horizon,
                    ini.start_year,
                    ini.end_year,
                    ini.status,
                    ini.progress,
                    year,
                    budget.get("planned") or 0,
                    budget.get("realized") or 0,
                ]
            )
    stats = {d["code"]: d for d in overview["by_dimension"]}
    result = []
    for dim in Dimension.objects.order_by("order", "code"):
        group = groups[dim.pk]
        figures = stats.get(dim.code, {})
        extras = {
            "dimension_code": dim.code,
            "initiative_count": str(figures.get("count", 0)),
            "progress_percent": "" if figures.get("progress") is None else str(figures["progress"]),
            "budget_planned": str(figures.get("budget_planned", 0)),
            "budget_realized": str(figures.get("budget_realized", 0)),
            "currency": "IDR",
            "masterplan": plan.title,
        }
        extras.update({f"status_{k}": str(v) for k, v in figures.get("by_status", {}).items()})
        dim_changed = changed.get(dim.pk, {})
        result.append(
            Dataset(
                id=stable_id("dataset", KIND_INITIATIVES, dim.pk),
                name=_unique_name(f"inisiatif-{dim.code}", taken),
                kind=KIND_INITIATIVES,
                title=_("Initiatives of %(dimension)s: status, progress and budget per year")
                % {"dimension": group.title},
                notes=_(
                    "The initiatives of the dimension %(dimension)s in the masterplan %(plan)s, one row per "
                    "initiative and year: status, progress (%%), planned budget (pagu) and realised budget "
                    "(realisasi) in Rupiah."
                )
                % {"dimension": group.title, "plan": plan.title},
                organisation=office,
                groups=[group],
                tags=sorted(
                    {
                        COMMON_TAG,
                        "inisiatif",
                        slugify(dim.code),
                        *(h.replace("_", "-") for h in horizons.get(dim.pk, ())),
                    }
                ),
                extras=extras,
                created=dim_changed.get("created") or created,
                modified=_latest(dim_changed.get("modified"), budget_changed.get(dim.pk), created) or modified,
                temporal=(plan.start_year, plan.end_year),
                columns=INITIATIVE_COLUMNS,
                rows=rows_by_dim.get(dim.pk, []),
                licence=default_licence,
            )
        )
    return result


ROADMAP_COLUMNS = [
    "year",
    "theme",
    "focus",
    "active_initiatives",
    "planned_to_finish",
    "completed",
    "progress_percent",
    "budget_planned",
    "budget_realized",
]


def _roadmap_dataset(plan, overview, office, groups, taken, created, modified, default_licence) -> Dataset:
    focus = {y.year: y.focus for y in plan.roadmap_years.all()}
    rows = [
        [
            r["year"],
            r.get("theme", ""),
            focus.get(r["year"], ""),
            r["active"],
            r["planned_to_finish"],
            r["completed"],
            r["progress"],
            r["budget_planned"],
            r["budget_realized"],
        ]
        for r in overview["by_year"]
    ]
    overall = overview["overall"]
    extras = {
        "masterplan_title": plan.title,
        "period": f"{plan.start_year}-{plan.end_year}",
        "vision": plan.vision,
        "status": plan.status,
        "progress_percent": "" if overall["progress"] is None else str(overall["progress"]),
        "initiative_count": str(sum(overview["by_status"].values())),
        "budget_planned": str(overall["budget_planned"]),
        "budget_realized": str(overall["budget_realized"]),
        "currency": "IDR",
    }
    return Dataset(
        id=stable_id("dataset", KIND_ROADMAP, plan.pk),
        name=_unique_name(f"masterplan-{plan.start_year}-{plan.end_year}-roadmap", taken),
        kind=KIND_ROADMAP,
        title=_("%(title)s: roadmap per year") % {"title": plan.title},
        notes=plan.description or plan.vision or plan.title,
        organisation=office,
        groups=list(groups.values()),
        tags=[COMMON_TAG, "masterplan", "roadmap"],
        extras=extras,
        created=created,
        modified=modified,
        temporal=(plan.start_year, plan.end_year),
        columns=ROADMAP_COLUMNS,
        rows=rows,
        licence=default_licence,
    )
