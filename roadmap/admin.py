from django.contrib import admin

from .models import ImportJob, Masterplan, MasterplanYear


class MasterplanYearInline(admin.TabularInline):
    model = MasterplanYear
    extra = 0


@admin.register(Masterplan)
class MasterplanAdmin(admin.ModelAdmin):
    list_display = ("title", "start_year", "end_year", "status", "is_demo")
    list_filter = ("status", "is_demo")
    search_fields = ("title", "vision")
    inlines = [MasterplanYearInline]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Read-only record of masterplan imports (run them from the portal's import page)."""

    list_display = ("original_name", "state", "created_by", "created_at", "imported_at")
    list_filter = ("state",)
    readonly_fields = [f.name for f in ImportJob._meta.fields]

    def has_add_permission(self, request):
        return False
