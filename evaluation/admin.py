"""Django admin for the framework (national dimensions, components, items, mapping), through the services; periods,
answers, documents and risks are shown read-only (they are edited on the evaluation pages)."""

from django.contrib import admin

from . import services
from .models import Answer, Component, DimensionMapping, Document, EvaluationPeriod, Item, NationalDimension, Risk


class ServiceAdmin(admin.ModelAdmin):
    """Saves and deletes go through the services (permission check and validation)."""

    def save_model(self, request, obj, form, change):
        self.save_with_service(request.user, obj)

    def save_with_service(self, user, obj):  # pragma: no cover - every registered admin below names its service
        raise NotImplementedError(f"{type(self).__name__} must save {type(obj).__name__} through a service")

    def delete_model(self, request, obj):
        services.delete_framework_row(user=request.user, obj=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.delete_framework_row(user=request.user, obj=obj)


@admin.register(NationalDimension)
class NationalDimensionAdmin(ServiceAdmin):
    list_display = ("code", "name", "order")

    def save_with_service(self, user, obj):
        services.save_national_dimension(user=user, nationaldimension=obj)


@admin.register(Component)
class ComponentAdmin(ServiceAdmin):
    list_display = ("code", "name", "weight", "order")

    def save_with_service(self, user, obj):
        services.save_component(user=user, component=obj)


@admin.register(Item)
class ItemAdmin(ServiceAdmin):
    list_display = ("code", "component", "national_dimension", "prefillable", "rule")
    list_filter = ("component", "national_dimension", "prefillable")
    search_fields = ("code", "question")

    def save_with_service(self, user, obj):
        services.save_item(user=user, item=obj)


@admin.register(DimensionMapping)
class DimensionMappingAdmin(ServiceAdmin):
    list_display = ("dimension", "national_dimension")

    def save_with_service(self, user, obj):
        services.save_mapping(user=user, mapping=obj)


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
