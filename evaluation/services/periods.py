"""Writes to evaluation periods: create with weights, change weights, answer items, apply the pre-fill rules,
finalise (freezing the snapshot), and upload evidence documents."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.exceptions import PermissionDenied, ValidationError
from opd.selectors import opd_id_of

from .. import rules
from ..choices import AnswerSource, DocumentKind, PeriodStatus, PrefillRule
from ..models import Answer, Component, Document, EvaluationPeriod, Item
from ..permissions import can_edit_answer, can_manage, can_override_rule, can_upload_document
from ..scoring import compute_scores
from ..snapshot import live_framework, period_levels
from ..weights import as_json, validate_weights
from ._common import bump, check_version

DOCUMENT_MAX_BYTES = getattr(settings, "EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)


def _component_codes():
    return list(Component.objects.values_list("code", flat=True))


def _require_draft(period: EvaluationPeriod) -> None:
    if period.is_final:
        raise ValidationError(_("This evaluation is final and can no longer be changed."))


@transaction.atomic
def create_period(*, user, year: int, weights: dict | None = None, notes: str = "") -> EvaluationPeriod:
    """A draft period for ``year`` with an empty answer per item; ``weights`` default to the components' own."""
    if not can_manage(user):
        raise PermissionDenied
    if EvaluationPeriod.objects.filter(year=year).exists():
        raise ValidationError({"year": _("An evaluation for %(year)s already exists.") % {"year": year}})
    if weights is None:
        weights = {c.code: c.weight for c in Component.objects.all()}
    clean = validate_weights(weights, _component_codes())
    period = EvaluationPeriod(year=year, weights=as_json(clean), notes=notes)
    period._history_user = user
    period.full_clean()
    period.save()
    Answer.objects.bulk_create([Answer(period=period, item=item) for item in Item.objects.all()])
    return period


@transaction.atomic
def update_weights(*, user, period: EvaluationPeriod, version: int, weights: dict) -> EvaluationPeriod:
    if not can_manage(user):
        raise PermissionDenied
    period = EvaluationPeriod.objects.select_for_update().get(pk=period.pk)
    _require_draft(period)
    check_version(period, version)
    period.weights = as_json(validate_weights(weights, _component_codes()))
    bump(period, user)
    period.full_clean()
    period.save()
    return period


def _ensure_answers(period: EvaluationPeriod) -> None:
    """Items added to the framework after the period was created get an empty answer."""
    have = set(Answer.objects.filter(period=period).values_list("item_id", flat=True))
    Answer.objects.bulk_create([Answer(period=period, item=i) for i in Item.objects.exclude(pk__in=have)])


@transaction.atomic
def save_answer(
    *,
    user,
    answer: Answer,
    version: int,
    level: int | None,
    justification: str = "",
    override_reason: str = "",
    assigned_opd=None,
    links: dict | None = None,
) -> Answer:
    """Answer an item. ``links`` {initiatives|reports|evidence_files|measurements|documents: objects}. A level
    that differs from the rule's suggestion is an override: administrators only, with a reason."""
    answer = Answer.objects.select_for_update().select_related("period", "item").get(pk=answer.pk)
    if not can_edit_answer(user, answer):
        raise PermissionDenied
    check_version(answer, version)
    if level is not None and level not in (1, 2, 3, 4, 5):
        raise ValidationError({"level": _("Choose a maturity level from 1 to 5.")})
    overriding = answer.item.prefillable and answer.rule_level is not None and level != answer.rule_level
    if overriding:
        if not can_override_rule(user):
            raise ValidationError({"level": _("Only an administrator may override the level the rule gives.")})
        if not override_reason.strip():
            raise ValidationError({"override_reason": _("Give the reason for overriding the rule.")})
    answer.level = level
    answer.justification = justification
    answer.override_reason = override_reason.strip() if overriding else ""
    answer.source = (
        AnswerSource.OVERRIDE
        if overriding
        else AnswerSource.RULE
        if answer.item.prefillable and level is not None and level == answer.rule_level
        else AnswerSource.MANUAL
        if level is not None
        else AnswerSource.NONE
    )
    if can_manage(user):
        answer.assigned_opd = assigned_opd
    answer.answered_by, answer.answered_at = user, timezone.now()
    bump(answer, user)
    answer.full_clean()
    answer.save()
    for name, objects in (links or {}).items():
        if name not in ("initiatives", "reports", "evidence_files", "measurements", "documents"):
            raise ValidationError({name: _("Unknown kind of evidence.")})
        getattr(answer, name).set(objects)
    return answer


@transaction.atomic
def apply_rules(*, user, period: EvaluationPeriod, today: dt.date | None = None) -> int:
    """Compute every pre-fill rule for the period and store the suggestion; answers not overridden take the
    suggested level. Baseline rules run last (they read the index the others make). Returns answers changed."""
    if not can_manage(user):
        raise PermissionDenied
    period = EvaluationPeriod.objects.select_for_update().get(pk=period.pk)
    _require_draft(period)
    _ensure_answers(period)
    answers = list(Answer.objects.filter(period=period, item__prefillable=True).select_related("item"))
    answers.sort(key=lambda a: a.item.rule == PrefillRule.BASELINE_CHANGE)
    framework, levels = live_framework(), period_levels(period)
    inputs, changed = None, 0
    with translation.override(settings.LANGUAGE_CODE):  # stored notes read in the installation's language
        for answer in answers:
            if inputs is None or answer.item.rule == PrefillRule.BASELINE_CHANGE:
                inputs = rules.gather(period, today=today, framework=framework, levels=levels)
            result = rules.evaluate(answer.item.rule, inputs)
            if result is None:
                continue
            answer.rule_level, answer.rule_note = result.level, result.note
            answer.rule_notes = _notes_in_every_language(answer.item.rule, inputs)
            if answer.source in (AnswerSource.NONE, AnswerSource.RULE):
                answer.level = result.level
                answer.source = AnswerSource.RULE if result.level is not None else AnswerSource.NONE
                answer.answered_by, answer.answered_at = user, timezone.now()
            levels[answer.item.code] = answer.level
            bump(answer, user)
            answer.save()
            changed += 1
    return changed


def _notes_in_every_language(rule: str, inputs) -> dict:
    """The rule's explanation in each portal language, so every reader gets it in theirs."""
    notes = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            notes[code] = rules.evaluate(rule, inputs).note
    return notes


def build_snapshot(period: EvaluationPeriod) -> dict:
    framework = live_framework()
    answers = Answer.objects.filter(period=period).select_related("item", "assigned_opd", "answered_by")
    frozen = {
        a.item.code: {
            "level": a.level,
            "justification": a.justification,
            "source": a.source,
            "rule_level": a.rule_level,
            "rule_note": a.rule_note,
            "rule_notes": a.rule_notes,
            "override_reason": a.override_reason,
            "assigned_opd": a.assigned_opd.abbreviation if a.assigned_opd else None,
            "answered_by": a.answered_by.get_username() if a.answered_by else None,
            "answered_at": a.answered_at.isoformat() if a.answered_at else None,
        }
        for a in answers
    }
    scores = compute_scores(framework, period.weights, {code: a["level"] for code, a in frozen.items()})
    return {
        "framework": framework,
        "weights": period.weights,
        "answers": frozen,
        "index": str(scores["index"]),
        "components": {c["code"]: str(c["score"]) if c["score"] is not None else None for c in scores["components"]},
    }


@transaction.atomic
def finalise_period(*, user, period: EvaluationPeriod, version: int) -> EvaluationPeriod:
    """Freeze the period: weights checked once more, the framework, mapping, answers and scores kept in the snapshot,
    read-only from now on."""
    if not can_manage(user):
        raise PermissionDenied
    period = EvaluationPeriod.objects.select_for_update().get(pk=period.pk)
    _require_draft(period)
    check_version(period, version)
    validate_weights(period.weights, _component_codes())
    _ensure_answers(period)
    period.snapshot = build_snapshot(period)
    period.status = PeriodStatus.FINAL
    period.finalised_at, period.finalised_by = timezone.now(), user
    bump(period, user)
    period.save()
    return period


@transaction.atomic
def upload_document(
    *, user, file, title: str, kind: str = DocumentKind.OTHER, year: int | None = None, reference: str = ""
) -> Document:
    if not can_upload_document(user):
        raise PermissionDenied
    if file.size > DOCUMENT_MAX_BYTES:
        raise ValidationError(
            {"file": _("The file is larger than %(mb)s MB.") % {"mb": DOCUMENT_MAX_BYTES // (1024 * 1024)}}
        )
    name = Path(file.name).name[:255]
    document = Document(
        title=title or name,
        kind=kind,
        year=year,
        reference=reference,
        file=file,
        original_name=name,
        content_type=getattr(file, "content_type", "") or "",
        size=file.size,
        opd_id=opd_id_of(user),
        uploaded_by=user,
    )
    document.full_clean()
    document.save()
    return document
