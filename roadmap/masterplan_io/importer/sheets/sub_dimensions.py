"""The ``sub_dimensions`` sheet: sub-dimensions, matched by dimension code + code."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dimensions.models import SubDimension

from ... import cells
from ..rows import INVALID, ok, optional_text, slug
from ..writer import pk, plain
from . import dimensions

NAME = "sub_dimensions"
KINDS = {"sub_dimensions": gettext_lazy("Sub-dimensions")}
KEEP_IF_EMPTY = frozenset({"order"})


def load(ctx):
    ctx.stored["sub_dimensions"] = {
        (s.dimension.code, s.code): s for s in SubDimension.objects.select_related("dimension")
    }


def ref(ctx, row, dimension, value):
    """A sub-dimension code (column ``sub_dimension``) of ``dimension`` in another sheet."""
    if value is None or value is INVALID or dimension in (None, INVALID):
        return value
    if not ctx.known("sub_dimensions", (dimension, value)):
        row.problem(
            "sub_dimension",
            _("Unknown sub-dimension code “%(code)s” in dimension “%(dimension)s”.")
            % {"code": value, "dimension": dimension},
        )
        return INVALID
    return value


def stored_id(ctx, dimension, sub):
    """The id for a ``sub_dimension_id`` value (apply step; the sub-dimension exists or was just built)."""
    return None if sub is None else pk(ctx.stored["sub_dimensions"][(dimension, sub)])


def check(row, ctx):
    record = {}
    dimension = dimensions.ref(ctx, row, "dimension", row.get("dimension", slug, required=True))
    code = row.get("code", slug, required=True)
    record["name"] = row.get("name", cells.text, max_length=160, required=True)
    optional_text(row, record, "name_en", 160)
    if row.has("order"):
        record["order"] = row.get("order", cells.integer, 0, 32767)
    optional_text(row, record, "description", multiline=True)
    if not ok(dimension, code, *record.values()):
        return (dimension, code), "code", None
    record["dimension"] = dimension
    return (dimension, code), "code", record


def apply(records, ctx):
    def values(key, record):
        v = plain(record, KEEP_IF_EMPTY)
        v["dimension_id"] = pk(ctx.stored["dimensions"][v.pop("dimension")])
        v["code"] = key[1]
        return v

    ctx.writer.upsert("sub_dimensions", records, ctx.stored["sub_dimensions"], values, SubDimension)
