"""Reads of the revisions app: the masterplan as it stands now (``snapshot``), its baselines, and what changed
between two snapshots (``compare``): targets, pagu per year, initiatives added, dropped or moved, and each year's
realisation against a baseline's pagu (the dashboard block). Fixed query counts whatever the size of the plan."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from dimensions.models import IndicatorTarget
from initiatives.models import BudgetLine, Initiative

from .models import Baseline

SNAPSHOT_VERSION = 1


def _number(value) -> str:
    value = Decimal(value).normalize()
    return format(value, "f")


def snapshot(plan) -> dict:
    """The masterplan as it stands: {"masterplan", "pagu": {year: Rp}, "initiatives": {code: {...}},
    "targets": {indicator code: {"name", "unit", "targets": {year: "value"}}}} (years as strings: JSON keys)."""
    years = plan.years
    budget = defaultdict(dict)
    for row in (
        BudgetLine.objects.filter(initiative__masterplan=plan)
        .values("initiative_id", "year")
        .annotate(planned=Sum("planned"))
        .order_by()
    ):
        budget[row["initiative_id"]][str(row["year"])] = int(row["planned"] or 0)
    initiatives = {}
    pagu = {str(y): 0 for y in years}
    for i in Initiative.objects.filter(masterplan=plan).select_related("dimension", "lead_opd").order_by("code"):
        lines = budget.get(i.pk, {})
        for year, amount in lines.items():
            pagu[year] = pagu.get(year, 0) + amount
        initiatives[i.code] = {
            "title": i.title,
            "dimension": i.dimension.code,
            "opd": i.lead_opd.code,
            "start_year": i.start_year,
            "end_year": i.end_year,
            "status": i.status,
            "budget": lines,
        }
    targets = {}
    for t in (
        IndicatorTarget.objects.filter(year__in=years).select_related("indicator").order_by("indicator__code", "year")
    ):
        entry = targets.setdefault(
            t.indicator.code, {"name": t.indicator.name, "unit": t.indicator.unit, "targets": {}}
        )
        entry["targets"][str(t.year)] = _number(t.value)
    return {
        "version": SNAPSHOT_VERSION,
        "masterplan": {"id": plan.pk, "title": plan.title, "start_year": plan.start_year, "end_year": plan.end_year},
        "pagu": pagu,
        "initiatives": initiatives,
        "targets": targets,
    }


def baselines(plan):
    if plan is None:
        return Baseline.objects.none()
    return Baseline.objects.filter(masterplan=plan).select_related("created_by").order_by("created_at", "id")


def compare(before: dict, after: dict) -> dict:
    """What changed from ``before`` to ``after`` (two snapshots)."""
    years = sorted(set(before["pagu"]) | set(after["pagu"]), key=int)
    pagu = [
        {
            "year": int(y),
            "before": before["pagu"].get(y, 0),
            "after": after["pagu"].get(y, 0),
            "change": after["pagu"].get(y, 0) - before["pagu"].get(y, 0),
        }
        for y in years
    ]
    a, b = before["initiatives"], after["initiatives"]
    added = [{"code": c, **b[c]} for c in sorted(set(b) - set(a))]
    dropped = [{"code": c, **a[c]} for c in sorted(set(a) - set(b))]
    moved, budget_changed = [], []
    for code in sorted(set(a) & set(b)):
        old, new = a[code], b[code]
        if (old["start_year"], old["end_year"]) != (new["start_year"], new["end_year"]):
            moved.append(
                {
                    "code": code,
                    "title": new["title"],
                    "before": f"{old['start_year']}–{old['end_year']}",
                    "after": f"{new['start_year']}–{new['end_year']}",
                }
            )
        if old["budget"] != new["budget"]:
            before_total, after_total = sum(old["budget"].values()), sum(new["budget"].values())
            budget_changed.append(
                {
                    "code": code,
                    "title": new["title"],
                    "before": before_total,
                    "after": after_total,
                    "change": after_total - before_total,
                }
            )
    targets = []
    ta, tb = before["targets"], after["targets"]
    for code in sorted(set(ta) | set(tb)):
        old = ta.get(code, {}).get("targets", {})
        new = tb.get(code, {}).get("targets", {})
        name = (tb.get(code) or ta.get(code))["name"]
        for year in sorted(set(old) | set(new), key=int):
            if old.get(year) != new.get(year):
                targets.append(
                    {"code": code, "name": name, "year": int(year), "before": old.get(year), "after": new.get(year)}
                )
    return {
        "pagu": pagu,
        "pagu_before": sum(r["before"] for r in pagu),
        "pagu_after": sum(r["after"] for r in pagu),
        "added": added,
        "dropped": dropped,
        "moved": moved,
        "budget_changed": budget_changed,
        "targets": targets,
        "unchanged": not (added or dropped or moved or budget_changed or targets or any(r["change"] for r in pagu)),
    }


def resolve(plan, key):
    """(label, snapshot) for a baseline id, or for "today" (the masterplan as it stands); None when unknown."""
    if key in (None, "", "today"):
        return _("Today"), snapshot(plan)
    try:
        baseline = baselines(plan).get(pk=int(key))
    except (ValueError, TypeError, Baseline.DoesNotExist):
        return None
    return baseline.name, baseline.snapshot


def realisation_against(plan, baseline: Baseline) -> dict:
    """Each year's realised budget (today) against the baseline's pagu and today's pagu — the dashboard block."""
    realised = {
        str(r["year"]): int(r["total"] or 0)
        for r in (
            BudgetLine.objects.filter(initiative__masterplan=plan)
            .values("year")
            .annotate(total=Sum("realized"))
            .order_by()
        )
    }
    planned = {
        str(r["year"]): int(r["total"] or 0)
        for r in (
            BudgetLine.objects.filter(initiative__masterplan=plan)
            .values("year")
            .annotate(total=Sum("planned"))
            .order_by()
        )
    }
    rows = []
    for year in plan.years:
        key = str(year)
        base = baseline.snapshot["pagu"].get(key, 0)
        rows.append(
            {
                "year": year,
                "baseline": base,
                "current": planned.get(key, 0),
                "realised": realised.get(key, 0),
                "share": (realised.get(key, 0) * 100 / base) if base else None,
            }
        )
    return {
        "baseline": baseline,
        "rows": rows,
        "baseline_total": sum(r["baseline"] for r in rows),
        "current_total": sum(r["current"] for r in rows),
        "realised_total": sum(r["realised"] for r in rows),
    }
