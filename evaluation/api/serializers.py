"""Shapes of the evaluation API: the selectors' dictionaries serialised (output only), and the weights input."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Risk


class ComponentScoreSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    weight = serializers.DecimalField(max_digits=5, decimal_places=2)
    score = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    contribution = serializers.DecimalField(max_digits=4, decimal_places=2)
    answered = serializers.IntegerField()
    items = serializers.IntegerField()


class PeriodSerializer(serializers.Serializer):
    year = serializers.IntegerField(source="period.year")
    status = serializers.CharField(source="period.status")
    version = serializers.IntegerField(source="period.version")
    index = serializers.DecimalField(max_digits=4, decimal_places=2)
    previous_index = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True, default=None)
    weights = serializers.DictField(source="period.weights", child=serializers.CharField())
    finalised_at = serializers.DateTimeField(source="period.finalised_at", allow_null=True)
    components = ComponentScoreSerializer(source="scores.components", many=True)


class EvidenceSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    url = serializers.CharField()
    dimension = serializers.CharField()


class ItemRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    question = serializers.CharField()
    national_dimension = serializers.CharField()
    level = serializers.IntegerField(allow_null=True)
    level_text = serializers.CharField()
    justification = serializers.CharField()
    source = serializers.CharField()
    rule = serializers.CharField()
    rule_level = serializers.IntegerField(allow_null=True)
    rule_note = serializers.CharField()
    override_reason = serializers.CharField()
    previous_level = serializers.IntegerField(allow_null=True)
    assigned_opd = serializers.SerializerMethodField()
    evidence = EvidenceSerializer(many=True)

    @extend_schema_field(OpenApiTypes.STR)
    def get_assigned_opd(self, row) -> str | None:
        return row["assigned_opd"].code if row["assigned_opd"] else None


class ComponentDetailSerializer(ComponentScoreSerializer):
    previous_score = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    rows = ItemRowSerializer(many=True)


class NationalScoreSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    score = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    answered = serializers.IntegerField()
    dimensions = serializers.ListField(child=serializers.CharField())


class PreviousSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    index = serializers.DecimalField(max_digits=4, decimal_places=2)


class MoverSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    score = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    previous_score = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    contribution_change = serializers.DecimalField(max_digits=5, decimal_places=2)


class ScorecardSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    status = serializers.CharField(source="period.status")
    version = serializers.IntegerField(source="period.version")
    weights = serializers.DictField(child=serializers.CharField())
    index = serializers.DecimalField(max_digits=4, decimal_places=2)
    index_change = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    previous = PreviousSerializer(allow_null=True)
    components = ComponentDetailSerializer(many=True)
    national = NationalScoreSerializer(many=True)
    unmapped = serializers.ListField(child=serializers.CharField())
    movers = MoverSerializer(many=True)


class WeightsInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    weights = serializers.DictField(child=serializers.DecimalField(max_digits=5, decimal_places=2))


class RiskSerializer(serializers.ModelSerializer):
    initiative = serializers.SlugRelatedField(slug_field="code", read_only=True)
    initiative_title = serializers.CharField(source="initiative.title", read_only=True)
    dimension = serializers.CharField(source="initiative.dimension.code", read_only=True)
    owner_opd = serializers.SlugRelatedField(slug_field="code", read_only=True)
    score = serializers.IntegerField(read_only=True)
    likelihood = serializers.IntegerField(read_only=True, help_text="1 low, 2 medium, 3 high")
    impact = serializers.IntegerField(read_only=True, help_text="1 low, 2 medium, 3 high")

    class Meta:
        model = Risk
        fields = [
            "id",
            "initiative",
            "initiative_title",
            "dimension",
            "title",
            "description",
            "likelihood",
            "impact",
            "score",
            "level",
            "mitigation",
            "owner_opd",
            "status",
            "version",
            "updated_at",
        ]
        read_only_fields = fields
