"""Reads of the evaluation, computed once and used by the pages, the API and the files: the scorecard (per item,
component, national dimension and the index, with the previous period beside it and what moved it), the evidence
index, the periods overview and the risk register. Fixed query counts whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from core.periods import quarter_label
from dimensions.models import Measurement
from initiatives.models import Evidence, Initiative, ProgressReport

from .models import Answer, Document, EvaluationPeriod, Risk
from .models.periods import note_in_language
from .permissions import can_view
from .scoring import compute_scores, movers
from .snapshot import live_framework, period_framework, period_levels, previous_period

GENERAL = "umum"


@dataclass
class EvidenceRow:
    kind: str
    kind_label: str
    label: str
    url: str
    dimension: str  # dimension code, or GENERAL
    file: object = None  # a FieldFile to pack, when the evidence is a file
    filename: str = ""


def periods_for_user(user) -> QuerySet[EvaluationPeriod]:
    if not can_view(user):
        return EvaluationPeriod.objects.none()
    return EvaluationPeriod.objects.select_related("finalised_by").order_by("-year")


def periods_overview(user) -> list[dict]:
    """Every period with its index and component scores (three queries plus the framework's five)."""
    periods = list(periods_for_user(user))
    if not periods:
        return []
    live = live_framework()
    levels: dict[int, dict] = {p.pk: {} for p in periods}
    for period_id, code, level in Answer.objects.filter(
        period__in=[p.pk for p in periods if not p.is_final]
    ).values_list("period_id", "item__code", "level"):
        levels[period_id][code] = level
    rows = []
    for period in periods:
        period_levels_ = (
            {c: a["level"] for c, a in period.snapshot["answers"].items()}
            if period.is_final and period.snapshot
            else levels[period.pk]
        )
        scores = compute_scores(period_framework(period, live), period.weights, period_levels_)
        rows.append({"period": period, "scores": scores, "index": scores["index"]})
    for current, older in zip(rows, rows[1:], strict=False):
        current["previous_index"] = older["index"]
        current["change"] = current["index"] - older["index"]
    return rows


def _answers(period: EvaluationPeriod) -> list[Answer]:
    return list(
        Answer.objects.filter(period=period)
        .select_related("item", "assigned_opd", "answered_by")
        .prefetch_related(
            Prefetch("initiatives", queryset=Initiative.objects.select_related("dimension").order_by("code")),
            Prefetch(
                "reports",
                queryset=ProgressReport.objects.select_related("initiative__dimension").order_by(
                    "initiative__code", "year", "quarter"
                ),
            ),
            Prefetch(
                "evidence_files", queryset=Evidence.objects.select_related("initiative__dimension").order_by("pk")
            ),
            Prefetch(
                "measurements",
                queryset=Measurement.objects.select_related("indicator__dimension").order_by(
                    "indicator__code", "year", "quarter"
                ),
            ),
            Prefetch("documents", queryset=Document.objects.order_by("title")),
        )
    )


def evidence_rows(answer: Answer) -> list[EvidenceRow]:
    """Everything linked to one answer, in one shape (uses the prefetched relations)."""
    rows = []
    for i in answer.initiatives.all():
        rows.append(
            EvidenceRow(
                "initiative",
                _("Initiative"),
                f"{i.code} · {i.title}",
                reverse("initiatives:detail", args=[i.pk]),
                i.dimension.code,
            )
        )
    for r in answer.reports.all():
        rows.append(
            EvidenceRow(
                "report",
                _("Progress report"),
                f"{r.initiative.code} · {quarter_label(r.year, r.quarter)}",
                reverse("initiatives:detail", args=[r.initiative_id]),
                r.initiative.dimension.code,
            )
        )
    for e in answer.evidence_files.all():
        rows.append(
            EvidenceRow(
                "evidence",
                _("Evidence file"),
                f"{e.initiative.code} · {e.original_name}",
                reverse("initiatives:evidence-download", args=[e.pk]),
                e.initiative.dimension.code,
                e.file,
                e.original_name,
            )
        )
    for m in answer.measurements.all():
        when = quarter_label(m.year, m.quarter) if m.quarter else str(m.year)
        rows.append(
            EvidenceRow(
                "measurement",
                _("KPI measurement"),
                f"{m.indicator.code} · {m.indicator.name} · {when}: {m.value.normalize():f}",
                reverse("roadmap:dimension", args=[m.indicator.dimension.code]),
                m.indicator.dimension.code,
            )
        )
    for d in answer.documents.all():
        label = f"{d.title} ({d.reference})" if d.reference else d.title
        rows.append(
            EvidenceRow(
                "document",
                _("Document"),
                label,
                reverse("evaluation:document", args=[d.pk]),
                GENERAL,
                d.file,
                d.original_name,
            )
        )
    return rows


def scorecard(user, year: int) -> dict | None:
    """The whole evaluation of ``year`` as the pages, the API and the files show it; None when not visible."""
    period = periods_for_user(user).filter(year=year).first()
    if period is None:
        return None
    live = live_framework()
    framework = period_framework(period, live)
    answers = {a.item.code: a for a in _answers(period)}
    frozen = period.snapshot["answers"] if period.is_final and period.snapshot else None
    levels = (
        {code: a["level"] for code, a in frozen.items()}
        if frozen is not None
        else {code: a.level for code, a in answers.items()}
    )
    scores = compute_scores(framework, period.weights, levels)
    previous = previous_period(year)
    previous_scores = previous_levels = None
    if previous is not None:
        previous_levels = period_levels(previous)
        previous_scores = compute_scores(period_framework(previous, live), previous.weights, previous_levels)
    nd_names = {n["code"]: n["name"] for n in framework["national_dimensions"]}
    by_component = {c["code"]: c for c in scores["components"]}
    prev_components = {c["code"]: c for c in previous_scores["components"]} if previous_scores else {}
    components = []
    for comp in framework["components"]:
        rows = []
        for item in comp["items"]:
            answer = answers.get(item["code"])
            stored = frozen.get(item["code"], {}) if frozen is not None else None
            level = levels.get(item["code"])
            rows.append(
                {
                    "code": item["code"],
                    "question": item["question"],
                    "levels": item["levels"],
                    "level": level,
                    "level_text": item["levels"][level - 1] if level else "",
                    "national_dimension": nd_names.get(item["national_dimension"], ""),
                    "prefillable": item["prefillable"],
                    "rule": item["rule"],
                    "rule_level": stored["rule_level"] if stored is not None else getattr(answer, "rule_level", None),
                    "rule_note": (
                        note_in_language(stored.get("rule_notes"), stored["rule_note"])
                        if stored is not None
                        else getattr(answer, "rule_note_text", "")
                    ),
                    "justification": stored["justification"]
                    if stored is not None
                    else getattr(answer, "justification", ""),
                    "source": stored["source"] if stored is not None else getattr(answer, "source", ""),
                    "override_reason": (
                        stored["override_reason"] if stored is not None else getattr(answer, "override_reason", "")
                    ),
                    "assigned_opd": answer.assigned_opd if answer else None,
                    "answered_by": answer.answered_by if answer else None,
                    "answered_at": answer.answered_at if answer else None,
                    "answer": answer,
                    "evidence": evidence_rows(answer) if answer else [],
                    "previous_level": previous_levels.get(item["code"]) if previous_levels else None,
                }
            )
        score = by_component[comp["code"]]
        prev = prev_components.get(comp["code"])
        components.append({**score, "rows": rows, "previous_score": prev["score"] if prev else None})
    mapped_names = {d["code"]: d["name"] for d in live["dimensions"]}
    national = [{**n, "dimension_names": [mapped_names.get(c, c) for c in n["dimensions"]]} for n in scores["national"]]
    return {
        "period": period,
        "year": year,
        "final": period.is_final,
        "framework": framework,
        "weights": period.weights,
        "scores": scores,
        "index": scores["index"],
        "components": components,
        "national": national,
        "unmapped": [d["name"] for d in framework["dimensions"] if not framework["mapping"].get(d["code"])],
        "previous": {"year": previous.year, "index": previous_scores["index"]} if previous else None,
        "index_change": scores["index"] - previous_scores["index"] if previous_scores else None,
        "movers": movers(scores, previous_scores),
    }


def evidence_index(card: dict) -> list[dict]:
    """One row per linked piece of evidence: component, item, dimension, kind, label, link and (for files) the path
    inside the evidence pack."""
    rows, used = [], set()
    for comp in card["components"]:
        for row in comp["rows"]:
            for ev in row["evidence"]:
                path = ""
                if ev.file:
                    path = _unique(
                        f"{_safe(comp['code'])}/{_safe(ev.dimension)}/{_safe(row['code'])}-{_safe(ev.filename)}", used
                    )
                rows.append(
                    {
                        "component": comp["name"],
                        "component_code": comp["code"],
                        "item": row["code"],
                        "dimension": ev.dimension,
                        "kind": ev.kind_label,
                        "label": ev.label,
                        "url": ev.url,
                        "path": path,
                        "file": ev.file,
                    }
                )
    return rows


def _safe(name: str) -> str:
    """A file or folder name without separators or leading dots, so the pack never writes outside its folder."""
    cleaned = "".join("_" if ch in "/\\:\0" else ch for ch in str(name)).strip().lstrip(".")
    return cleaned[:120] or "berkas"


def _unique(path: str, used: set) -> str:
    """Two different files of one item with the same name both go into the pack (``name-2.ext``)."""
    candidate, n = path, 1
    while candidate in used:
        n += 1
        stem, dot, ext = path.rpartition(".")
        candidate = f"{stem}-{n}.{ext}" if dot and "/" not in ext else f"{path}-{n}"
    used.add(candidate)
    return candidate


def answer_history(answer: Answer, limit: int = 50) -> list:
    """Who changed the answer when, with the level, source and reason at each step (newest first)."""
    return list(answer.history.select_related("history_user").order_by("-history_date")[:limit])


def risks_for_user(user) -> QuerySet[Risk]:
    if not can_view(user):
        return Risk.objects.none()
    return Risk.objects.select_related(
        "initiative", "initiative__dimension", "initiative__lead_opd", "owner_opd"
    ).order_by("initiative__dimension__order", "initiative__code", "pk")


def documents_for_user(user) -> QuerySet[Document]:
    if not can_view(user):
        return Document.objects.none()
    return Document.objects.select_related("opd", "uploaded_by").order_by("-year", "title")
