"""Base classes for the API's input serializers."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.text import CONTROL_CHARACTERS_MESSAGE, has_control_characters


class StrictInputSerializer(serializers.Serializer):
    """Input that names a field the endpoint does not accept is refused (400), never silently dropped: a client
    sending ``id``, ``health`` or ``masterplan`` learns at once that it has no effect. Text with control characters
    is refused too (400 naming the field): exports and other systems cannot carry it."""

    def to_internal_value(self, data):
        if hasattr(data, "keys"):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(set(data.keys()) - writable)
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown or read-only field.")] for name in unknown})
            bad = sorted(name for name in data.keys() if _holds_control_characters(data.get(name)))
            if bad:
                raise serializers.ValidationError({name: [CONTROL_CHARACTERS_MESSAGE] for name in bad})
        return super().to_internal_value(data)


def _holds_control_characters(value) -> bool:
    if isinstance(value, (list, tuple)):
        return any(has_control_characters(item) for item in value)
    return has_control_characters(value)
