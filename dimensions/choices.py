"""Vocabularies of the dimensions app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import ColouredChoices


class FindingKind(models.TextChoices):
    EXISTING = "existing", _("Existing condition")
    PROBLEM = "problem", _("Problem")
    UNIQUENESS = "uniqueness", _("Uniqueness")
    POTENTIAL = "potential", _("Potential")


class Direction(models.TextChoices):
    UP = "up", _("Higher is better")
    DOWN = "down", _("Lower is better")


class Frequency(models.TextChoices):
    """How often an indicator is measured (Satu Data metadata: frekuensi)."""

    ANNUAL = "annual", _("Annual")
    SEMIANNUAL = "semiannual", _("Semi-annual")
    QUARTERLY = "quarterly", _("Quarterly")
    MONTHLY = "monthly", _("Monthly")


class AchievementBand(ColouredChoices):
    """SAKIP bands: 91–100 Sangat Baik, 76–90 Baik, 66–75 Cukup, 51–65 Kurang, ≤50 Sangat Kurang."""

    SANGAT_BAIK = "sangat_baik", _("Very good")
    BAIK = "baik", _("Good")
    CUKUP = "cukup", _("Fair")
    KURANG = "kurang", _("Poor")
    SANGAT_KURANG = "sangat_kurang", _("Very poor")

    @classmethod
    def _colours(cls):
        return {
            cls.SANGAT_BAIK: "#15803d",
            cls.BAIK: "#4d7c0f",
            cls.CUKUP: "#a16207",
            cls.KURANG: "#c2410c",
            cls.SANGAT_KURANG: "#b91c1c",
        }
