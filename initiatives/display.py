"""How a stored value reads to a person (history entries, conflict panels): related objects by name, choices by label,
money in Rupiah, yes/no; one rule for the pages, the conflict flow and the change history."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.money import format_rupiah

MONEY_FIELDS = {"planned", "realized", "budget_realized"}
EMPTY = "–"


def display_value(field, value, lookups: dict | None = None) -> str:
    """``value`` of model field ``field`` as text. ``lookups`` ({model: {pk: object}}) names related objects without
    a query; without it a related object is read from the database."""
    if value is None or value == "":
        return EMPTY
    if field is None:
        return str(value)
    if field.is_relation:
        if lookups is not None:
            obj = lookups.get(field.related_model, {}).get(value)
        else:
            obj = field.related_model._default_manager.filter(pk=value).first()
        return str(obj) if obj is not None else f"#{value}"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.name in MONEY_FIELDS:
        return format_rupiah(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)
