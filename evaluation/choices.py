"""Vocabularies of the evaluation app: period states, risk scales and statuses, document kinds, pre-fill rules."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.choices import ColouredChoices


class PeriodStatus(ColouredChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")

    @classmethod
    def _colours(cls):
        return {cls.DRAFT: "#64748b", cls.FINAL: "#15803d"}


class AnswerSource(models.TextChoices):
    """Where an answer's level came from: the portal's rule, a person, or a person overriding the rule."""

    NONE = "", _("Not answered")
    RULE = "rule", _("Pre-filled by the portal")
    MANUAL = "manual", _("Answered")
    OVERRIDE = "override", _("Rule overridden")


class Scale(models.IntegerChoices):
    """Likelihood and impact of a risk, 1–3."""

    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")


class RiskLevel(ColouredChoices):
    """Likelihood × impact: 1–2 low, 3–4 medium, 6–9 high."""

    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")

    @classmethod
    def _colours(cls):
        return {cls.LOW: "#15803d", cls.MEDIUM: "#b45309", cls.HIGH: "#b91c1c"}

    @classmethod
    def for_scores(cls, likelihood: int, impact: int) -> str:
        product = int(likelihood) * int(impact)
        if product >= 6:
            return cls.HIGH
        if product >= 3:
            return cls.MEDIUM
        return cls.LOW


class RiskStatus(ColouredChoices):
    OPEN = "open", pgettext_lazy("risk status", "Open")
    MITIGATING = "mitigating", _("Being mitigated")
    CLOSED = "closed", _("Closed")

    @classmethod
    def _colours(cls):
        return {cls.OPEN: "#b91c1c", cls.MITIGATING: "#b45309", cls.CLOSED: "#15803d"}


class DocumentKind(models.TextChoices):
    REGULATION = "regulation", _("Regulation (Perda/Perbup)")
    DECREE = "decree", _("Decree (SK)")
    REPORT = "report", _("Report")
    PHOTO = "photo", _("Photo")
    OTHER = "other", _("Other")


class PrefillRule(models.TextChoices):
    """The rules of evaluation/rules.py an item may be pre-filled with (docs/evaluation.md explains each)."""

    NONE = "", _("None (answered by people)")
    OUTCOME_ON_TRACK = "outcome_on_track", _("Share of initiatives on track or completed")
    OUTCOME_BUDGET = "outcome_budget", _("Budget realisation of the year")
    OUTCOME_KPI = "outcome_kpi", _("KPI achievement bands of the year")
    QUICK_WIN = "quick_win", _("Quick-win initiatives completed")
    OUTPUT_BUDGET = "output_budget", _("Budget allocated per dimension")
    OUTPUT_DOCUMENTS = "output_documents", _("Documents on file")
    BASELINE_CHANGE = "baseline_change", _("Change against the previous period's index")


MATURITY_LEVELS = (1, 2, 3, 4, 5)
