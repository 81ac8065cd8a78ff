"""The bell: the user's notifications, marking them read, reminder history, and the reminder rules (admins)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opd.decorators import admin_required, portal_user_required
from opd.selectors import is_admin

from . import selectors, services
from .choices import ReminderRule
from .forms import ReminderSettingForm
from .models import Notification, OutboxJob

PAGE_SIZE = 50


@portal_user_required
def notification_list(request):
    qs = selectors.notifications_for(request.user)
    unread_only = request.GET.get("unread") == "1"
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    language = translation.get_language()
    for notification in page.object_list:
        notification.shown = notification.in_language(language)  # in the reader's language (issue 15)
    return render(
        request,
        "notifications/notification_list.html",
        {
            "page": page,
            "notifications": page.object_list,
            "unread_only": unread_only,
            "unread_total": selectors.unread_count(request.user),
        },
    )


def _safe_next(request, fallback):
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@portal_user_required
@require_POST
def mark_read(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.mark_read(request.user, [notification.pk])
    if request.POST.get("open") and notification.url:
        return redirect(notification.url)
    return redirect(_safe_next(request, "notifications:list"))


@portal_user_required
@require_POST
def mark_all_read(request):
    count = services.mark_read(request.user)
    messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
    return redirect(_safe_next(request, "notifications:list"))


@portal_user_required
def reminder_history(request):
    admin = is_admin(request.user)
    everyone = admin and request.GET.get("all") == "1"
    failed_only = request.GET.get("failed") == "1"
    rule = request.GET.get("rule", "")
    rule = rule if rule in ReminderRule.values else ""
    qs = selectors.reminder_history(request.user, everyone=everyone, failed_only=failed_only, rule=rule)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    language = translation.get_language()
    for notification in page.object_list:
        notification.shown = notification.in_language(language)
    context = {
        "page": page,
        "reminders": page.object_list,
        "is_admin": admin,
        "everyone": everyone,
        "failed_only": failed_only,
        "rule": rule,
        "rules": ReminderRule.choices,
    }
    if admin and everyone:
        context["failed_jobs"] = list(selectors.failed_jobs().order_by("-created_at")[:50])
    return render(request, "notifications/reminder_history.html", context)


@admin_required
@require_POST
def retry_job(request, pk):
    job = get_object_or_404(OutboxJob, pk=pk)
    services.retry_job(request.user, job)
    messages.success(request, _("The job was queued again."))
    return redirect(_safe_next(request, "notifications:reminders"))


@admin_required
def reminder_settings(request):
    current = selectors.rule_settings()
    forms = {
        rule: ReminderSettingForm(request.POST or None, instance=setting, prefix=rule)
        for rule, setting in current.items()
    }
    if request.method == "POST":
        if all(form.is_valid() for form in forms.values()):
            for rule, form in forms.items():
                services.update_rule_setting(request.user, rule, **form.cleaned_data)
            messages.success(request, _("Reminder rules saved."))
            return redirect("notifications:settings")
        messages.error(request, _("Please correct the errors below."))
    rows = [(ReminderRule(rule).label, forms[rule]) for rule in ReminderRule.values]
    return render(request, "notifications/reminder_settings.html", {"rows": rows})
