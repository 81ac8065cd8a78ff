from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.serializers import StrictInputSerializer
from dimensions import selectors
from dimensions.choices import AchievementBand
from dimensions.models import SATU_DATA_FIELDS, Dimension, Indicator, Measurement, SubDimension


class SubDimensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubDimension
        fields = ["code", "name", "name_en", "description", "order"]


class DimensionSerializer(serializers.ModelSerializer):
    sub_dimensions = SubDimensionSerializer(many=True, read_only=True)
    progress = serializers.SerializerMethodField(
        help_text="Budget-weighted progress (%) of the dimension's initiatives in the active masterplan "
        "(cancelled ones left out); null without initiatives."
    )
    initiative_count = serializers.SerializerMethodField(help_text="Initiatives in the active masterplan.")

    class Meta:
        model = Dimension
        fields = [
            "code",
            "name",
            "name_en",
            "description",
            "goal",
            "order",
            "colour",
            "progress",
            "initiative_count",
            "sub_dimensions",
        ]

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_progress(self, obj):
        rollup = self.context.get("progress", {}).get(obj.pk)
        return None if rollup is None or rollup.progress is None else round(rollup.progress, 1)

    @extend_schema_field(serializers.IntegerField())
    def get_initiative_count(self, obj) -> int:
        return self.context.get("initiative_counts", {}).get(obj.pk, 0)


class IndicatorSerializer(serializers.ModelSerializer):
    dimension = serializers.SlugRelatedField(slug_field="code", read_only=True)
    sub_dimension = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    opd = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, help_text="Code of the responsible agency."
    )
    targets = serializers.SerializerMethodField(help_text='Target per year, e.g. {"2025": 12.5}.')
    latest_value = serializers.SerializerMethodField(help_text="The most recent measured value.")
    latest_year = serializers.SerializerMethodField(help_text="Year of the most recent measured value.")
    latest_quarter = serializers.SerializerMethodField(
        help_text="Quarter of the most recent measured value (null: an annual value)."
    )
    achievement = serializers.SerializerMethodField(
        help_text="Achievement (%) of the latest value against that year's target, respecting the direction."
    )
    achievement_band = serializers.SerializerMethodField(help_text="SAKIP band of the achievement.")
    frequency = serializers.CharField(
        read_only=True, help_text="Satu Data: annual, semiannual, quarterly, monthly or empty (not set)."
    )

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "unit",
            "direction",
            "dimension",
            "sub_dimension",
            "opd",
            "baseline",
            "baseline_year",
            "description",
            "targets",
            "latest_value",
            "latest_year",
            "latest_quarter",
            "achievement",
            "achievement_band",
            *SATU_DATA_FIELDS,
        ]
        read_only_fields = SATU_DATA_FIELDS

    def _latest(self, obj):
        if not hasattr(obj, "_api_latest"):
            obj._api_latest = selectors.latest_measurement(obj)
        return obj._api_latest

    def _achievement(self, obj):
        if not hasattr(obj, "_api_achievement"):
            latest = self._latest(obj)
            target = next((t.value for t in obj.targets.all() if latest and t.year == latest.year), None)
            value = selectors.indicator_year_value(obj, latest.year) if latest else None
            obj._api_achievement = selectors.achievement_percent(obj.direction, target, value)
        return obj._api_achievement

    @extend_schema_field(serializers.DictField(child=serializers.FloatField()))
    def get_targets(self, obj):
        return {str(t.year): float(t.value) for t in obj.targets.all()}

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_latest_value(self, obj):
        latest = self._latest(obj)
        return None if latest is None else float(latest.value)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_latest_year(self, obj):
        latest = self._latest(obj)
        return None if latest is None else latest.year

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_latest_quarter(self, obj):
        latest = self._latest(obj)
        return None if latest is None else latest.quarter

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_achievement(self, obj):
        pct = self._achievement(obj)
        return None if pct is None else float(pct)

    @extend_schema_field(serializers.ChoiceField(choices=AchievementBand.choices, allow_null=True))
    def get_achievement_band(self, obj):
        return selectors.achievement_band(self._achievement(obj))


class MeasurementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Measurement
        fields = ["id", "year", "quarter", "value", "source", "recorded_at"]


class MeasurementInputSerializer(StrictInputSerializer):
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    quarter = serializers.IntegerField(
        min_value=1,
        max_value=4,
        required=False,
        allow_null=True,
        default=None,
        help_text="1–4, or null/omitted for an annual value.",
    )
    value = serializers.DecimalField(max_digits=16, decimal_places=4)
    source = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
