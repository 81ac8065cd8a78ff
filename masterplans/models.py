"""The masterplan record: its five-year period, vision and the theme of each roadmap year.

The root of the data: every other app may point at it; it points at nothing but ``core``. The tables keep the names
they had when the models lived in ``roadmap`` (moved without copying a row)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import VersionedModel, YearSpan

from .choices import MasterplanStatus

PERIOD_YEARS = 5


class Masterplan(YearSpan, VersionedModel):
    """A five-year smart city masterplan. At most one is active; initiatives belong to one masterplan."""

    title = models.CharField(_("title"), max_length=255)
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"))
    vision = models.TextField(_("vision"), blank=True)
    mission = models.TextField(_("mission"), blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MasterplanStatus.choices, default=MasterplanStatus.DRAFT
    )
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Loaded by load_demo; the portal shows a banner.")
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        db_table = "roadmap_masterplan"
        verbose_name = _("masterplan")
        verbose_name_plural = _("masterplans")
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year=F("start_year") + (PERIOD_YEARS - 1)),
                name="masterplan_five_years",
                violation_error_message=_("A masterplan covers five years: the end year is the start year + 4."),
            ),
            models.CheckConstraint(
                condition=Q(start_year__gte=2000, start_year__lte=2100),
                name="masterplan_start_year_range",
                violation_error_message=_("The start year must be between 2000 and 2100."),
            ),
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status=MasterplanStatus.ACTIVE),
                name="masterplan_one_active",
                violation_error_message=_("Another masterplan is already active; archive it first."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.start_year}–{self.end_year})"


class MasterplanYear(VersionedModel):
    """The theme and focus of one roadmap year."""

    masterplan = models.ForeignKey(
        Masterplan, on_delete=models.CASCADE, related_name="roadmap_years", verbose_name=_("masterplan")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    theme = models.CharField(_("theme"), max_length=255)
    focus = models.TextField(_("focus"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        db_table = "roadmap_masterplanyear"
        verbose_name = _("roadmap year")
        verbose_name_plural = _("roadmap years")
        ordering = ["masterplan", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["masterplan", "year"],
                name="masterplan_year_unique",
                violation_error_message=_("This masterplan already has a theme for that year."),
            ),
        ]

    def __str__(self):
        return f"{self.year}: {self.theme}"

    def clean(self):
        if self.masterplan_id and not self.masterplan.contains_year(self.year):
            raise ValidationError({"year": _("The year lies outside the masterplan's period.")})
