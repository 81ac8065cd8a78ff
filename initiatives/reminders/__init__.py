"""Reminder rules about initiatives, registered with notifications' registry when the app is ready."""

from notifications.choices import ReminderRule
from notifications.registry import register_rule

from . import finders, messages


def register() -> None:
    # the wording of these four names no reader (see messages): built once per language for everyone alike
    register_rule(
        ReminderRule.REPORT_DUE, find=finders.report_due_items, build=messages.report_due, shared_wording=True
    )
    register_rule(
        ReminderRule.MILESTONE_DUE, find=finders.milestone_items, build=messages.milestones, shared_wording=True
    )
    register_rule(
        ReminderRule.REPORT_RETURNED, find=finders.returned_report_items, build=messages.returned, shared_wording=True
    )
    register_rule(ReminderRule.ADMIN_DIGEST, find=finders.digest_items, build=messages.digest, shared_wording=True)
