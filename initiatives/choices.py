"""Vocabularies of the initiatives app, each value with a translatable label and one colour used everywhere."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import ColouredChoices


class InitiativeStatus(ColouredChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    ON_HOLD = "on_hold", _("On hold")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")

    @classmethod
    def _colours(cls):
        return {
            cls.PLANNED: "#64748b",
            cls.IN_PROGRESS: "#1d4ed8",
            cls.ON_HOLD: "#b45309",
            cls.COMPLETED: "#15803d",
            cls.CANCELLED: "#7f1d1d",
        }


class Horizon(ColouredChoices):
    QUICK_WIN = "quick_win", _("Quick win")
    SHORT = "short", _("Short term")
    MEDIUM = "medium", _("Medium term")
    LONG = "long", _("Long term")

    @classmethod
    def _colours(cls):
        return {cls.QUICK_WIN: "#0f766e", cls.SHORT: "#0369a1", cls.MEDIUM: "#6d28d9", cls.LONG: "#9d174d"}


class Health(ColouredChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    LATE = "late", _("Late")

    @classmethod
    def _colours(cls):
        return {cls.ON_TRACK: "#15803d", cls.AT_RISK: "#b45309", cls.LATE: "#b91c1c"}


class FundingSource(models.TextChoices):
    APBD = "APBD", _("APBD (regional budget)")
    APBN = "APBN", _("APBN (national budget)")
    DAK = "DAK", _("DAK (special allocation fund)")
    CSR = "CSR", _("CSR")
    KPBU = "KPBU", _("KPBU (public-private partnership)")
    OTHER = "other", _("Other")


class ReportState(ColouredChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")

    @classmethod
    def _colours(cls):
        return {cls.DRAFT: "#64748b", cls.SUBMITTED: "#1d4ed8", cls.APPROVED: "#15803d", cls.RETURNED: "#b45309"}


# The states in which a report's author may still change it (and add or remove its evidence).
EDITABLE_REPORT_STATES = (ReportState.DRAFT, ReportState.RETURNED)

# The report workflow: draft → submitted → approved | returned → submitted …
REPORT_TRANSITIONS = {
    ReportState.DRAFT: {ReportState.SUBMITTED},
    ReportState.SUBMITTED: {ReportState.APPROVED, ReportState.RETURNED},
    ReportState.RETURNED: {ReportState.SUBMITTED},
    ReportState.APPROVED: set(),
}
