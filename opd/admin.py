from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, Membership, Opd
from .services import revoke_token


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


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued in the portal or by ``issue_api_token`` (the key is shown once there); the admin only lists
    and revokes them and never shows a key or its hash."""

    list_display = ("name", "user", "scope", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("scope", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "user__username", "prefix")
    fields = ("name", "user", "scope", "prefix", "created_by", "created_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Revoke selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset:
            revoke_token(request.user, token)
        self.message_user(request, _("The selected tokens were revoked."), messages.SUCCESS)
