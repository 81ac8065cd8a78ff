"""The risk register: risks per initiative, scored likelihood × impact, with mitigation and the owner agency."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import VersionedModel

from ..choices import RiskLevel, RiskStatus, Scale


class Risk(VersionedModel):
    """A risk to an initiative. ``level`` follows from likelihood × impact (RiskLevel.for_scores) on every save."""

    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="risks", verbose_name=_("initiative")
    )
    title = models.CharField(_("risk"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    likelihood = models.PositiveSmallIntegerField(
        _("likelihood"),
        choices=Scale.choices,
        default=Scale.MEDIUM,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    impact = models.PositiveSmallIntegerField(
        _("impact"),
        choices=Scale.choices,
        default=Scale.MEDIUM,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    level = models.CharField(
        _("risk level"), max_length=8, choices=RiskLevel.choices, default=RiskLevel.MEDIUM, editable=False
    )
    mitigation = models.TextField(_("mitigation"), blank=True)
    owner_opd = models.ForeignKey(
        "opd.Opd", on_delete=models.PROTECT, related_name="owned_risks", verbose_name=_("owner agency")
    )
    status = models.CharField(_("status"), max_length=12, choices=RiskStatus.choices, default=RiskStatus.OPEN)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["initiative__code", "pk"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(likelihood__gte=1, likelihood__lte=3) & models.Q(impact__gte=1, impact__lte=3),
                name="evaluation_risk_scales_1_3",
                violation_error_message=_("Likelihood and impact lie between 1 and 3."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def score(self) -> int:
        return int(self.likelihood) * int(self.impact)

    def save(self, *args, **kwargs):
        self.level = RiskLevel.for_scores(self.likelihood, self.impact)
        super().save(*args, **kwargs)
