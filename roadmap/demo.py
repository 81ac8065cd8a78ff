"""Loading the demo masterplan shipped in ``roadmap/demo/`` (agencies, dimensions, KPIs, initiatives, reports).

Idempotent: objects are matched by their codes and saved only when something differs, so a second run writes
nothing (not even history rows). Quarterly reports are generated deterministically from each initiative's progress,
up to the last completed quarter as of the day the demo is loaded.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import Counter
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from dimensions.models import ConditionFinding, Dimension, Indicator, IndicatorTarget, Measurement, SubDimension
from initiatives.models import BudgetLine, Initiative, Milestone
from masterplans.choices import MasterplanStatus
from masterplans.models import Masterplan, MasterplanYear
from opd.models import Opd

from .demo_accounts import DEMO_PASSWORD, DEMO_USER_PREFIX, DEMO_VIEWER, _demo_reviewer, _demo_staff, set_demo_passwords  # noqa: F401 - the demo's public names
from .demo_reports import load_reports
from .demo_steps import demo_steps

DEMO_DIR = Path(__file__).resolve().parent / "demo"
# The one password ``load_demo --demo-passwords`` gives every demo account (demo data only, never production).


class Counts(Counter):
    def line(self):
        return ", ".join(f"{k}: {v}" for k, v in sorted(self.items())) or "nothing changed"


def _upsert(model, lookup: dict, values: dict, counts: Counts, label: str):
    """Create, or update only the fields that differ; returns the object."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        counts[f"{label} created"] += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        if hasattr(obj, "version"):  # a versioned object changed: anyone editing it meanwhile must see a conflict
            obj.bump_version()
        obj.full_clean()
        obj.save()
        counts[f"{label} updated"] += 1
    return obj


def _read_json(name):
    with open(DEMO_DIR / name, encoding="utf-8") as fh:
        return json.load(fh)


def load_opds(counts):
    with open(DEMO_DIR / "opds.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            _upsert(
                Opd,
                {"code": row["code"]},
                {
                    "abbreviation": row["abbreviation"],
                    "name": row["name"],
                    "kind": row["kind"],
                    "head_name": row.get("head_name", ""),
                    "email": row.get("email", ""),
                    "active": True,
                },
                counts,
                "agencies",
            )


def load_masterplan(counts) -> Masterplan:
    data = _read_json("masterplan.json")
    existing_active = (
        Masterplan.objects.filter(status=MasterplanStatus.ACTIVE)
        .exclude(title=data["title"], start_year=data["start_year"])
        .exists()
    )
    plan = _upsert(
        Masterplan,
        {"title": data["title"], "start_year": data["start_year"]},
        {
            "end_year": data["end_year"],
            "vision": data["vision"],
            "description": data.get("description", ""),
            "status": MasterplanStatus.DRAFT if existing_active else MasterplanStatus.ACTIVE,
            "is_demo": True,
        },
        counts,
        "masterplans",
    )
    for year in data["years"]:
        _upsert(
            MasterplanYear,
            {"masterplan": plan, "year": year["year"]},
            {"theme": year["theme"], "focus": year.get("focus", "")},
            counts,
            "roadmap years",
        )
    return plan


def load_dimensions(counts):
    opds = {o.code: o for o in Opd.objects.all()}
    for d in _read_json("dimensions.json"):
        dimension = _upsert(
            Dimension,
            {"code": d["code"]},
            {
                "name": d["name"],
                "name_en": d.get("name_en", ""),
                "description": d.get("description", ""),
                "goal": d.get("goal", ""),
                "order": d["order"],
                "colour": d["colour"],
            },
            counts,
            "dimensions",
        )
        subs = {}
        for order, s in enumerate(d.get("sub_dimensions", []), start=1):
            subs[s["code"]] = _upsert(
                SubDimension,
                {"dimension": dimension, "code": s["code"]},
                {
                    "name": s["name"],
                    "name_en": s.get("name_en", ""),
                    "description": s.get("description", ""),
                    "order": order,
                },
                counts,
                "sub-dimensions",
            )
        for order, f in enumerate(d.get("findings", []), start=1):
            _upsert(
                ConditionFinding,
                {"dimension": dimension, "kind": f["kind"], "order": order},
                {"text": f["text"], "source": f.get("source", "")},
                counts,
                "findings",
            )
        for ind in d.get("indicators", []):
            indicator = _upsert(
                Indicator,
                {"code": ind["code"]},
                {
                    "name": ind["name"],
                    "unit": ind.get("unit", ""),
                    "direction": ind["direction"],
                    "dimension": dimension,
                    "sub_dimension": subs.get(ind.get("sub_dimension")),
                    "opd": opds.get(ind.get("opd")),
                    "baseline": _dec(ind.get("baseline")),
                    "baseline_year": ind.get("baseline_year"),
                },
                counts,
                "indicators",
            )
            for year, value in ind.get("targets", {}).items():
                _upsert(
                    IndicatorTarget,
                    {"indicator": indicator, "year": int(year)},
                    {"value": _dec(value)},
                    counts,
                    "targets",
                )
            for m in ind.get("measurements", []):
                _upsert(
                    Measurement,
                    {"indicator": indicator, "year": m["year"], "quarter": m.get("quarter")},
                    {"value": _dec(m["value"]), "source": m.get("source", "")},
                    counts,
                    "measurements",
                )


def _dec(value):
    from decimal import Decimal

    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.0001"))


def load_initiatives(plan: Masterplan, counts):
    opds = {o.code: o for o in Opd.objects.all()}
    dims = {d.code: d for d in Dimension.objects.all()}
    subs = {(s.dimension.code, s.code): s for s in SubDimension.objects.select_related("dimension")}
    indicators = {i.code: i for i in Indicator.objects.all()}
    loaded = []
    for item in _read_json("initiatives.json"):
        dimension = dims[item["dimension"]]
        initiative = _upsert(
            Initiative,
            {"masterplan": plan, "code": item["code"]},
            {
                "title": item["title"],
                "description": item.get("description", ""),
                "dimension": dimension,
                "sub_dimension": subs.get((dimension.code, item.get("sub_dimension"))),
                "lead_opd": opds[item["opd"]],
                "horizon": item["horizon"],
                "start_year": item["start_year"],
                "end_year": item["end_year"],
                "status": item["status"],
                "progress": item["progress"],
                "program_code": item.get("program_code") or "",
                "location": item.get("location") or "",
            },
            counts,
            "initiatives",
        )
        wanted = {opds[c].pk for c in item.get("supporting_opds", []) if c in opds and c != item["opd"]}
        if set(initiative.supporting_opds.values_list("pk", flat=True)) != wanted:
            initiative.supporting_opds.set(wanted)
        wanted_ind = {indicators[c].pk for c in item.get("indicators", []) if c in indicators}
        if set(initiative.indicators.values_list("pk", flat=True)) != wanted_ind:
            initiative.indicators.set(wanted_ind)
        for line in item.get("budget", []):
            _upsert(
                BudgetLine,
                {"initiative": initiative, "year": line["year"], "funding_source": line["source"]},
                {"planned": int(line["planned"]), "realized": int(line["realized"])},
                counts,
                "budget lines",
            )
        for m in item.get("milestones", []):
            _upsert(
                Milestone,
                {"initiative": initiative, "title": m["title"]},
                {
                    "due_date": dt.date.fromisoformat(m["due_date"]),
                    "completed_date": dt.date.fromisoformat(m["completed_date"]) if m.get("completed_date") else None,
                },
                counts,
                "milestones",
            )
        loaded.append(initiative)
    return loaded


@transaction.atomic
def load_demo(today: dt.date | None = None) -> Counts:
    today = today or timezone.localdate()
    counts = Counts()
    load_opds(counts)
    plan = load_masterplan(counts)
    load_dimensions(counts)
    initiatives = load_initiatives(plan, counts)
    load_reports(initiatives, counts, today)
    for _name, step in demo_steps():  # registered by apps above roadmap (see demo_steps.py)
        step(counts=counts, today=today)
    return counts
