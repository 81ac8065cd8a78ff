"""The change history of one initiative: every create, change and delete of it, its budget lines, milestones, reports
and evidence, who and when, field: old → new."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Subquery, Value
from django.utils.translation import gettext as _

from core.periods import quarter_label

from ..display import display_value
from ..models import BudgetLine, Evidence, Initiative, Milestone, ProgressReport
from ..permissions import PUBLIC_REPORT_STATES, can_see_private_reports

HISTORY_SKIP_FIELDS = {
    "id",
    "version",
    "created_at",
    "updated_at",
    "submitted_at",
    "reviewed_at",
    "initiative",
    "masterplan",
    "file",
}


@dataclass
class HistoryEntry:
    when: dt.datetime
    user: object
    subject: str  # "Initiative", "Budget line 2026 APBD", ...
    action: str  # "created", "changed", "deleted"; evidence: "added", "deleted"
    changes: list  # [(field label, old display value, new display value)]
    reason: str = ""  # why, when the write named a reason (an administrator's correction, an approval)


def _subject(model, record) -> str:
    if model is Initiative:
        return str(model._meta.verbose_name).capitalize()
    if model is BudgetLine:
        return _("Budget line %(year)s %(source)s") % {"year": record.year, "source": record.funding_source}
    if model is Milestone:
        return _("Milestone “%(title)s”") % {"title": record.title}
    if model is ProgressReport:
        return _("Report %(period)s") % {"period": quarter_label(record.year, record.quarter)}
    if model is Evidence:
        return _("Evidence: %(name)s") % {"name": record.original_name}
    return str(model._meta.verbose_name)


# Evidence is listed by its file name; its entries show the description and the report it backs (named from the
# report history already loaded, so no query is added for it).
EVIDENCE_HISTORY_FIELDS = ("description",)


def _history_fields(model) -> list:
    if model is Evidence:
        return [model._meta.get_field(name) for name in EVIDENCE_HISTORY_FIELDS]
    return [f for f in model._meta.concrete_fields if f.name not in HISTORY_SKIP_FIELDS]


def _evidence_report_change(record, report_labels: dict) -> list:
    if record.report_id is None:
        return []
    label = report_labels.get(record.report_id, f"#{record.report_id}")
    return [(str(Evidence._meta.get_field("report").verbose_name), "–", label)]


# The initiative's many-to-many fields whose sets each history record keeps: (field, related model's field name).
HISTORY_SET_FIELDS = (("supporting_opds", "opd"), ("indicators", "indicator"))


def _m2m_snapshots(initiative: Initiative, wanted: dict) -> dict:
    """{field name: {history_id: set of related ids}} for the initiative's history records (one query for all);
    adds the related ids to ``wanted`` so their names are loaded with the others."""
    parts = [
        getattr(Initiative.history.model, name)
        .model.objects.filter(history__id=initiative.pk)
        .order_by()
        .annotate(kind=Value(index))
        .values_list("history_id", f"{target}_id", "kind")
        for index, (name, target) in enumerate(HISTORY_SET_FIELDS)
    ]
    sets = {name: {} for name, _target in HISTORY_SET_FIELDS}
    for history_id, related_id, kind in parts[0].union(*parts[1:], all=True):
        name = HISTORY_SET_FIELDS[kind][0]
        sets[name].setdefault(history_id, set()).add(related_id)
        wanted.setdefault(Initiative._meta.get_field(name).related_model, set()).add(related_id)
    return sets


def _set_changes(sets: dict, before, record, lookups) -> list:
    """("Supporting agencies", "A, B", "A, C") for each set that differs between two history records (``before``
    None: the record that created the initiative)."""
    changes = []
    for name, _target in HISTORY_SET_FIELDS:
        field = Initiative._meta.get_field(name)
        old = sets[name].get(before.history_id, set()) if before is not None else set()
        new = sets[name].get(record.history_id, set())
        if old == new:
            continue

        objects = lookups.get(field.related_model, {})
        changes.append((str(field.verbose_name), _set_names(objects, old), _set_names(objects, new)))
    return changes


def _set_names(objects: dict, ids) -> str:
    labels = sorted((_set_label(objects.get(pk), pk) for pk in ids), key=str.casefold)
    return ", ".join(labels) if labels else "–"


def _set_label(obj, pk) -> str:
    return f"#{pk}" if obj is None else str(obj)  # an agency by its abbreviation, an indicator by code and name


def _private_history(user, initiative: Initiative, reports, evidence):
    """Leave out what ``user`` may not read: records of a report written while it was a draft or returned, and
    evidence of such a report (a report that is private now is left out entirely)."""
    if user is None or can_see_private_reports(user, initiative):
        return reports, evidence
    private_ids = (
        ProgressReport.objects.filter(initiative_id=initiative.pk).exclude(state__in=PUBLIC_REPORT_STATES).values("pk")
    )
    reports = reports.filter(state__in=PUBLIC_REPORT_STATES).exclude(id__in=Subquery(private_ids))
    evidence = evidence.exclude(report_id__in=Subquery(private_ids))
    return reports, evidence


def initiative_history(initiative: Initiative, limit: int = 300, *, user=None) -> list[HistoryEntry]:
    """Every recorded create, change and delete of the initiative, its budget lines, milestones and reports, and every
    evidence file added or deleted, newest first, each with who, when and field: old → new — in a fixed number of
    queries (one per history table and one per kind of related object named in it), however long the history.
    With ``user``, what only the lead agency may read (drafts, returned reports, their evidence) is left out."""
    reports, evidence = _private_history(
        user,
        initiative,
        ProgressReport.history.filter(initiative_id=initiative.pk),
        Evidence.history.filter(initiative_id=initiative.pk),
    )
    sources = [
        (Initiative, Initiative.history.filter(id=initiative.pk)),
        (BudgetLine, BudgetLine.history.filter(initiative_id=initiative.pk)),
        (Milestone, Milestone.history.filter(initiative_id=initiative.pk)),
        (ProgressReport, reports),
        (Evidence, evidence),
    ]
    loaded = []
    wanted: dict = {}
    for model, qs in sources:
        fields = _history_fields(model)
        records = list(qs.select_related("history_user").order_by("id", "history_date", "history_id"))
        loaded.append((model, fields, records))
        for field in fields:
            if field.is_relation:
                ids = {getattr(r, field.attname) for r in records} - {None}
                if ids:
                    wanted.setdefault(field.related_model, set()).update(ids)
    sets = _m2m_snapshots(initiative, wanted)
    lookups = {m: m._default_manager.in_bulk(ids) for m, ids in wanted.items()}
    report_labels = _report_labels(loaded)
    entries = []
    for model, fields, records in loaded:
        previous = {}
        for record in records:
            before = previous.get(record.id)
            if model is Evidence and record.history_type == "-":
                action = "deleted"  # the subject names the file; its description and report are kept
                changes = [
                    (str(f.verbose_name), "–", display_value(f, getattr(record, f.attname), lookups))
                    for f in fields
                    if getattr(record, f.attname) not in (None, "")
                ]
                changes += _evidence_report_change(record, report_labels)
            elif record.history_type == "+" or before is None:
                action = "added" if model is Evidence else "created"
                changes = [
                    (str(f.verbose_name), "–", display_value(f, getattr(record, f.attname), lookups))
                    for f in fields
                    if getattr(record, f.attname) not in (None, "")
                ]
                if model is Initiative:
                    changes += _set_changes(sets, None, record, lookups)
                if model is Evidence:
                    changes += _evidence_report_change(record, report_labels)
            elif record.history_type == "-":
                action, changes = "deleted", []
            else:
                action = "changed"
                changes = [
                    (
                        str(f.verbose_name),
                        display_value(f, getattr(before, f.attname), lookups),
                        display_value(f, getattr(record, f.attname), lookups),
                    )
                    for f in fields
                    if getattr(before, f.attname) != getattr(record, f.attname)
                ]
                if model is Initiative:
                    changes += _set_changes(sets, before, record, lookups)
            previous[record.id] = record
            if action == "changed" and not changes:
                continue  # a save that changed only the version or timestamps
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    user=record.history_user,
                    subject=_subject(model, record),
                    action=action,
                    changes=changes,
                    reason=getattr(record, "history_change_reason", "") or "",
                )
            )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


def _report_labels(loaded) -> dict:
    """{report id: "Q3 2026"} from the report history records already loaded (deleted reports included)."""
    for model, _fields, records in loaded:
        if model is ProgressReport:
            return {r.id: quarter_label(r.year, r.quarter) for r in records}
    return {}
