"""Shapes of /roadmap/ and /stats/: they serialise roadmap.selectors (the dashboard's numbers), never recompute."""

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from initiatives.choices import Health, InitiativeStatus
from masterplans.models import Masterplan


def _counts(choices, help_text):
    return serializers.DictField(
        child=serializers.IntegerField(), help_text=help_text + " Keys: " + ", ".join(choices.values) + "."
    )


class MasterplanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Masterplan
        fields = ["id", "title", "start_year", "end_year", "vision", "description", "status", "is_demo"]


class RollupSerializer(serializers.Serializer):
    progress = serializers.FloatField(allow_null=True, help_text="Budget-weighted progress (%), cancelled left out.")
    count = serializers.IntegerField()
    budget_planned = serializers.IntegerField()
    budget_realized = serializers.IntegerField()


class DimensionStatsSerializer(RollupSerializer):
    code = serializers.CharField()
    name = serializers.CharField()
    colour = serializers.CharField()
    by_status = _counts(InitiativeStatus, "Initiatives per status.")
    by_health = _counts(Health, "Initiatives per health.")


class OpdStatsSerializer(RollupSerializer):
    code = serializers.CharField()
    abbreviation = serializers.CharField()
    name = serializers.CharField()


class YearStatsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    progress = serializers.FloatField(allow_null=True, help_text="Progress of the initiatives active that year.")
    active = serializers.IntegerField(help_text="Initiatives active that year (cancelled left out).")
    planned_to_finish = serializers.IntegerField(help_text="Initiatives planned to finish that year.")
    completed = serializers.IntegerField(help_text="Of those, completed.")
    budget_planned = serializers.IntegerField()
    budget_realized = serializers.IntegerField()


@extend_schema_serializer(many=False)
class StatsSerializer(serializers.Serializer):
    masterplan = MasterplanSerializer(allow_null=True)
    overall = RollupSerializer()
    by_dimension = DimensionStatsSerializer(many=True)
    by_status = _counts(InitiativeStatus, "Initiatives per status.")
    by_health = _counts(Health, "Initiatives per health.")
    by_opd = OpdStatsSerializer(many=True)
    by_year = YearStatsSerializer(many=True)


class RoadmapYearSerializer(YearStatsSerializer):
    theme = serializers.CharField()
    focus = serializers.CharField()


class RoadmapDimensionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    colour = serializers.CharField()
    progress_by_year = serializers.DictField(
        child=serializers.FloatField(allow_null=True), help_text='Progress per year, e.g. {"2025": 41.5}.'
    )


@extend_schema_serializer(many=False)
class RoadmapSerializer(serializers.Serializer):
    masterplan = MasterplanSerializer(allow_null=True, help_text="The active masterplan: period and vision.")
    years = RoadmapYearSerializer(many=True)
    dimensions = RoadmapDimensionSerializer(many=True)
