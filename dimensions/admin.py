from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import SATU_DATA_FIELDS, ConditionFinding, Dimension, Indicator, IndicatorTarget, Measurement, SubDimension


class SubDimensionInline(admin.TabularInline):
    model = SubDimension
    extra = 0


class FindingInline(admin.StackedInline):
    model = ConditionFinding
    extra = 0


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "order", "colour")
    search_fields = ("code", "name", "name_en", "description")
    inlines = [SubDimensionInline, FindingInline]


@admin.register(SubDimension)
class SubDimensionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "dimension", "order")
    list_filter = ("dimension",)
    search_fields = ("code", "name", "name_en")


@admin.register(ConditionFinding)
class ConditionFindingAdmin(admin.ModelAdmin):
    list_display = ("dimension", "kind", "text", "source")
    list_filter = ("dimension", "kind")
    search_fields = ("text", "source")


class TargetInline(admin.TabularInline):
    model = IndicatorTarget
    extra = 0


class MeasurementInline(admin.TabularInline):
    model = Measurement
    extra = 0
    readonly_fields = ("recorded_by", "recorded_at")


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit", "direction", "dimension", "opd", "baseline", "baseline_year")
    list_filter = ("dimension", "direction", "opd")
    search_fields = ("code", "name")
    autocomplete_fields = ("opd",)
    inlines = [TargetInline, MeasurementInline]
    fieldsets = (
        (None, {"fields": ("code", "name", "unit", "direction", "dimension", "sub_dimension", "opd", "baseline",
                           "baseline_year", "description")}),
        (_("Satu Data metadata"), {"fields": SATU_DATA_FIELDS}),
    )


@admin.register(Measurement)
class MeasurementAdmin(admin.ModelAdmin):
    list_display = ("indicator", "year", "quarter", "value", "source", "recorded_by")
    list_filter = ("year", "quarter", "indicator__dimension")
    search_fields = ("indicator__code", "indicator__name", "source")
