"""Pre-fill rules: a maturity level (1–5) suggested from the portal's own data, with the explanation shown next
to the level. One rule per ``PrefillRule`` value; docs/evaluation.md states each band. All rules of a period are
computed together from one ``RuleInputs`` (a fixed number of queries whatever the data size).

The rules read the whole regency (not what one user may see) and the active masterplan. Initiatives are judged by
their current status and progress against where they should be at the end of the evaluated year (the initiatives'
health rule, docs/metrics.md): run the pre-fill at the start of the following year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from dimensions.choices import AchievementBand
from dimensions.models import Dimension
from dimensions.selectors import achievement_band, achievement_percent, indicator_year_value, indicators_with_series
from initiatives.choices import Health, Horizon, InitiativeStatus
from initiatives.models import BudgetLine, Initiative
from initiatives.selectors import annotate_metrics, initiative_base_queryset
from masterplans.selectors import active_masterplan

from .choices import PrefillRule
from .models import Document
from .scoring import compute_scores
from .snapshot import period_framework, period_levels, previous_period

BAND_LEVEL = {
    AchievementBand.SANGAT_KURANG: 1,
    AchievementBand.KURANG: 2,
    AchievementBand.CUKUP: 3,
    AchievementBand.BAIK: 4,
    AchievementBand.SANGAT_BAIK: 5,
}


@dataclass
class RuleResult:
    level: int | None
    note: str


@dataclass
class RuleInputs:
    """The numbers every rule reads, gathered once for a year."""

    year: int
    active: int = 0  # initiatives running in the year, not cancelled
    on_track_or_completed: int = 0
    budget_planned: int = 0
    budget_realized: int = 0
    kpi_bands: list = field(default_factory=list)
    quick_wins: int = 0
    quick_wins_completed: int = 0
    dimensions: int = 0
    dimensions_with_budget: int = 0
    documents: int = 0
    index: Decimal | None = None
    previous_year: int | None = None
    previous_index: Decimal | None = None


def index_without_baseline(period, framework: dict | None = None, levels: dict | None = None) -> Decimal:
    """A period's index with the items of the Baseline rule left out, so the rule never compares with itself."""
    framework = framework or period_framework(period)
    levels = dict(levels if levels is not None else period_levels(period))
    for component in framework["components"]:
        for item in component["items"]:
            if item.get("rule") == PrefillRule.BASELINE_CHANGE:
                levels[item["code"]] = None
    return compute_scores(framework, period.weights, levels)["index"]


def gather(
    period, *, today: dt.date | None = None, framework: dict | None = None, levels: dict | None = None
) -> RuleInputs:
    """Read the portal's data for the period's year (one pass, a fixed number of queries)."""
    today = today or timezone.localdate()
    year = period.year
    as_of = min(dt.date(year, 12, 31), today)
    plan = active_masterplan()
    inputs = RuleInputs(year=year, index=index_without_baseline(period, framework, levels))
    base = initiative_base_queryset(plan).exclude(status=InitiativeStatus.CANCELLED)
    running = annotate_metrics(base.filter(start_year__lte=year, end_year__gte=year), today=as_of)
    for health, status in running.values_list("health", "status"):
        inputs.active += 1
        if health == Health.ON_TRACK or status == InitiativeStatus.COMPLETED:
            inputs.on_track_or_completed += 1
    lines = BudgetLine.objects.filter(initiative__in=base.values("pk"), year=year)
    totals = lines.aggregate(planned=Sum("planned"), realized=Sum("realized"))
    inputs.budget_planned, inputs.budget_realized = totals["planned"] or 0, totals["realized"] or 0
    inputs.dimensions = Dimension.objects.count()
    inputs.dimensions_with_budget = lines.filter(planned__gt=0).values("initiative__dimension_id").distinct().count()
    for indicator in indicators_with_series().filter(targets__year=year).distinct():
        target = next((t.value for t in indicator.targets.all() if t.year == year), None)
        band = achievement_band(achievement_percent(indicator.direction, target, indicator_year_value(indicator, year)))
        if band:
            inputs.kpi_bands.append(band)
    qw = Initiative.objects.filter(pk__in=base.values("pk"), horizon=Horizon.QUICK_WIN, start_year__lte=year)
    counts = qw.aggregate(total=Count("pk"), done=Count("pk", filter=Q(status=InitiativeStatus.COMPLETED)))
    inputs.quick_wins, inputs.quick_wins_completed = counts["total"], counts["done"]
    inputs.documents = Document.objects.filter(Q(year__lte=year) | Q(year__isnull=True)).count()
    previous = previous_period(year)
    if previous is not None:
        inputs.previous_year, inputs.previous_index = previous.year, index_without_baseline(previous)
    return inputs


def _share_level(share: Decimal) -> int:
    """< 20% → 1, < 40% → 2, < 60% → 3, < 80% → 4, else 5."""
    for level, bound in ((1, 20), (2, 40), (3, 60), (4, 80)):
        if share < bound:
            return level
    return 5


def _pct(part, whole) -> Decimal:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def outcome_on_track(i: RuleInputs) -> RuleResult:
    if not i.active:
        return RuleResult(None, _("No initiative runs in %(year)s.") % {"year": i.year})
    share = _pct(i.on_track_or_completed, i.active)
    return RuleResult(
        _share_level(share),
        _("%(n)s of %(total)s initiatives running in %(year)s are on track or completed (%(share)s%%).")
        % {"n": i.on_track_or_completed, "total": i.active, "year": i.year, "share": share},
    )


def outcome_budget(i: RuleInputs) -> RuleResult:
    if not i.budget_planned:
        return RuleResult(None, _("No budget is planned for %(year)s.") % {"year": i.year})
    share = _pct(i.budget_realized, i.budget_planned)
    return RuleResult(
        BAND_LEVEL[achievement_band(share)],
        _("Budget realisation %(year)s: %(share)s%% of the ceiling (achievement band %(band)s).")
        % {"year": i.year, "share": share, "band": AchievementBand(achievement_band(share)).label},
    )


def outcome_kpi(i: RuleInputs) -> RuleResult:
    if not i.kpi_bands:
        return RuleResult(None, _("No KPI has both a target and a realisation for %(year)s.") % {"year": i.year})
    mean = Decimal(sum(BAND_LEVEL[b] for b in i.kpi_bands)) / len(i.kpi_bands)
    level = int(mean.quantize(Decimal(1), rounding="ROUND_HALF_UP"))
    return RuleResult(
        level,
        _("Mean achievement band of %(n)s KPIs in %(year)s: %(mean)s on the 1–5 scale (Very poor = 1 … Very good = 5).")
        % {"n": len(i.kpi_bands), "year": i.year, "mean": mean.quantize(Decimal("0.01"))},
    )


def quick_win(i: RuleInputs) -> RuleResult:
    if not i.quick_wins:
        return RuleResult(None, _("No quick-win initiative has started by %(year)s.") % {"year": i.year})
    share = _pct(i.quick_wins_completed, i.quick_wins)
    return RuleResult(
        BAND_LEVEL[achievement_band(share)],
        _("%(n)s of %(total)s quick-win initiatives completed (%(share)s%%).")
        % {"n": i.quick_wins_completed, "total": i.quick_wins, "share": share},
    )


def output_budget(i: RuleInputs) -> RuleResult:
    if not i.dimensions:
        return RuleResult(None, _("The masterplan has no dimensions."))
    share = _pct(i.dimensions_with_budget, i.dimensions)
    level = 5 if i.dimensions_with_budget == i.dimensions else min(_share_level(share), 4)
    return RuleResult(
        level,
        _("%(n)s of %(total)s dimensions have a budget ceiling in %(year)s.")
        % {"n": i.dimensions_with_budget, "total": i.dimensions, "year": i.year},
    )


def output_documents(i: RuleInputs) -> RuleResult:
    n = i.documents
    level = 1 if n == 0 else 2 if n == 1 else 3 if n == 2 else 4 if n <= 4 else 5
    return RuleResult(level, _("%(n)s evaluation documents on file up to %(year)s.") % {"n": n, "year": i.year})


def baseline_change(i: RuleInputs) -> RuleResult:
    if i.previous_index is None:
        return RuleResult(None, _("There is no previous evaluation period to compare with."))
    if i.index is None:
        return RuleResult(None, _("This period has no index yet."))
    delta = i.index - i.previous_index
    if delta < Decimal("-0.25"):
        level = 1
    elif delta < 0:
        level = 2
    elif delta < Decimal("0.25"):
        level = 3
    elif delta < Decimal("0.5"):
        level = 4
    else:
        level = 5
    return RuleResult(
        level,
        _("Index %(year)s without Baseline: %(index)s against %(prev)s in %(prev_year)s, a change of %(delta)s.")
        % {
            "year": i.year,
            "index": i.index,
            "prev": i.previous_index,
            "prev_year": i.previous_year,
            "delta": f"{delta:+.2f}",
        },
    )


RULES = {
    PrefillRule.OUTCOME_ON_TRACK: outcome_on_track,
    PrefillRule.OUTCOME_BUDGET: outcome_budget,
    PrefillRule.OUTCOME_KPI: outcome_kpi,
    PrefillRule.QUICK_WIN: quick_win,
    PrefillRule.OUTPUT_BUDGET: output_budget,
    PrefillRule.OUTPUT_DOCUMENTS: output_documents,
    PrefillRule.BASELINE_CHANGE: baseline_change,
}


def evaluate(rule: str, inputs: RuleInputs) -> RuleResult | None:
    fn = RULES.get(rule)
    return fn(inputs) if fn else None
