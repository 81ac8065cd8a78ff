"""Rupiah: parsing what people type and formatting what they read (``Rp 1.250.000.000``)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
_PLAIN = re.compile(r"^\d+(,\d+)?$")
_PLAIN_DOT_DECIMAL = re.compile(r"^\d+\.\d{1,2}$")


def parse_rupiah(value) -> int:
    """Parse an amount of Rupiah typed as ``1.250.000``, ``1250000``, ``Rp 1.250.000`` or ``1.250.000,00``.

    Returns whole Rupiah. Raises ValueError for anything else, including negative amounts.
    """
    if value is None:
        raise ValueError("empty")
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, (float, Decimal)):
        amount = Decimal(str(value))
    else:
        text = str(value).strip().replace("\u00a0", " ")
        text = re.sub(r"^(rp\.?)\s*", "", text, flags=re.IGNORECASE).replace(" ", "")
        if not text:
            raise ValueError("empty")
        if text.startswith("-"):
            raise ValueError("negative")
        if _GROUPED.match(text):
            text = text.replace(".", "").replace(",", ".")
        elif _PLAIN.match(text):
            text = text.replace(",", ".")
        elif not _PLAIN_DOT_DECIMAL.match(text):
            raise ValueError("not a number")
        try:
            amount = Decimal(text)
        except InvalidOperation as exc:  # pragma: no cover - the patterns above only let digits through
            raise ValueError("not a number") from exc
    if amount < 0:
        raise ValueError("negative")
    return int(amount.quantize(Decimal(1)))


def group_thousands(value, sep: str = ".") -> str:
    number = int(round(Decimal(str(value or 0))))
    sign = "-" if number < 0 else ""
    return sign + f"{abs(number):,}".replace(",", sep)


def format_rupiah(value, language: str = "id") -> str:
    """``Rp 1.250.000.000`` (Indonesian grouping, which the regency uses in every language)."""
    if value is None or value == "":
        return "–"
    return f"Rp {group_thousands(value)}"
