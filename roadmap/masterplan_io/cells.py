"""Cells: typed parsing of what a spreadsheet holds, plain-text hardening, and formula-injection escaping.

Every parser raises ``CellError`` with a translated message; the importer turns it into a problem with the cell's
sheet, row and column. Text is always stored as plain text: control characters are dropped, formulas are refused
(a cell starting with ``=`` is a formula in every spreadsheet program), and the apostrophe our exporter puts in front
of ``= + - @`` is taken off again, so export → import round-trips.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from core.money import parse_rupiah

from .template import LIST_SEPARATOR

# A cell starting with one of these is run as a formula by Excel/LibreOffice (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
MAX_TEXT = 10_000  # long descriptions are fine; a 30,000-character cell is a mistake or an attack
MAX_MONEY = 10**15  # Rp 1.000 trillion: well above any regency budget
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class CellError(ValueError):
    """A cell that cannot be imported; ``str(error)`` is the user-facing (translated) message."""


def escape_formula(value):
    """What an exporter writes: text starting with = + - @ (or a tab/CR) gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return ESCAPE + value
    return value


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value, max_length: int | None = None, multiline: bool = False) -> str:
    """Plain text: numbers become their digits, formulas are refused, control characters dropped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise CellError(_("Expected text, not a true/false value."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        value = value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    result = str(value).replace("\r\n", "\n").replace("\r", "\n")
    result = _CONTROL.sub("", result)
    if not multiline:
        result = " ".join(result.split())
    else:
        result = result.strip()
    if result.startswith("="):
        raise CellError(_("This cell holds a formula; formulas are not imported. Type the value itself."))
    if result.startswith(ESCAPE) and result[1:2] and result[1:2] in "=+-@":
        result = result[1:]
    limit = max_length or MAX_TEXT
    if len(result) > limit:
        raise CellError(
            _("The text is too long (%(length)s characters, at most %(limit)s).")
            % {"length": len(result), "limit": limit}
        )
    return result


def code(value, max_length: int = 40) -> str:
    result = text(value, max_length=max_length)
    if result and not re.fullmatch(r"[\w.\-/]+", result):
        raise CellError(_("A code may hold only letters, digits and . - _ / (no spaces)."))
    return result


def integer(value, minimum: int | None = None, maximum: int | None = None) -> int:
    if isinstance(value, bool):
        raise CellError(_("Expected a whole number."))
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(_("Expected a whole number."))
        value = int(value)
    if isinstance(value, str):
        raw = text(value)
        if not re.fullmatch(r"-?\d+(\.0+)?", raw):
            raise CellError(_("Expected a whole number."))
        value = int(raw.split(".")[0])
    if not isinstance(value, int):
        raise CellError(_("Expected a whole number."))
    if minimum is not None and value < minimum or maximum is not None and value > maximum:
        raise CellError(_("The number must be between %(min)s and %(max)s.") % {"min": minimum, "max": maximum})
    return value


def year(value, masterplan=None, column: str = "") -> int:
    result = integer(value, 1990, 2100)
    if masterplan is not None and not masterplan.contains_year(result):
        raise CellError(
            _("The year %(year)s lies outside the masterplan (%(start)s–%(end)s).")
            % {"year": result, "start": masterplan.start_year, "end": masterplan.end_year}
        )
    return result


def progress(value) -> int:
    try:
        return integer(value, 0, 100)
    except CellError:
        raise CellError(_("Progress must be a whole number from 0 to 100."))


def decimal(value) -> Decimal:
    if isinstance(value, bool):
        raise CellError(_("Expected a number."))
    if isinstance(value, (int, float)):
        number = Decimal(str(value))
    else:
        raw = text(value).replace(" ", "")
        if "," in raw and "." in raw:  # 1.234,5 (Indonesian grouping)
            raw = raw.replace(".", "").replace(",", ".")
        elif "," in raw:  # 12,5 (Indonesian decimal comma)
            raw = raw.replace(",", ".")
        if not re.fullmatch(r"-?\d+(\.\d+)?", raw):
            raise CellError(_("Expected a number."))
        number = Decimal(raw)
    try:
        number = number.quantize(Decimal("0.0001"))
    except InvalidOperation:
        raise CellError(_("The number is too large."))
    if abs(number) >= Decimal(10) ** 12:
        raise CellError(_("The number is too large."))
    return number


def money(value) -> int:
    """Whole Rupiah: 450000000, ``Rp 450.000.000`` or ``450.000.000,00``; never negative."""
    if isinstance(value, str):
        value = text(value)
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) and value < 0:
        raise CellError(_("An amount of money may not be negative."))
    try:
        amount = parse_rupiah(value)
    except ValueError as exc:
        if str(exc) == "negative":
            raise CellError(_("An amount of money may not be negative."))
        raise CellError(_("Expected an amount in Rupiah, e.g. 450000000 or 450.000.000."))
    if amount >= MAX_MONEY:
        raise CellError(_("The amount is too large."))
    return amount


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


def date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = text(value)
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise CellError(_("Expected a date such as 2026-06-30 or 30/06/2026."))


def code_list(value) -> list[str]:
    raw = text(value, max_length=2000)
    seen = []
    for part in raw.replace(",", LIST_SEPARATOR).split(LIST_SEPARATOR):
        item = part.strip()
        if item and item not in seen:
            seen.append(code(item))
    return seen


def choice(value, choices) -> str:
    """A value of a TextChoices class, typed as its value or its label, in any case."""
    raw = text(value).lower()
    for val, label in choices.choices:
        if raw == str(val).lower() or raw == str(label).lower():
            return val
    raise CellError(
        _("Unknown value “%(value)s”; use one of: %(allowed)s.")
        % {"value": raw[:40], "allowed": ", ".join(str(v) for v in choices.values)}
    )


def boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    raw = text(value).lower()
    if raw in ("1", "yes", "ya", "true", "y"):
        return True
    if raw in ("0", "no", "tidak", "false", "n"):
        return False
    raise CellError(_("Expected yes or no."))
