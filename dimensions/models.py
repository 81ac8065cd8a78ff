"""The masterplan's dimensions, their sub-dimensions (elements), condition findings and indicators (KPIs)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import VersionedModel

from .choices import Direction, FindingKind, Frequency


class Dimension(models.Model):
    """One of the masterplan's dimensions (Smart Economy …). The set is data: an installation may load its own."""

    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        error_messages={"unique": _("A dimension with this code already exists.")},
    )
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    goal = models.TextField(_("goal"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    colour = models.CharField(_("colour"), max_length=7, default="#2563eb", help_text=_("CSS colour, e.g. #2563eb"))

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9A-Fa-f]{6}$"),
                name="dimension_colour_hex",
                violation_error_message=_("The colour must be a hex colour such as #2563eb."),
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


class SubDimension(models.Model):
    """An element of a dimension (e.g. Kesehatan under Smart Living)."""

    dimension = models.ForeignKey(
        Dimension, on_delete=models.CASCADE, related_name="sub_dimensions", verbose_name=_("dimension")
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=160)
    name_en = models.CharField(_("name (English)"), max_length=160, blank=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("sub-dimension")
        verbose_name_plural = _("sub-dimensions")
        ordering = ["dimension__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "code"],
                name="subdimension_code_unique_per_dimension",
                violation_error_message=_("This dimension already has a sub-dimension with this code."),
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


class ConditionFinding(VersionedModel):
    """What the masterplan found for a dimension: existing condition, problem, uniqueness or potential."""

    dimension = models.ForeignKey(
        Dimension, on_delete=models.CASCADE, related_name="findings", verbose_name=_("dimension")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FindingKind.choices)
    text = models.TextField(_("text"))
    source = models.CharField(_("source"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("condition finding")
        verbose_name_plural = _("condition findings")
        ordering = ["dimension__order", "kind", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=FindingKind.values),
                name="finding_kind_valid",
                violation_error_message=_("Unknown kind of finding."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"


# Satu Data Indonesia metadata of an indicator (Perpres 39/2019), in the order the workbook's columns and the open
# data feed list them. Every one is optional text; ``frequency`` takes a Frequency value.
SATU_DATA_FIELDS = (
    "definition",
    "calculation",
    "frequency",
    "data_source",
    "producer",
    "steward",
    "reference_code",
    "disaggregation",
    "licence",
)


class Indicator(models.Model):
    """A key performance indicator with a baseline, a target per year and measured realisations."""

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        error_messages={"unique": _("An indicator with this code already exists.")},
    )
    name = models.CharField(_("name"), max_length=255)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    direction = models.CharField(_("direction"), max_length=4, choices=Direction.choices, default=Direction.UP)
    dimension = models.ForeignKey(
        Dimension, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("dimension")
    )
    sub_dimension = models.ForeignKey(
        SubDimension,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("sub-dimension"),
    )
    opd = models.ForeignKey(
        "opd.Opd",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("responsible agency"),
    )
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=4, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    # Satu Data metadata (SATU_DATA_FIELDS), published by the open data feed.
    definition = models.TextField(_("definition"), blank=True)
    calculation = models.TextField(_("formula / calculation"), blank=True)
    frequency = models.CharField(_("frequency"), max_length=12, choices=Frequency.choices, blank=True)
    data_source = models.CharField(_("data source"), max_length=255, blank=True)
    producer = models.CharField(_("data producer (produsen data)"), max_length=255, blank=True)
    steward = models.CharField(_("data steward (walidata)"), max_length=255, blank=True)
    reference_code = models.CharField(
        _("reference code"), max_length=60, blank=True, help_text=_("E.g. the national indicator reference code.")
    )
    disaggregation = models.CharField(_("level of disaggregation"), max_length=255, blank=True)
    licence = models.CharField(
        _("licence"),
        max_length=60,
        blank=True,
        help_text=_("SPDX identifier, e.g. CC-BY-4.0; empty: the portal's open data licence."),
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["dimension__order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values),
                name="indicator_direction_valid",
                violation_error_message=_("The direction must be 'up' or 'down'."),
            ),
            models.CheckConstraint(
                condition=Q(baseline_year__isnull=True) | Q(baseline_year__gte=1990, baseline_year__lte=2100),
                name="indicator_baseline_year_range",
                violation_error_message=_("The baseline year must be between 1990 and 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        if self.sub_dimension_id and self.dimension_id and self.sub_dimension.dimension_id != self.dimension_id:
            raise ValidationError({"sub_dimension": _("The sub-dimension belongs to another dimension.")})


class IndicatorTarget(models.Model):
    """The target value of an indicator for one year of the masterplan."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target"), max_digits=16, decimal_places=4)

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="indicator_target_unique_year",
                violation_error_message=_("This indicator already has a target for that year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100),
                name="indicator_target_year_range",
                violation_error_message=_("The year must be between 1990 and 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.year}: {self.value}"


class Measurement(models.Model):
    """A realised value of an indicator for a year (annual) or a quarter of a year."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    source = models.CharField(_("source"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator", "year", "quarter"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                name="measurement_quarter_range",
                violation_error_message=_("The quarter must be between 1 and 4."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100),
                name="measurement_year_range",
                violation_error_message=_("The year must be between 1990 and 2100."),
            ),
            models.UniqueConstraint(
                fields=["indicator", "year", "quarter"],
                condition=Q(quarter__isnull=False),
                name="measurement_unique_quarter",
                violation_error_message=_("This indicator already has a value for that quarter."),
            ),
            models.UniqueConstraint(
                fields=["indicator", "year"],
                condition=Q(quarter__isnull=True),
                name="measurement_unique_year",
                violation_error_message=_("This indicator already has an annual value for that year."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.year}/{self.quarter or '-'}: {self.value}"
