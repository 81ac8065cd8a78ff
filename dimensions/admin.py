from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import SATU_DATA_FIELDS, ConditionFinding, Dimension, Indicator, IndicatorTarget, Measurement, SubDimension


class SubDimensionInline(admin.TabularInline):
    model = SubDimension
    extra = 0


class FindingInline(admin.StackedInline):
    """Read-only: findings are edited on the portal's findings page (dimensions.services: versions, history)."""

    model = ConditionFinding
    extra = 0
    fields = ("kind", "order", "text", "source", "version")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
class ConditionFindingAdmin(SimpleHistoryAdmin):
    """Read-only, with its history; edited on the portal (``/dimensions/<code>/findings/``)."""

    list_display = ("dimension", "kind", "order", "text", "source", "version")
    list_filter = ("dimension", "kind")
    search_fields = ("text", "source")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
        (
            None,
            {
                "fields": (
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
                )
            },
        ),
        (_("Satu Data metadata"), {"fields": SATU_DATA_FIELDS}),
    )


@admin.register(Measurement)
class MeasurementAdmin(admin.ModelAdmin):
    list_display = ("indicator", "year", "quarter", "value", "source", "recorded_by")
    list_filter = ("year", "quarter", "indicator__dimension")
    search_fields = ("indicator__code", "indicator__name", "source")
