"""The ``indicators`` sheet: indicators (KPIs), matched by code, with their yearly targets (``target_<year>``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from dimensions.choices import Direction, Frequency
from dimensions.models import SATU_DATA_FIELDS, Indicator, IndicatorTarget

from ... import cells
from ..rows import INVALID, ok, optional_text, slug
from ..writer import pk, plain
from . import dimensions, opds, sub_dimensions

NAME = "indicators"
KINDS = {"indicators": gettext_lazy("Indicators"), "indicator_targets": gettext_lazy("Indicator targets")}
KEEP_IF_EMPTY = frozenset({"direction"})


def load(ctx):
    ctx.stored["indicators"] = {i.code: i for i in Indicator.objects.all()}
    ctx.stored["indicator_targets"] = {(t.indicator_id, t.year): t for t in IndicatorTarget.objects.all()}


def check(row, ctx):
    record = {}
    code = row.get("code", cells.code, required=True)
    record["name"] = row.get("name", cells.text, max_length=255, required=True)
    dimension = dimensions.ref(ctx, row, "dimension", row.get("dimension", slug, required=True))
    record["dimension"] = dimension
    if row.has("sub_dimension"):
        record["sub_dimension"] = sub_dimensions.ref(ctx, row, dimension, row.get("sub_dimension", slug))
    if row.has("opd"):
        record["opd"] = opds.ref(ctx, row, "opd", row.get("opd", cells.code))
    optional_text(row, record, "unit", 60)
    if row.has("direction"):
        record["direction"] = row.get("direction", cells.choice, Direction)
    if row.has("baseline"):
        record["baseline"] = row.get("baseline", cells.decimal)
    if row.has("baseline_year"):
        record["baseline_year"] = row.get("baseline_year", cells.integer, 1990, 2100)
    optional_text(row, record, "description", multiline=True)
    for name in SATU_DATA_FIELDS:  # Satu Data metadata (docs/opendata.md): optional text; frequency a Frequency value
        length = Indicator._meta.get_field(name).max_length
        optional_text(row, record, name, length, multiline=length is None)
    if record.get("frequency") and record["frequency"] is not INVALID:
        record["frequency"] = row.get("frequency", cells.choice, Frequency)
    targets = {}
    for column, year in ctx.year_columns["indicators"].items():
        value = row.get(column, cells.decimal)
        if value is INVALID:
            targets = INVALID
        elif value is not None and targets is not INVALID:
            targets[year] = value
    if not ok(code, targets, *record.values()):
        return code, "code", None
    record["targets"] = targets
    return code, "code", record


def apply(records, ctx):
    stored = ctx.stored

    def values(key, record):
        v = plain(record, KEEP_IF_EMPTY)
        v.pop("targets")
        v["code"] = key
        dimension = v.pop("dimension")
        v["dimension_id"] = pk(stored["dimensions"][dimension])
        if "sub_dimension" in v:
            v["sub_dimension_id"] = sub_dimensions.stored_id(ctx, dimension, v.pop("sub_dimension"))
        if "opd" in v:
            opd = v.pop("opd")
            v["opd_id"] = None if opd is None else pk(stored["opds"][opd])
        return v

    writer = ctx.writer
    writer.upsert("indicators", records, stored["indicators"], values, Indicator)
    created, updated = [], []
    for code, record in records.items():
        indicator = stored["indicators"][code]
        for year, value in record["targets"].items():
            target = stored["indicator_targets"].get((indicator.pk, year)) if indicator.pk else None
            if target is None:
                created.append(IndicatorTarget(indicator=indicator, year=year, value=value))
                ctx.report.count("indicator_targets", "created")
            elif writer.diff("indicator_targets", target, {"value": value}):
                updated.append(target)
    writer.write(IndicatorTarget, created, updated, {"value"})
