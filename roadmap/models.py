"""The masterplan: its five-year period, vision and the theme of each roadmap year."""
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from .choices import ImportJobState, MasterplanStatus

PERIOD_YEARS = 5


class Masterplan(TimeStampedModel):
    """A five-year smart city masterplan. At most one is active; initiatives belong to one masterplan."""

    title = models.CharField(_("title"), max_length=255)
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"))
    vision = models.TextField(_("vision"), blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MasterplanStatus.choices,
                              default=MasterplanStatus.DRAFT)
    is_demo = models.BooleanField(_("demo data"), default=False,
                                  help_text=_("Loaded by load_demo; the portal shows a banner."))

    class Meta:
        verbose_name = _("masterplan")
        verbose_name_plural = _("masterplans")
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year=F("start_year") + (PERIOD_YEARS - 1)), name="masterplan_five_years",
                violation_error_message=_("A masterplan covers five years: the end year is the start year + 4."),
            ),
            models.CheckConstraint(
                condition=Q(start_year__gte=2000, start_year__lte=2100), name="masterplan_start_year_range",
                violation_error_message=_("The start year must be between 2000 and 2100."),
            ),
            models.UniqueConstraint(
                fields=["status"], condition=Q(status=MasterplanStatus.ACTIVE), name="masterplan_one_active",
                violation_error_message=_("Another masterplan is already active; archive it first."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.start_year}–{self.end_year})"

    @property
    def years(self):
        return list(range(self.start_year, self.end_year + 1))

    def contains_year(self, year) -> bool:
        return year is not None and self.start_year <= year <= self.end_year


class MasterplanYear(models.Model):
    """The theme and focus of one roadmap year."""

    masterplan = models.ForeignKey(Masterplan, on_delete=models.CASCADE, related_name="roadmap_years",
                                   verbose_name=_("masterplan"))
    year = models.PositiveSmallIntegerField(_("year"))
    theme = models.CharField(_("theme"), max_length=255)
    focus = models.TextField(_("focus"), blank=True)

    class Meta:
        verbose_name = _("roadmap year")
        verbose_name_plural = _("roadmap years")
        ordering = ["masterplan", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["masterplan", "year"], name="masterplan_year_unique",
                violation_error_message=_("This masterplan already has a theme for that year."),
            ),
        ]

    def __str__(self):
        return f"{self.year}: {self.theme}"

    def clean(self):
        if self.masterplan_id and not self.masterplan.contains_year(self.year):
            raise ValidationError({"year": _("The year lies outside the masterplan's period.")})


def import_upload_to(instance, filename):
    """Uploads are stored under a generated name; the admin's file name is kept only as data."""
    suffix = Path(filename).suffix.lower()[:6]
    return f"masterplan-imports/{instance.pk.hex}{suffix}"


class ImportJob(TimeStampedModel):
    """One uploaded masterplan file, its preview (dry run) and, once confirmed, its import; holds the progress shown
    in the portal and the result (counts per kind, every problem as sheet/row/column/message)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    masterplan = models.ForeignKey(Masterplan, on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="import_jobs", verbose_name=_("masterplan"))
    file = models.FileField(_("file"), upload_to=import_upload_to, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", verbose_name=_("uploaded by"))
    language = models.CharField(_("language"), max_length=8, default="id")
    state = models.CharField(_("state"), max_length=10, choices=ImportJobState.choices,
                             default=ImportJobState.CHECKING)
    stage = models.CharField(_("stage"), max_length=20, blank=True)
    rows_checked = models.PositiveIntegerField(_("rows checked"), default=0)
    progress_done = models.PositiveIntegerField(_("rows done"), default=0)
    progress_total = models.PositiveIntegerField(_("rows in total"), null=True, blank=True)
    preview = models.JSONField(_("preview"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("masterplan import")
        verbose_name_plural = _("masterplan imports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ImportJobState.values), name="import_job_state_valid",
                violation_error_message=_("Unknown import state."),
            ),
        ]

    def __str__(self):
        return f"{self.original_name} ({self.get_state_display()})"

    @property
    def running(self) -> bool:
        return self.state in (ImportJobState.CHECKING, ImportJobState.IMPORTING)

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def state_colour(self):
        return ImportJobState.colour(self.state)
