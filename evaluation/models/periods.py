"""Evaluation periods (one per year, draft → final), the answer to each item, and the documents uploaded as
evidence (a Perbup, an SK of the smart city team, reports, photos)."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel, VersionedModel

from ..choices import AnswerSource, DocumentKind, PeriodStatus
from ..weights import validate_weights


class EvaluationPeriod(VersionedModel):
    """The evaluation of one year. ``weights`` are the period's own ({component code: weight}, adding up to 100).
    Finalising freezes ``snapshot``: the framework, weights, mapping, answers and scores as they were, so later edits
    of the framework never change a final period."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    status = models.CharField(_("status"), max_length=8, choices=PeriodStatus.choices, default=PeriodStatus.DRAFT)
    weights = models.JSONField(_("weights"), default=dict, blank=True)
    snapshot = models.JSONField(_("snapshot"), null=True, blank=True, editable=False)
    notes = models.TextField(_("notes"), blank=True)
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("finalised by"),
    )

    history = HistoricalRecords(excluded_fields=["updated_at", "snapshot"])

    class Meta:
        ordering = ["-year"]
        verbose_name = _("evaluation period")
        verbose_name_plural = _("evaluation periods")

    def __str__(self):
        return str(_("Smart City evaluation %(year)s") % {"year": self.year})

    @property
    def is_final(self) -> bool:
        return self.status == PeriodStatus.FINAL

    def clean(self):
        if self.is_final:
            return  # a final period keeps the weights it was scored with, whatever the framework says now
        from .framework import Component

        validate_weights(self.weights, Component.objects.values_list("code", flat=True))


def document_upload_to(instance, filename):
    return f"evaluation/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:10]}"


class Document(TimeStampedModel):
    """A file kept as evidence for the evaluation (regulation, decree, report, photo)."""

    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=12, choices=DocumentKind.choices, default=DocumentKind.OTHER)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    reference = models.CharField(
        _("number/reference"), max_length=120, blank=True, help_text=_("e.g. Perbup No. 12 Tahun 2025")
    )
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    opd = models.ForeignKey(
        "opd.Opd", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("agency")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("evaluation document")
        verbose_name_plural = _("evaluation documents")

    def __str__(self):
        return self.title


def note_in_language(notes: dict | None, fallback: str) -> str:
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return (notes or {}).get(language) or fallback


class Answer(VersionedModel):
    """The answer to one item in one period: the maturity level, why, the evidence linked, who answered and when.
    When the item is pre-filled, ``rule_level``/``rule_note`` keep what the rule said; an override needs a reason."""

    period = models.ForeignKey(
        EvaluationPeriod, on_delete=models.CASCADE, related_name="answers", verbose_name=_("period")
    )
    item = models.ForeignKey(
        "evaluation.Item", on_delete=models.PROTECT, related_name="answers", verbose_name=_("item")
    )
    level = models.PositiveSmallIntegerField(
        _("maturity level"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    justification = models.TextField(_("justification"), blank=True)
    source = models.CharField(_("source"), max_length=10, choices=AnswerSource.choices, blank=True)
    rule_level = models.PositiveSmallIntegerField(_("level by rule"), null=True, blank=True)
    rule_note = models.TextField(_("rule explanation"), blank=True)
    # the rule's explanation in every portal language ({"id": …, "en": …}); rule_note keeps the installation's
    rule_notes = models.JSONField(_("rule explanation per language"), default=dict, blank=True)
    override_reason = models.TextField(_("reason for overriding the rule"), blank=True)
    assigned_opd = models.ForeignKey(
        "opd.Opd",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluation_answers",
        verbose_name=_("assigned agency"),
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    initiatives = models.ManyToManyField(
        "initiatives.Initiative", blank=True, related_name="+", verbose_name=_("initiatives")
    )
    reports = models.ManyToManyField(
        "initiatives.ProgressReport", blank=True, related_name="+", verbose_name=_("progress reports")
    )
    evidence_files = models.ManyToManyField(
        "initiatives.Evidence", blank=True, related_name="+", verbose_name=_("evidence files")
    )
    measurements = models.ManyToManyField(
        "dimensions.Measurement", blank=True, related_name="+", verbose_name=_("KPI measurements")
    )
    documents = models.ManyToManyField(Document, blank=True, related_name="answers", verbose_name=_("documents"))

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[documents])

    class Meta:
        ordering = ["item__component__order", "item__order", "item__code"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "item"],
                name="evaluation_answer_unique",
                violation_error_message=_("This item is already answered in this period."),
            ),
            models.CheckConstraint(
                condition=models.Q(level__isnull=True) | models.Q(level__gte=1, level__lte=5),
                name="evaluation_answer_level_1_5",
                violation_error_message=_("A maturity level lies between 1 and 5."),
            ),
        ]

    def __str__(self):
        return f"{self.period.year} · {self.item.code}"

    @property
    def rule_note_text(self) -> str:
        """The rule's explanation in the reader's language (the stored note when that language is missing)."""
        return note_in_language(self.rule_notes, self.rule_note)

    def clean(self):
        if self.source == AnswerSource.OVERRIDE and not self.override_reason.strip():
            raise ValidationError({"override_reason": _("Give the reason for overriding the rule.")})
