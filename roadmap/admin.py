from django.contrib import admin

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Read-only record of masterplan imports (run them from the portal's import page)."""

    list_display = ("original_name", "state", "created_by", "created_at", "imported_at")
    list_filter = ("state",)
    readonly_fields = [f.name for f in ImportJob._meta.fields]

    def has_add_permission(self, request):
        return False
