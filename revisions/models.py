"""A baseline: the masterplan's targets, budget ceilings (pagu) and initiatives with their years, frozen under a
name ("Masterplan 2025 (murni)", "Perubahan 2026") as a JSON snapshot, so later revisions can be compared with it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Baseline(models.Model):
    """A named, frozen snapshot of one masterplan (see ``selectors.snapshot`` for its shape). Never edited."""

    masterplan = models.ForeignKey(
        "masterplans.Masterplan", on_delete=models.CASCADE, related_name="baselines", verbose_name=_("masterplan")
    )
    name = models.CharField(_("name"), max_length=120)
    note = models.TextField(_("note"), blank=True)
    snapshot = models.JSONField(_("snapshot"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("frozen by"),
    )
    created_at = models.DateTimeField(_("frozen at"), auto_now_add=True)

    class Meta:
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")
        ordering = ["masterplan", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["masterplan", "name"],
                name="baseline_name_unique_per_masterplan",
                violation_error_message=_("This masterplan already has a baseline with this name."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def pagu_total(self) -> int:
        return sum((self.snapshot or {}).get("pagu", {}).values())
