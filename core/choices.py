"""Base for choice sets that carry a colour per value (NetBox's ChoiceSet idea on Django's TextChoices)."""

from django.db import models


class ColouredChoices(models.TextChoices):
    """Subclasses define ``_colours()`` returning {value: css colour}; templates and the API share it."""

    @classmethod
    def _colours(cls) -> dict:  # pragma: no cover - overridden
        return {}

    @classmethod
    def colour(cls, value) -> str:
        return cls._colours().get(value, "#6b7280")

    @classmethod
    def as_list(cls):
        """[(value, label, colour)] in declaration order, for legends and filters."""
        return [(value, label, cls.colour(value)) for value, label in cls.choices]
