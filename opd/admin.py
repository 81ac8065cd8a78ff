from django.contrib import admin

from .models import Membership, Opd


@admin.register(Opd)
class OpdAdmin(admin.ModelAdmin):
    list_display = ("code", "abbreviation", "name", "kind", "head_name", "active")
    list_filter = ("kind", "active")
    search_fields = ("code", "abbreviation", "name", "head_name")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "opd")
    list_filter = ("role", "opd")
    search_fields = ("user__username", "user__email", "opd__code", "opd__abbreviation")
    autocomplete_fields = ("opd",)
    raw_id_fields = ("user",)
