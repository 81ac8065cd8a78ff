"""Vocabularies of the notifications app: reminder rules, e-mail delivery states and outbox job states."""

from django.utils.translation import gettext_lazy as _

from core.choices import ColouredChoices


class ReminderRule(ColouredChoices):
    REPORT_DUE = "report_due", _("Quarterly report due")
    MILESTONE_DUE = "milestone_due", _("Milestones due and overdue")
    REPORT_RETURNED = "report_returned", _("Returned report not resubmitted")
    ADMIN_DIGEST = "admin_digest", _("Weekly digest for administrators")

    @classmethod
    def _colours(cls):
        return {
            cls.REPORT_DUE: "#1d4ed8",
            cls.MILESTONE_DUE: "#6d28d9",
            cls.REPORT_RETURNED: "#b45309",
            cls.ADMIN_DIGEST: "#0f766e",
        }


# Defaults installed by migration 0003 and used when a rule's row is missing: (lead days, repeat days).
# report_due: the first reminder goes out lead_days before the deadline, then every repeat_days once it is overdue.
# milestone_due: lead_days before the due date, then every repeat_days while overdue.
# report_returned: lead_days after the report was returned, then every repeat_days until resubmitted.
# admin_digest: once per ISO week (lead and repeat days are not used).
RULE_DEFAULTS = {
    ReminderRule.REPORT_DUE: (14, 7),
    ReminderRule.MILESTONE_DUE: (14, 7),
    ReminderRule.REPORT_RETURNED: (7, 7),
    ReminderRule.ADMIN_DIGEST: (0, 7),
}


class EmailStatus(ColouredChoices):
    NONE = "none", _("Not e-mailed")
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    RETRYING = "retrying", _("Failed, will retry")
    FAILED = "failed", _("Failed")
    NO_ADDRESS = "no_address", _("No e-mail address")

    @classmethod
    def _colours(cls):
        return {
            cls.NONE: "#64748b",
            cls.PENDING: "#1d4ed8",
            cls.SENT: "#15803d",
            cls.RETRYING: "#b45309",
            cls.FAILED: "#b91c1c",
            cls.NO_ADDRESS: "#64748b",
        }


class JobState(ColouredChoices):
    PENDING = "pending", _("Pending (not yet queued)")
    QUEUED = "queued", _("Queued")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")

    @classmethod
    def _colours(cls):
        return {cls.PENDING: "#b45309", cls.QUEUED: "#1d4ed8", cls.DONE: "#15803d", cls.FAILED: "#b91c1c"}
