"""Base classes for the API's input serializers."""
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class StrictInputSerializer(serializers.Serializer):
    """Input that names a field the endpoint does not accept is refused (400), never silently dropped: a client
    sending ``id``, ``health`` or ``masterplan`` learns at once that it has no effect."""

    def to_internal_value(self, data):
        if hasattr(data, "keys"):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(set(data.keys()) - writable)
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown or read-only field.")] for name in unknown})
        return super().to_internal_value(data)
