"""The framework as plain data: read live from the tables, or from a final period's frozen snapshot. Scores are
always computed from this shape (scoring.compute_scores), so a final period never changes after a framework edit."""

from __future__ import annotations

from django.db.models import Prefetch

from dimensions.models import Dimension

from .models import Answer, Component, DimensionMapping, EvaluationPeriod, Item, NationalDimension
from .scoring import compute_scores


def live_framework() -> dict:
    """Components with their items, national dimensions, the installation's dimensions and the mapping (5 queries)."""
    components = Component.objects.prefetch_related(
        Prefetch("items", queryset=Item.objects.select_related("national_dimension").order_by("order", "code"))
    )
    mapping: dict[str, list[str]] = {}
    for dim_code, nd_code in DimensionMapping.objects.values_list("dimension__code", "national_dimension__code"):
        mapping.setdefault(dim_code, []).append(nd_code)
    dimensions = [{"code": d.code, "name": d.name} for d in Dimension.objects.order_by("order", "code")]
    return {
        "components": [
            {
                "code": c.code,
                "name": c.name,
                "name_en": c.name_en,
                "weight": str(c.weight),
                "order": c.order,
                "items": [
                    {
                        "code": i.code,
                        "question": i.question,
                        "levels": i.levels,
                        "prefillable": i.prefillable,
                        "rule": i.rule,
                        "national_dimension": i.national_dimension.code if i.national_dimension else None,
                    }
                    for i in c.items.all()
                ],
            }
            for c in components
        ],
        "national_dimensions": [
            {"code": n.code, "name": n.name, "name_en": n.name_en} for n in NationalDimension.objects.all()
        ],
        "dimensions": dimensions,
        "mapping": {d["code"]: mapping.get(d["code"], []) for d in dimensions},
    }


def period_framework(period: EvaluationPeriod, live: dict | None = None) -> dict:
    if period.is_final and period.snapshot:
        return period.snapshot["framework"]
    return live if live is not None else live_framework()


def period_levels(period: EvaluationPeriod) -> dict[str, int | None]:
    if period.is_final and period.snapshot:
        return {code: a["level"] for code, a in period.snapshot["answers"].items()}
    return dict(Answer.objects.filter(period=period).values_list("item__code", "level"))


def period_scores(period: EvaluationPeriod, live: dict | None = None, levels: dict | None = None) -> dict:
    framework = period_framework(period, live)
    return compute_scores(framework, period.weights, levels if levels is not None else period_levels(period))


def previous_period(year: int) -> EvaluationPeriod | None:
    return EvaluationPeriod.objects.filter(year__lt=year).order_by("-year").first()
