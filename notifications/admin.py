from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Notification, OutboxJob, ReminderLog, ReminderSetting


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("recipient", "kind", "title", "created_at", "read_at", "email_status", "email_attempts")
    list_filter = ("kind", "rule", "email_status", "read_at")
    search_fields = ("recipient__username", "title", "body", "email_to")
    raw_id_fields = ("recipient",)
    readonly_fields = ("created_at",)


@admin.register(ReminderSetting)
class ReminderSettingAdmin(admin.ModelAdmin):
    list_display = ("rule", "enabled", "lead_days", "repeat_days", "updated_at")
    list_editable = ("enabled", "lead_days", "repeat_days")


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ("created_at", "rule", "key", "recipient", "label", "for_date")
    list_filter = ("rule", "for_date")
    search_fields = ("key", "label", "recipient__username")
    raw_id_fields = ("recipient", "notification")


@admin.register(OutboxJob)
class OutboxJobAdmin(admin.ModelAdmin):
    list_display = ("pk", "kind", "state", "attempts", "dispatch_attempts", "created_at", "done_at", "last_error")
    list_filter = ("state", "kind")
    actions = ["retry"]

    @admin.action(description=_("Send the selected jobs again"))
    def retry(self, request, queryset):
        for job in queryset:
            services.retry_job(request.user, job)
        messages.success(request, _("Queued again."))
