"""Reminder rules about initiatives, registered with notifications' registry when the app is ready."""
from notifications.choices import ReminderRule
from notifications.registry import register_rule

from . import finders, messages


def register() -> None:
    register_rule(ReminderRule.REPORT_DUE, find=finders.report_due_items, build=messages.report_due)
    register_rule(ReminderRule.MILESTONE_DUE, find=finders.milestone_items, build=messages.milestones)
    register_rule(ReminderRule.REPORT_RETURNED, find=finders.returned_report_items, build=messages.returned)
    register_rule(ReminderRule.ADMIN_DIGEST, find=finders.digest_items, build=messages.digest)
