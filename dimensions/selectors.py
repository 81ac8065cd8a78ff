"""Reads about dimensions and indicators, including KPI achievement (SAKIP bands)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from .choices import AchievementBand, Direction
from .models import ConditionFinding, Dimension, Indicator, IndicatorTarget, Measurement


def dimensions() -> QuerySet[Dimension]:
    return Dimension.objects.order_by("order", "code")


def achievement_percent(direction: str, target, realised) -> Decimal | None:
    """Realisation against target, in percent, respecting the indicator's direction.

    Higher is better: realised / target × 100. Lower is better: target / realised × 100 (a realised value at or
    below target scores 100 or more). None when either value is missing or the division is undefined.
    """
    if target is None or realised is None:
        return None
    target, realised = Decimal(str(target)), Decimal(str(realised))
    if direction == Direction.DOWN:
        if realised == 0:
            return Decimal(100) if target >= 0 else None
        return (target / realised * 100).quantize(Decimal("0.1"))
    if target == 0:
        return Decimal(100) if realised >= 0 else None
    return (realised / target * 100).quantize(Decimal("0.1"))


def achievement_band(percent) -> str | None:
    """91–100+ Sangat Baik, 76–90 Baik, 66–75 Cukup, 51–65 Kurang, ≤50 Sangat Kurang (DOMAIN.md, SAKIP)."""
    if percent is None:
        return None
    p = Decimal(str(percent))
    if p > 90:
        return AchievementBand.SANGAT_BAIK
    if p > 75:
        return AchievementBand.BAIK
    if p > 65:
        return AchievementBand.CUKUP
    if p > 50:
        return AchievementBand.KURANG
    return AchievementBand.SANGAT_KURANG


def indicators_with_series() -> QuerySet[Indicator]:
    """Indicators with their targets and measurements prefetched (two extra queries, whatever the count)."""
    return Indicator.objects.select_related("dimension", "sub_dimension", "opd").prefetch_related(
        Prefetch("targets", queryset=IndicatorTarget.objects.order_by("year")),
        Prefetch("measurements", queryset=Measurement.objects.order_by("year", "quarter")),
    )


def indicator_year_value(indicator: Indicator, year: int):
    """The realised value for a year: the annual measurement, else the latest quarter's of that year."""
    annual = None
    latest_quarter = None
    for m in indicator.measurements.all():  # prefetched
        if m.year != year:
            continue
        if m.quarter is None:
            annual = m
        elif latest_quarter is None or m.quarter > latest_quarter.quarter:
            latest_quarter = m
    chosen = annual or latest_quarter
    return chosen.value if chosen else None


def indicator_series(indicator: Indicator) -> list[dict]:
    """One row per target year: target, realised value, achievement percent and band."""
    rows = []
    for target in indicator.targets.all():  # prefetched
        realised = indicator_year_value(indicator, target.year)
        pct = achievement_percent(indicator.direction, target.value, realised)
        rows.append(
            {
                "year": target.year,
                "target": target.value,
                "realised": realised,
                "achievement": pct,
                "band": achievement_band(pct),
            }
        )
    return rows


def latest_measurement(indicator: Indicator) -> Measurement | None:
    items = list(indicator.measurements.all())
    if not items:
        return None
    return max(items, key=lambda m: (m.year, m.quarter or 5))


def finding_history(dimension, limit: int = 10) -> list[dict]:
    """The latest saved versions of the dimension's findings (deleted ones included), newest first: who, when,
    what (one query)."""
    return [
        {
            "date": h.history_date,
            "user": h.history_user,
            "type": h.history_type,
            "what": f"{h.get_kind_display()}: {h.text}",
            "version": h.version,
        }
        for h in ConditionFinding.history.filter(dimension_id=dimension.pk)
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    ]
