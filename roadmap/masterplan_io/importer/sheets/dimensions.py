"""The ``dimensions`` sheet: the masterplan's dimensions, matched by code."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dimensions.models import Dimension

from ... import cells
from ..rows import INVALID, ok, optional_text, slug
from ..writer import plain

NAME = "dimensions"
KINDS = {"dimensions": gettext_lazy("Dimensions")}
KEEP_IF_EMPTY = frozenset({"order"})
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


def load(ctx):
    ctx.stored["dimensions"] = {d.code: d for d in Dimension.objects.all()}


def ref(ctx, row, column, value):
    """A dimension code in another sheet: it must be stored or in this file's dimensions sheet."""
    if value is None or value is INVALID:
        return value
    if not ctx.known("dimensions", value):
        row.problem(column, _("Unknown dimension code “%(code)s”.") % {"code": value})
        return INVALID
    return value


def check(row, ctx):
    record = {}
    code = row.get("code", slug, required=True)
    record["name"] = row.get("name", cells.text, max_length=120, required=True)
    optional_text(row, record, "name_en", 120)
    if row.has("order"):
        record["order"] = row.get("order", cells.integer, 0, 32767)
    if row.has("colour"):
        colour = row.get("colour", cells.text, max_length=7)
        if colour and colour is not INVALID and not _COLOUR.match(colour):
            row.problem("colour", _("The colour must be a hex colour such as #2563eb."))
            colour = INVALID
        if colour:
            record["colour"] = colour
    optional_text(row, record, "description", multiline=True)
    optional_text(row, record, "goal", multiline=True)
    if not ok(code, *record.values()):
        return code, "code", None
    return code, "code", record


def apply(records, ctx):
    ctx.writer.upsert(
        "dimensions", records, ctx.stored["dimensions"], lambda k, r: {"code": k, **plain(r, KEEP_IF_EMPTY)}, Dimension
    )
