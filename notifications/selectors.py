"""Reads about notifications and reminders: the bell, reminder history, rule settings, the delivery log, and what the
registered rules (notifications.registry) find due. ``services.run_reminders`` turns that into messages, and the dry
run of ``send_reminders`` prints it.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from opd.permissions import is_admin

from . import registry
from .choices import EmailStatus, JobState, ReminderRule
from .models import Notification, OutboxJob, ReminderLog, ReminderSetting

# --- the bell and histories ----------------------------------------------------------------------------------------


def notifications_for(user) -> QuerySet[Notification]:
    if not user or not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(user) -> int:
    return notifications_for(user).filter(read_at__isnull=True).count()


def reminder_history(user, *, everyone: bool = False, failed_only: bool = False, rule: str = "") -> QuerySet:
    """Reminders sent (one row per message), newest first: the user's own, or everyone's for administrators."""
    if not user or not user.is_authenticated:
        return Notification.objects.none()
    qs = Notification.objects.exclude(rule="").select_related("recipient")
    if not (everyone and is_admin(user)):
        qs = qs.filter(recipient=user)
    if failed_only:
        qs = qs.filter(email_status__in=[EmailStatus.FAILED, EmailStatus.RETRYING])
    if rule:
        qs = qs.filter(rule=rule)
    return qs.order_by("-created_at", "-id")


def failed_jobs() -> QuerySet[OutboxJob]:
    return OutboxJob.objects.filter(Q(state=JobState.FAILED) | Q(state=JobState.PENDING, dispatch_attempts__gt=0))


def rule_settings() -> dict[str, ReminderSetting]:
    """Every rule's setting; a rule whose row is missing runs with its defaults."""
    rows = {s.rule: s for s in ReminderSetting.objects.all()}
    return {rule: rows.get(rule) or ReminderSetting.default_for(rule) for rule in ReminderRule.values}


def already_sent(items_by_recipient: dict) -> set[tuple[str, str, int]]:
    """(rule, key, recipient id) of the given candidate reminders that the log says were sent."""
    keys = {item.key for items in items_by_recipient.values() for item in items}
    if not keys:
        return set()
    return set(ReminderLog.objects.filter(key__in=keys).values_list("rule", "key", "recipient_id"))


def due_reminders(today: dt.date, settings_by_rule: dict | None = None) -> list[tuple[str, object, list]]:
    """Every (rule, recipient, items) the enabled rules find on ``today``, before checking the log."""
    settings_by_rule = settings_by_rule or rule_settings()
    result = []
    for spec in registry.registered_rules():
        setting = settings_by_rule[spec.code]
        if not setting.enabled:
            continue
        for user, items in sorted(spec.find(today, setting).items(), key=lambda pair: pair[0].pk):
            result.append((spec.code, user, items))
    return result
