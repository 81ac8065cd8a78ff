from django.contrib import admin

from .models import Masterplan, MasterplanYear


class MasterplanYearInline(admin.TabularInline):
    model = MasterplanYear
    extra = 0


@admin.register(Masterplan)
class MasterplanAdmin(admin.ModelAdmin):
    list_display = ("title", "start_year", "end_year", "status", "is_demo")
    list_filter = ("status", "is_demo")
    search_fields = ("title", "vision")
    inlines = [MasterplanYearInline]
