"""The data of the masterplan document (PDF) from the live portal: vision, years and themes, per dimension its
findings (existing condition, problems, uniqueness, potential), KPIs with targets and realisation, initiatives with
budgets, and the roadmap. A fixed number of queries whatever the size of the plan."""

from __future__ import annotations

from django.db.models import Prefetch

from dimensions.choices import FindingKind
from dimensions.models import ConditionFinding, Dimension
from dimensions.selectors import indicator_series, indicators_with_series
from initiatives.selectors import initiatives_for_user
from masterplans.selectors import active_masterplan, masterplan_years
from roadmap.selectors import roadmap_overview


def masterplan_document(user) -> dict | None:
    plan = active_masterplan()
    if plan is None:
        return None
    initiatives = list(initiatives_for_user(user, plan).order_by("dimension__order", "code"))
    by_dim: dict[int, list] = {}
    for i in initiatives:
        by_dim.setdefault(i.dimension_id, []).append(i)
    indicators: dict[int, list] = {}
    for ind in indicators_with_series().order_by("code"):
        indicators.setdefault(ind.dimension_id, []).append({"indicator": ind, "series": indicator_series(ind)})
    dimensions = []
    kinds = list(FindingKind.choices)
    for d in Dimension.objects.order_by("order", "code").prefetch_related(
        Prefetch("findings", queryset=ConditionFinding.objects.order_by("kind", "order"))
    ):
        findings = {value: [] for value, _label in kinds}
        for f in d.findings.all():
            findings.setdefault(f.kind, []).append(f)
        dims_initiatives = by_dim.get(d.pk, [])
        dimensions.append(
            {
                "dimension": d,
                "findings": [{"kind": label, "items": findings.get(value, [])} for value, label in kinds],
                "indicators": indicators.get(d.pk, []),
                "initiatives": dims_initiatives,
                "budget_planned": sum(i.budget_planned for i in dims_initiatives),
                "budget_realized": sum(i.budget_realized for i in dims_initiatives),
            }
        )
    return {
        "plan": plan,
        "years": masterplan_years(plan),
        "dimensions": dimensions,
        "roadmap": roadmap_overview(user),
        "initiative_count": len(initiatives),
    }
