"""The ``opds`` sheet: agencies, matched by code."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opd.choices import OpdKind
from opd.models import Opd

from ... import cells
from ..rows import INVALID, ok, optional_text
from ..writer import plain

NAME = "opds"
KINDS = {"opds": gettext_lazy("Agencies (OPD)")}
KEEP_IF_EMPTY = frozenset({"kind"})


def load(ctx):
    ctx.stored["opds"] = {o.code: o for o in Opd.objects.all()}


def ref(ctx, row, column, value):
    """An agency code in another sheet: it must be stored or in this file's opds sheet."""
    if value is None or value is INVALID:
        return value
    if not ctx.known("opds", value):
        row.problem(column, _("Unknown agency (OPD) code “%(code)s”.") % {"code": value})
        return INVALID
    return value


def check(row, ctx):
    record = {}
    code = row.get("code", cells.code, required=True)
    record["abbreviation"] = row.get("abbreviation", cells.text, max_length=60, required=True)
    record["name"] = row.get("name", cells.text, max_length=255, required=True)
    if row.has("kind"):
        record["kind"] = row.get("kind", cells.choice, OpdKind)
    optional_text(row, record, "head_name", 255)
    if row.has("email"):
        email = row.get("email", cells.text, max_length=254)
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row.problem("email", _("“%(value)s” is not an e-mail address.") % {"value": email[:60]})
                email = INVALID
        record["email"] = email or ""
    if not ok(code, *record.values()):
        return code, "code", None
    return code, "code", record


def apply(records, ctx):
    ctx.writer.upsert("opds", records, ctx.stored["opds"], lambda k, r: {"code": k, **plain(r, KEEP_IF_EMPTY)}, Opd)
