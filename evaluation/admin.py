"""Django admin for the framework (national dimensions, components, items, mapping), through the services; periods,
answers, documents and risks are shown read-only (they are edited on the evaluation pages)."""
from django.contrib import admin

from . import services
from .models import Answer, Component, DimensionMapping, Document, EvaluationPeriod, Item, NationalDimension, Risk


class ServiceAdmin(admin.ModelAdmin):
    """Saves and deletes go through the services (permission check and validation)."""

    saver = None

    def save_model(self, request, obj, form, change):
        getattr(services, self.saver)(user=request.user, **{self.model._meta.model_name.replace(
            "dimensionmapping", "mapping"): obj})

    def delete_model(self, request, obj):
        services.delete_framework_row(user=request.user, obj=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.delete_framework_row(user=request.user, obj=obj)


@admin.register(NationalDimension)
class NationalDimensionAdmin(ServiceAdmin):
    list_display = ("code", "name", "order")
    saver = "save_national_dimension"


@admin.register(Component)
class ComponentAdmin(ServiceAdmin):
    list_display = ("code", "name", "weight", "order")
    saver = "save_component"


@admin.register(Item)
class ItemAdmin(ServiceAdmin):
    list_display = ("code", "component", "national_dimension", "prefillable", "rule")
    list_filter = ("component", "national_dimension", "prefillable")
    search_fields = ("code", "question")
    saver = "save_item"


@admin.register(DimensionMapping)
class DimensionMappingAdmin(ServiceAdmin):
    list_display = ("dimension", "national_dimension")
    saver = "save_mapping"


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EvaluationPeriod)
class EvaluationPeriodAdmin(ReadOnlyAdmin):
    list_display = ("year", "status", "finalised_at")


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdmin):
    list_display = ("period", "item", "level", "source", "assigned_opd", "answered_at")
    list_filter = ("period", "source")


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "reference", "year")


@admin.register(Risk)
class RiskAdmin(ReadOnlyAdmin):
    list_display = ("title", "initiative", "level", "status", "owner_opd")
    list_filter = ("level", "status")
