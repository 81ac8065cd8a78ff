"""Template filters for the formats users read: Rupiah, Indonesian numbers, percentages, quarters."""

from django import template
from django.utils.translation import get_language

from core.money import format_rupiah, group_thousands
from core.periods import quarter_label

register = template.Library()


@register.filter
def rupiah(value):
    return format_rupiah(value, get_language() or "id")


@register.filter
def number(value, decimals=0):
    """Indonesian grouping and decimal comma (``12.345,6``), also in English, like official reports."""
    if value is None or value == "":
        return "–"
    decimals = int(decimals)
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


@register.filter
def percent(value, decimals=0):
    if value is None:
        return "–"
    return f"{number(value, decimals)}%"


@register.filter
def thousands(value):
    return group_thousands(value)


@register.simple_tag
def quarter(year, q):
    return quarter_label(year, q)


@register.filter
def get_item(mapping, key):
    if mapping is None:
        return None
    return mapping.get(key)


@register.filter
def person(user):
    """A person as the pages name them: full name, else username; "–" when there is nobody (e.g. a deleted user)."""
    if user is None:
        return "–"
    return user.get_full_name() or user.get_username() or "–"
