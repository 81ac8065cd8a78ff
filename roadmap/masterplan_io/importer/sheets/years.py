"""The ``years`` sheet: the theme and focus of each roadmap year, matched by year."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from masterplans.models import MasterplanYear

from ... import cells
from ..rows import ok, optional_text
from ..writer import plain

NAME = "years"
KINDS = {"years": gettext_lazy("Roadmap years")}


def load(ctx):
    ctx.stored["years"] = {y.year: y for y in MasterplanYear.objects.filter(masterplan_id=ctx.plan.pk)}


def check(row, ctx):
    record = {}
    year = row.get("year", cells.year, ctx.plan, required=True)
    record["theme"] = row.get("theme", cells.text, max_length=255, required=True)
    optional_text(row, record, "focus", multiline=True)
    if not ok(year, *record.values()):
        return year, "year", None
    return year, "year", record


def apply(records, ctx):
    ctx.writer.upsert(
        "years",
        records,
        ctx.stored["years"],
        lambda k, r: {"masterplan_id": ctx.plan.pk, "year": k, **plain(r)},
        MasterplanYear,
        history=True,
        bump_version=True,
    )
