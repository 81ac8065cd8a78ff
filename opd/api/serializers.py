from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from opd.models import Opd


class OpdSerializer(serializers.ModelSerializer):
    initiative_count = serializers.SerializerMethodField(
        help_text="Initiatives this agency leads in the active masterplan."
    )

    class Meta:
        model = Opd
        fields = ["code", "abbreviation", "name", "kind", "initiative_count"]

    @extend_schema_field(serializers.IntegerField())
    def get_initiative_count(self, obj) -> int:
        return self.context.get("initiative_counts", {}).get(obj.pk, 0)
