"""Baselines in the Django admin: read-only (they are frozen on the portal's /revisions/ page)."""

from django.contrib import admin

from .models import Baseline


@admin.register(Baseline)
class BaselineAdmin(admin.ModelAdmin):
    list_display = ("name", "masterplan", "created_by", "created_at")
    list_filter = ("masterplan",)
    readonly_fields = ("masterplan", "name", "note", "snapshot", "created_by", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
