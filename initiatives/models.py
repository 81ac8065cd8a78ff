"""Initiatives of the road map, their budget lines, milestones, quarterly progress reports, evidence and comments.

Every create, update and delete of initiatives, budget lines, milestones and reports is recorded by
django-simple-history (who, when, the values before and after).
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel, VersionedModel, YearSpan

from .choices import EDITABLE_REPORT_STATES, FundingSource, Horizon, InitiativeStatus, ReportState

MONEY_HELP = _("Whole Rupiah.")


class Initiative(YearSpan, VersionedModel):
    """A road-map initiative led by one agency, supported by others, within the masterplan's period."""

    masterplan = models.ForeignKey(
        "masterplans.Masterplan", on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("masterplan")
    )
    code = models.CharField(_("code"), max_length=40)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    dimension = models.ForeignKey(
        "dimensions.Dimension", on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("dimension")
    )
    sub_dimension = models.ForeignKey(
        "dimensions.SubDimension",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("sub-dimension"),
    )
    lead_opd = models.ForeignKey(
        "opd.Opd", on_delete=models.PROTECT, related_name="led_initiatives", verbose_name=_("lead agency")
    )
    supporting_opds = models.ManyToManyField(
        "opd.Opd", blank=True, related_name="supported_initiatives", verbose_name=_("supporting agencies")
    )
    horizon = models.CharField(_("horizon"), max_length=12, choices=Horizon.choices, default=Horizon.SHORT)
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"))
    status = models.CharField(
        _("status"), max_length=12, choices=InitiativeStatus.choices, default=InitiativeStatus.PLANNED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    program_code = models.CharField(_("program/kegiatan code"), max_length=60, blank=True)
    location = models.CharField(_("location"), max_length=255, blank=True)
    indicators = models.ManyToManyField(
        "dimensions.Indicator", blank=True, related_name="initiatives", verbose_name=_("indicators")
    )

    # Each history record also keeps the supporting agencies and indicators as they were (a snapshot per record).
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[supporting_opds, indicators])

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["dimension__order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["masterplan", "code"],
                name="initiative_code_unique",
                violation_error_message=_("An initiative with this code already exists in the masterplan."),
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100),
                name="initiative_progress_0_100",
                violation_error_message=_("Progress must be between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="initiative_years_ordered",
                violation_error_message=_("The end year may not be before the start year."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=InitiativeStatus.values),
                name="initiative_status_valid",
                violation_error_message=_("Unknown status."),
            ),
            models.CheckConstraint(
                condition=Q(horizon__in=Horizon.values),
                name="initiative_horizon_valid",
                violation_error_message=_("Unknown horizon."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def clean(self):
        errors = {}
        if self.masterplan_id and self.start_year and not self.masterplan.contains_year(self.start_year):
            errors["start_year"] = _("The start year lies outside the masterplan's period (%(start)s–%(end)s).") % {
                "start": self.masterplan.start_year,
                "end": self.masterplan.end_year,
            }
        if self.masterplan_id and self.end_year and not self.masterplan.contains_year(self.end_year):
            errors["end_year"] = _("The end year lies outside the masterplan's period (%(start)s–%(end)s).") % {
                "start": self.masterplan.start_year,
                "end": self.masterplan.end_year,
            }
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = _("The end year may not be before the start year.")
        if self.sub_dimension_id and self.dimension_id and self.sub_dimension.dimension_id != self.dimension_id:
            errors["sub_dimension"] = _("The sub-dimension belongs to another dimension.")
        if errors:
            raise ValidationError(errors)

    def is_active_in(self, year: int) -> bool:
        """Planned to run in ``year`` (the masterplan's word for an initiative's span)."""
        return self.contains_year(year)

    @property
    def status_colour(self):
        return InitiativeStatus.colour(self.status)


class BudgetLine(TimeStampedModel):
    """Planned ceiling (pagu) and realised amount (realisasi) of an initiative for one year and funding source."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("initiative")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    funding_source = models.CharField(
        _("funding source"), max_length=10, choices=FundingSource.choices, default=FundingSource.APBD
    )
    planned = models.BigIntegerField(_("planned (ceiling)"), default=0, help_text=MONEY_HELP)
    realized = models.BigIntegerField(_("realised"), default=0, help_text=MONEY_HELP)
    note = models.CharField(_("note"), max_length=255, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["initiative", "year", "funding_source"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "year", "funding_source"],
                name="budget_line_unique",
                violation_error_message=_("This initiative already has a budget line for that year and source."),
            ),
            models.CheckConstraint(
                condition=Q(planned__gte=0),
                name="budget_planned_non_negative",
                violation_error_message=_("The planned budget may not be negative."),
            ),
            models.CheckConstraint(
                condition=Q(realized__gte=0),
                name="budget_realized_non_negative",
                violation_error_message=_("The realised budget may not be negative."),
            ),
            models.CheckConstraint(
                condition=Q(funding_source__in=FundingSource.values),
                name="budget_funding_source_valid",
                violation_error_message=_("Unknown funding source."),
            ),
        ]

    def __str__(self):
        return f"{self.initiative.code} {self.year} {self.funding_source}"

    def clean(self):
        if self.initiative_id and self.year and not self.initiative.is_active_in(self.year):
            raise ValidationError({"year": _("The year lies outside the initiative's years.")})


class Milestone(VersionedModel):
    """A dated step of an initiative; overdue when its due date has passed without a completion date.

    Versioned: an edit made on a stale copy is refused (ConflictError) instead of overwriting someone else's."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("initiative")
    )
    title = models.CharField(_("title"), max_length=255)
    due_date = models.DateField(_("due date"), db_index=True)
    completed_date = models.DateField(_("completed on"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_date", "id"]

    def is_overdue_on(self, day) -> bool:
        """Open and past its due date (initiatives.metrics.overdue_milestone_filter, for one object)."""
        return self.completed_date is None and self.due_date < day

    def __str__(self):
        return self.title


def evidence_upload_to(instance, filename):
    """Evidence is stored under a generated name; the user's file name is kept only as data."""
    suffix = Path(filename).suffix.lower()[:10]
    return f"evidence/{instance.initiative_id}/{uuid.uuid4().hex}{suffix}"


class ProgressReport(VersionedModel):
    """An agency's quarterly report on an initiative; approved reports update the initiative."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="reports", verbose_name=_("initiative")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    status = models.CharField(
        _("initiative status"), max_length=12, choices=InitiativeStatus.choices, default=InitiativeStatus.IN_PROGRESS
    )
    narrative = models.TextField(_("narrative"), blank=True)
    obstacles = models.TextField(_("obstacles"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    budget_realized = models.BigIntegerField(_("budget realised"), default=0, help_text=MONEY_HELP)
    state = models.CharField(
        _("state"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "year", "quarter"],
                name="report_one_per_quarter",
                violation_error_message=_("This initiative already has a report for that quarter."),
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4),
                name="report_quarter_1_4",
                violation_error_message=_("The quarter must be between 1 and 4."),
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100),
                name="report_progress_0_100",
                violation_error_message=_("Progress must be between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=Q(budget_realized__gte=0),
                name="report_budget_non_negative",
                violation_error_message=_("The realised budget may not be negative."),
            ),
            models.CheckConstraint(
                condition=Q(state__in=ReportState.values),
                name="report_state_valid",
                violation_error_message=_("Unknown report state."),
            ),
        ]
        indexes = [models.Index(fields=["year", "quarter", "state"], name="report_period_state_idx")]

    def __str__(self):
        return f"{self.initiative.code} T{self.quarter}/{self.year}"

    def clean(self):
        if self.initiative_id and self.year and not self.initiative.is_active_in(self.year):
            raise ValidationError({"year": _("The initiative is not active in that year.")})

    @property
    def is_editable(self) -> bool:
        """A draft or a returned report: its author may still change it and its evidence."""
        return self.state in EDITABLE_REPORT_STATES

    @property
    def state_colour(self):
        return ReportState.colour(self.state)


class Evidence(TimeStampedModel):
    """A file backing a report or an initiative (PDF, JPG, PNG, XLSX, DOCX), type checked from its content."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("initiative")
    )
    report = models.ForeignKey(
        ProgressReport,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("report"),
    )
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    description = models.CharField(_("description"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-created_at"]

    def __str__(self):
        return self.original_name


class Comment(TimeStampedModel):
    """A remark on an initiative, open to the lead and supporting agencies and admins."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="comments", verbose_name=_("initiative")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at"]

    def __str__(self):
        return self.text[:60]


class InitiativeSummary(models.Model):
    """What the roll-ups read of an initiative's budget lines, milestones and reports, one row per initiative.

    Kept by database triggers (``initiatives/summary.py``, installed by migration 0005 and after every ``migrate``) in
    the same transaction as each insert, update or delete of those rows, whoever writes them (services, the
    importer, the admin, bulk loads): it is never stale, so pages aggregate one row per initiative instead of running
    correlated subqueries per row. No foreign-key constraint, so deletes in any order work; the initiative's delete
    trigger removes the row.
    """

    initiative = models.OneToOneField(
        Initiative,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="summary",
        verbose_name=_("initiative"),
    )
    budget_planned = models.BigIntegerField(_("budget planned"), default=0)
    budget_realized = models.BigIntegerField(_("budget realised"), default=0)
    first_open_due = models.DateField(_("earliest open milestone"), null=True, blank=True)
    last_approved_at = models.DateTimeField(_("last approval"), null=True, blank=True)

    class Meta:
        verbose_name = _("initiative summary")
        verbose_name_plural = _("initiative summaries")

    def __str__(self):
        return str(self.initiative_id)
