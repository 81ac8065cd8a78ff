"""Template helpers for the dashboard pages: labels and colours from the choices (one colour per value everywhere)
and small arithmetic for bars."""

from django import template

from dimensions.choices import AchievementBand
from initiatives.choices import Health, InitiativeStatus

register = template.Library()


def _label(choices, value):
    try:
        return choices(value).label
    except ValueError:
        return value or ""


@register.filter
def status_colour(value):
    return InitiativeStatus.colour(value)


@register.filter
def status_label(value):
    return _label(InitiativeStatus, value)


@register.filter
def health_colour(value):
    return Health.colour(value)


@register.filter
def health_label(value):
    return _label(Health, value)


@register.filter
def band_colour(value):
    return AchievementBand.colour(value)


@register.filter
def band_label(value):
    return _label(AchievementBand, value) if value else "–"


@register.filter
def share_of(part, whole):
    """part / whole in percent (0 when whole is empty), for CSS widths: a string with a decimal point whatever the
    language (a localised "33,3" would break the style)."""
    try:
        value = float(part or 0) * 100 / float(whole) if whole else 0.0
    except (TypeError, ValueError):
        value = 0.0
    return f"{value:.2f}"


@register.filter
def total(mapping):
    return sum((mapping or {}).values())


@register.filter
def clamp100(value):
    """A percentage kept within 0–100, as a CSS-safe string."""
    try:
        number = max(0.0, min(100.0, float(value or 0)))
    except (TypeError, ValueError):
        number = 0.0
    return f"{number:.2f}"


@register.filter
def split_words(value):
    return str(value).split()
