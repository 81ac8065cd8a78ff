"""The ``findings`` sheet: each dimension's existing condition, problems, uniqueness and potential, matched by
dimension + kind + order."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from dimensions.choices import FindingKind
from dimensions.models import ConditionFinding

from ... import cells
from ..rows import ok, optional_text, slug
from ..writer import pk, plain
from . import dimensions

NAME = "findings"
KINDS = {"findings": gettext_lazy("Condition findings")}


def load(ctx):
    ctx.stored["findings"] = {
        (f.dimension.code, f.kind, f.order): f
        for f in ConditionFinding.objects.select_related("dimension").order_by("id")
    }


def check(row, ctx):
    record = {}
    dimension = dimensions.ref(ctx, row, "dimension", row.get("dimension", slug, required=True))
    kind = row.get("kind", cells.choice, FindingKind, required=True)
    order = row.get("order", cells.integer, 0, 32767, required=True)
    record["text"] = row.get("text", cells.text, multiline=True, required=True)
    optional_text(row, record, "source", 255)
    key = (dimension, kind, order)
    if not ok(*key, *record.values()):
        return key, "order", None
    return key, "order", record


def apply(records, ctx):
    def values(key, record):
        dimension, kind, order = key
        return {"dimension_id": pk(ctx.stored["dimensions"][dimension]), "kind": kind, "order": order, **plain(record)}

    ctx.writer.upsert(
        "findings", records, ctx.stored["findings"], values, ConditionFinding, history=True, bump_version=True
    )
