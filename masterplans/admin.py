"""The masterplan in the Django admin is read-only: its content is edited on the portal's masterplan page
(``masterplans.services``: versions, history) and by the workbook import."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Masterplan, MasterplanYear


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MasterplanYearInline(ReadOnlyMixin, admin.TabularInline):
    model = MasterplanYear
    extra = 0
    fields = ("year", "theme", "focus", "version")
    readonly_fields = fields


@admin.register(Masterplan)
class MasterplanAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ("title", "start_year", "end_year", "status", "is_demo", "version")
    list_filter = ("status", "is_demo")
    search_fields = ("title", "vision")
    inlines = [MasterplanYearInline]
