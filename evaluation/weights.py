"""The one check of a period's weights, used by the model's clean(), the services, the forms and the API."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

TOTAL = Decimal(100)


def normalise_weights(weights) -> dict[str, Decimal]:
    """{component code: Decimal weight}; raises ValidationError on a value that is not a number from 0 to 100."""
    if not isinstance(weights, dict):
        raise ValidationError({"weights": [_("Weights are given per component code.")]})
    clean = {}
    for code, value in weights.items():
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError):
            raise ValidationError({"weights": [_("The weight of %(code)s is not a number.") % {"code": code}]})
        if not number.is_finite() or number < 0 or number > TOTAL:
            raise ValidationError(
                {"weights": [_("The weight of %(code)s must lie between 0 and 100.") % {"code": code}]}
            )
        clean[str(code)] = number
    return clean


def validate_weights(weights, component_codes) -> dict[str, Decimal]:
    """Every component has a weight, no unknown code, and the weights add up to exactly 100."""
    clean = normalise_weights(weights)
    codes = set(component_codes)
    missing = sorted(codes - set(clean))
    unknown = sorted(set(clean) - codes)
    if missing:
        raise ValidationError({"weights": [_("A weight is missing for: %(codes)s.") % {"codes": ", ".join(missing)}]})
    if unknown:
        raise ValidationError({"weights": [_("Unknown components: %(codes)s.") % {"codes": ", ".join(unknown)}]})
    total = sum(clean.values(), Decimal(0))
    if total != TOTAL:
        raise ValidationError(
            {
                "weights": [
                    _("The weights add up to %(total)s; they must add up to exactly 100.") % {"total": _fmt(total)}
                ]
            }
        )
    return clean


def _fmt(number: Decimal) -> str:
    text = f"{number.normalize():f}"
    return text


def as_json(weights: dict[str, Decimal]) -> dict[str, str]:
    """Weights as stored in JSON (strings keep the decimals exact)."""
    return {code: _fmt(value) for code, value in weights.items()}
