"""The evaluation framework as data: national dimensions, components with default weights, items with five
maturity levels, and the mapping of the installation's dimensions onto the national ones."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import PrefillRule


class NationalDimension(models.Model):
    """A dimension of the national programme (Governance, Branding, Economy, Living, Society, Environment)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("national dimension")
        verbose_name_plural = _("national dimensions")

    def __str__(self):
        return self.name


class Component(models.Model):
    """A weighted part of the evaluation (Baseline, Output, Outcome, Impact, Quick Win). ``weight`` is the default a
    new period starts with; each period keeps its own weights."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(
        _("default weight (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("component")
        verbose_name_plural = _("components")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=0) & models.Q(weight__lte=100),
                name="evaluation_component_weight_0_100",
                violation_error_message=_("A weight lies between 0 and 100."),
            ),
        ]

    def __str__(self):
        return self.name


class Item(models.Model):
    """One question of a component, with the description of each maturity level 1–5 and, when the portal can
    pre-fill it, the rule of evaluation/rules.py that does."""

    component = models.ForeignKey(
        Component, on_delete=models.CASCADE, related_name="items", verbose_name=_("component")
    )
    code = models.SlugField(_("code"), max_length=40, unique=True)
    question = models.TextField(_("question"))
    national_dimension = models.ForeignKey(
        NationalDimension,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("national dimension"),
    )
    level_1 = models.TextField(_("level 1"))
    level_2 = models.TextField(_("level 2"))
    level_3 = models.TextField(_("level 3"))
    level_4 = models.TextField(_("level 4"))
    level_5 = models.TextField(_("level 5"))
    prefillable = models.BooleanField(_("pre-filled by the portal"), default=False)
    rule = models.CharField(_("pre-fill rule"), max_length=30, choices=PrefillRule.choices, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["component__order", "order", "code"]
        verbose_name = _("item")
        verbose_name_plural = _("items")

    def __str__(self):
        return f"{self.code} · {self.question[:60]}"

    @property
    def levels(self) -> list[str]:
        return [self.level_1, self.level_2, self.level_3, self.level_4, self.level_5]

    def clean(self):
        if self.prefillable and not self.rule:
            raise ValidationError({"rule": _("An item the portal pre-fills names its rule.")})


class DimensionMapping(models.Model):
    """One of the installation's dimensions read as one national dimension (a dimension may map to several)."""

    dimension = models.ForeignKey(
        "dimensions.Dimension", on_delete=models.CASCADE, related_name="national_mappings", verbose_name=_("dimension")
    )
    national_dimension = models.ForeignKey(
        NationalDimension, on_delete=models.CASCADE, related_name="mappings", verbose_name=_("national dimension")
    )

    class Meta:
        ordering = ["dimension__order", "national_dimension__order"]
        verbose_name = _("dimension mapping")
        verbose_name_plural = _("dimension mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "national_dimension"],
                name="evaluation_mapping_unique",
                violation_error_message=_("This dimension already maps to that national dimension."),
            ),
        ]

    def __str__(self):
        return f"{self.dimension} → {self.national_dimension}"
