"""Reads about initiatives and reports: visibility, health, staleness and progress roll-ups.

The rules (documented for users on the dashboard's "How we compute" panel and in docs/metrics.md):

* Progress of a group (dimension, agency, year, the masterplan) is the mean of its initiatives' progress weighted by
  their total planned budget; when the group has no planned budget at all it is the plain mean. Cancelled
  initiatives are left out.
* Health of an initiative compares its progress with where it should be on its planned timeline (the share of its
  years that has elapsed, from 1 January of the start year to 31 December of the end year):
  - ``late`` when it is LATE_GAP points or more behind, when its end year has passed without completion, or when a
    milestone is more than LATE_MILESTONE_DAYS overdue;
  - ``at_risk`` when it is AT_RISK_GAP points or more behind, when a milestone is overdue, when it is on hold, or
    when it has been running for more than STALE_REPORT_DAYS without an approved report in that time;
  - ``on_track`` otherwise, and always when completed or cancelled.
* Stale: active in the last completed quarter's year, neither completed nor cancelled, and without an approved
  report for that quarter.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext as _

from core.periods import last_completed_quarter
from masterplans.selectors import active_masterplan

from .choices import Health, InitiativeStatus, ReportState
from .display import display_value
from .models import BudgetLine, Comment, Evidence, Initiative, Milestone, ProgressReport

LATE_GAP = 25
AT_RISK_GAP = 10
LATE_MILESTONE_DAYS = 30
STALE_REPORT_DAYS = 200
CLOSED_STATUSES = (InitiativeStatus.COMPLETED, InitiativeStatus.CANCELLED)


def _year_fraction(day: dt.date) -> float:
    start = dt.date(day.year, 1, 1)
    days_in_year = (dt.date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / days_in_year


def _sum_subquery(model_field: str):
    return Coalesce(
        Subquery(
            BudgetLine.objects.filter(initiative=OuterRef("pk"))
            .order_by()
            .values("initiative")
            .annotate(total=Sum(model_field))
            .values("total")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def annotate_metrics(qs: QuerySet[Initiative], today: dt.date | None = None) -> QuerySet[Initiative]:
    """Add budget totals, expected progress, milestone flags, last approval and ``health`` to each row (no joins
    that multiply rows, so the annotations can be filtered, ordered and aggregated)."""
    today = today or timezone.localdate()
    frac = _year_fraction(today)
    overdue = Milestone.objects.filter(initiative=OuterRef("pk"), completed_date__isnull=True, due_date__lt=today)
    long_overdue = overdue.filter(due_date__lt=today - dt.timedelta(days=LATE_MILESTONE_DAYS))
    last_approved = (
        ProgressReport.objects.filter(initiative=OuterRef("pk"), state=ReportState.APPROVED)
        .order_by()
        .values("initiative")
        .annotate(last=Max("reviewed_at"))
        .values("last")[:1]
    )
    stale_cutoff = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=STALE_REPORT_DAYS), dt.time()))
    running_since_cutoff_year = (today - dt.timedelta(days=STALE_REPORT_DAYS)).year
    qs = qs.annotate(
        budget_planned=_sum_subquery("planned"),
        budget_realized=_sum_subquery("realized"),
        expected_progress=Greatest(
            Value(0.0),
            Least(
                Value(100.0),
                (Value(frac) - F("start_year")) * Value(100.0) / (F("end_year") - F("start_year") + Value(1.0)),
            ),
            output_field=FloatField(),
        ),
        has_overdue_milestone=Exists(overdue),
        has_long_overdue_milestone=Exists(long_overdue),
        last_approved_at=Subquery(last_approved),
    )
    qs = qs.annotate(progress_gap=F("expected_progress") - F("progress"))
    not_reporting = Q(status=InitiativeStatus.IN_PROGRESS, start_year__lte=running_since_cutoff_year) & (
        Q(last_approved_at__isnull=True) | Q(last_approved_at__lt=stale_cutoff)
    )
    return qs.annotate(
        health=Case(
            When(status__in=CLOSED_STATUSES, then=Value(Health.ON_TRACK)),
            When(
                Q(end_year__lt=today.year) | Q(has_long_overdue_milestone=True) | Q(progress_gap__gte=LATE_GAP),
                then=Value(Health.LATE),
            ),
            When(
                Q(progress_gap__gte=AT_RISK_GAP) | Q(has_overdue_milestone=True) | Q(status=InitiativeStatus.ON_HOLD)
                | not_reporting,
                then=Value(Health.AT_RISK),
            ),
            default=Value(Health.ON_TRACK),
        )
    )


def health_reasons(initiative: Initiative, today: dt.date | None = None) -> list[str]:
    """Why an annotated initiative has its health, in the user's language."""
    today = today or timezone.localdate()
    if initiative.status in CLOSED_STATUSES:
        return [_("Completed or cancelled initiatives are not assessed.")]
    reasons = []
    expected = round(initiative.expected_progress)
    gap = initiative.progress_gap
    if initiative.end_year < today.year:
        reasons.append(_("Its end year %(year)s has passed without completion.") % {"year": initiative.end_year})
    if gap >= AT_RISK_GAP:
        reasons.append(
            _("Progress %(progress)s%% is %(gap)s points behind the %(expected)s%% expected on its timeline.")
            % {"progress": initiative.progress, "gap": round(gap), "expected": expected}
        )
    if initiative.has_long_overdue_milestone:
        reasons.append(_("A milestone is more than %(days)s days overdue.") % {"days": LATE_MILESTONE_DAYS})
    elif initiative.has_overdue_milestone:
        reasons.append(_("A milestone is overdue."))
    if initiative.status == InitiativeStatus.ON_HOLD:
        reasons.append(_("The initiative is on hold."))
    if initiative.health == Health.AT_RISK and not reasons:
        reasons.append(_("No approved report in the last %(days)s days.") % {"days": STALE_REPORT_DAYS})
    if not reasons:
        reasons.append(
            _("Progress %(progress)s%% against %(expected)s%% expected on its timeline, no overdue milestones.")
            % {"progress": initiative.progress, "expected": expected}
        )
    return reasons


def initiative_base_queryset(masterplan=None) -> QuerySet[Initiative]:
    masterplan = masterplan if masterplan is not None else active_masterplan()
    qs = Initiative.objects.all()
    if masterplan is not None:
        qs = qs.filter(masterplan=masterplan)
    else:
        qs = qs.none()
    return qs


def initiatives_for_user(user, masterplan=None, today: dt.date | None = None) -> QuerySet[Initiative]:
    """Initiatives the user may see (every signed-in role reads all of them), with their metrics and the related
    rows a list shows, in a fixed number of queries."""
    from .permissions import can_view

    qs = initiative_base_queryset(masterplan)
    if not can_view(user):
        return qs.none()
    return annotate_metrics(
        qs.select_related("dimension", "sub_dimension", "lead_opd", "masterplan").prefetch_related("supporting_opds"),
        today=today,
    )


def initiative_detail(user, pk: int, today: dt.date | None = None) -> Initiative:
    """One initiative with everything its detail page shows; raises Initiative.DoesNotExist when not visible."""
    from .permissions import can_view

    if not can_view(user):
        raise Initiative.DoesNotExist
    qs = annotate_metrics(
        Initiative.objects.select_related("dimension", "sub_dimension", "lead_opd", "masterplan").prefetch_related(
            "supporting_opds",
            Prefetch("budget_lines", queryset=BudgetLine.objects.order_by("year", "funding_source")),
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "id")),
            Prefetch(
                "reports",
                queryset=ProgressReport.objects.select_related("submitted_by", "reviewed_by", "created_by").order_by(
                    "-year", "-quarter"
                ),
            ),
            "indicators",
            Prefetch("evidence",
                     queryset=Evidence.objects.select_related("uploaded_by", "report").order_by("-created_at")),
            Prefetch("comments", queryset=Comment.objects.select_related("author").order_by("created_at")),
        ),
        today=today,
    )
    return qs.get(pk=pk)


def stale_filter(today: dt.date | None = None) -> Q:
    year, quarter = last_completed_quarter(today)
    approved = ProgressReport.objects.filter(
        initiative=OuterRef("pk"), year=year, quarter=quarter, state=ReportState.APPROVED
    )
    return Q(start_year__lte=year, end_year__gte=year) & ~Q(status__in=CLOSED_STATUSES) & ~Q(Exists(approved))


def stale_initiatives(qs: QuerySet[Initiative], today: dt.date | None = None) -> QuerySet[Initiative]:
    return qs.filter(stale_filter(today))


@dataclass
class ProgressRollup:
    key: object
    progress: float | None
    count: int
    budget_planned: int
    budget_realized: int


def weighted_progress(rows) -> float | None:
    """Budget-weighted mean over rows with progress, budget_planned; plain mean when no budget is planned."""
    rows = list(rows)
    if not rows:
        return None
    total_budget = sum(r["budget_planned"] or 0 for r in rows)
    if total_budget > 0:
        return sum(r["progress"] * (r["budget_planned"] or 0) for r in rows) / total_budget
    return sum(r["progress"] for r in rows) / len(rows)


def progress_by(qs: QuerySet[Initiative], field: str | None) -> dict:
    """Progress, count and budget per value of ``field`` (e.g. ``dimension_id``, ``lead_opd_id``) in one grouped
    query; ``field=None`` gives the whole queryset under key None. Cancelled initiatives are left out."""
    qs = qs.exclude(status=InitiativeStatus.CANCELLED)
    if "budget_planned" not in qs.query.annotations:
        qs = qs.annotate(budget_planned=_sum_subquery("planned"), budget_realized=_sum_subquery("realized"))
    aggregates = {
        "n": Count("pk"),
        "weighted": Sum(F("progress") * F("budget_planned"), output_field=FloatField()),
        "weight": Sum("budget_planned"),
        "plain": Sum("progress"),
        "realized": Sum("budget_realized"),
    }
    if field:
        rows = qs.order_by().values(field).annotate(**aggregates)
    else:
        rows = [qs.aggregate(**aggregates)]
    result = {}
    for row in rows:
        key = row[field] if field else None
        if not row["n"]:
            continue
        if row["weight"]:
            progress = row["weighted"] / row["weight"]
        elif row["n"]:
            progress = row["plain"] / row["n"]
        else:
            progress = None
        result[key] = ProgressRollup(key=key, progress=progress, count=row["n"], budget_planned=row["weight"] or 0,
                                     budget_realized=row["realized"] or 0)
    return result


def initiative_counts_by(qs: QuerySet[Initiative], field: str) -> dict:
    """Number of initiatives (cancelled included) per value of ``field``."""
    return {row[field]: row["n"] for row in qs.order_by().values(field).annotate(n=Count("pk"))}


def reports_for_user(user) -> QuerySet[ProgressReport]:
    """Reports the user may see (every signed-in role reads all), in the active masterplan, with what lists show."""
    from .permissions import can_view

    if not can_view(user):
        return ProgressReport.objects.none()
    plan = active_masterplan()
    qs = ProgressReport.objects.select_related(
        "initiative", "initiative__dimension", "initiative__lead_opd", "submitted_by", "reviewed_by"
    )
    return qs.filter(initiative__masterplan=plan) if plan else qs.none()


def milestones_for_user(user) -> QuerySet[Milestone]:
    from .permissions import can_view

    if not can_view(user):
        return Milestone.objects.none()
    plan = active_masterplan()
    qs = Milestone.objects.select_related("initiative", "initiative__lead_opd", "initiative__dimension")
    return qs.filter(initiative__masterplan=plan) if plan else qs.none()


# --- my agency's initiatives and what is due --------------------------------------------------------------------

DUE_NONE = "none"  # no report yet for the reporting quarter
DUE_NOT_DUE = "not_due"  # closed, or not running in the reporting quarter's year


def annotate_due(qs: QuerySet[Initiative], year: int, quarter: int) -> QuerySet[Initiative]:
    """Add the report of quarter (year, quarter) — ``due_report_id``/``due_report_state`` — and the period of the last
    approved report (``last_approved_year``/``last_approved_quarter``) to each row, as subqueries (no extra rows)."""
    due = ProgressReport.objects.filter(initiative=OuterRef("pk"), year=year, quarter=quarter)
    approved = ProgressReport.objects.filter(initiative=OuterRef("pk"), state=ReportState.APPROVED).order_by(
        "-year", "-quarter")
    return qs.annotate(
        due_report_id=Subquery(due.values("pk")[:1]),
        due_report_state=Subquery(due.values("state")[:1]),
        last_approved_year=Subquery(approved.values("year")[:1]),
        last_approved_quarter=Subquery(approved.values("quarter")[:1]),
    )


def due_state(initiative: Initiative, year: int) -> str:
    """What is due this quarter for an initiative annotated by ``annotate_due``: ``none`` (no report yet), a report
    state (draft, submitted, returned, approved), or ``not_due``."""
    if initiative.due_report_state:
        return initiative.due_report_state
    if initiative.status in CLOSED_STATUSES or not initiative.is_active_in(year):
        return DUE_NOT_DUE
    return DUE_NONE


def agency_initiatives(user, opd_id: int | None, year: int, quarter: int, *, supporting: bool = False,
                       today: dt.date | None = None) -> QuerySet[Initiative]:
    """Initiatives an agency leads (or, with ``supporting=True``, supports), with metrics and the due report of the
    given quarter, in one query (plus one for the supporting agencies' prefetch)."""
    qs = initiatives_for_user(user, today=today)
    if opd_id is None:
        return qs.none()
    qs = qs.filter(supporting_opds=opd_id) if supporting else qs.filter(lead_opd_id=opd_id)
    return annotate_due(qs, year, quarter).order_by("dimension__order", "code")


# --- change history -----------------------------------------------------------------------------------------------

HISTORY_SKIP_FIELDS = {"id", "version", "created_at", "updated_at", "submitted_at", "reviewed_at", "initiative",
                       "masterplan", "file"}


@dataclass
class HistoryEntry:
    when: dt.datetime
    user: object
    subject: str  # "Initiative", "Budget line 2026 APBD", ...
    action: str  # "created", "changed", "deleted"; evidence: "added", "deleted"
    changes: list  # [(field label, old display value, new display value)]


def _subject(model, record) -> str:
    if model is Initiative:
        return str(model._meta.verbose_name).capitalize()
    if model is BudgetLine:
        return _("Budget line %(year)s %(source)s") % {"year": record.year, "source": record.funding_source}
    if model is Milestone:
        return _("Milestone “%(title)s”") % {"title": record.title}
    if model is ProgressReport:
        from core.periods import quarter_label

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
        getattr(Initiative.history.model, name).model.objects.filter(history__id=initiative.pk).order_by()
        .annotate(kind=Value(index)).values_list("history_id", f"{target}_id", "kind")
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


def initiative_history(initiative: Initiative, limit: int = 300) -> list[HistoryEntry]:
    """Every recorded create, change and delete of the initiative, its budget lines, milestones and reports, and every
    evidence file added or deleted, newest first, each with who, when and field: old → new — in a fixed number of
    queries (one per history table and one per kind of related object named in it), however long the history."""
    sources = [
        (Initiative, Initiative.history.filter(id=initiative.pk)),
        (BudgetLine, BudgetLine.history.filter(initiative_id=initiative.pk)),
        (Milestone, Milestone.history.filter(initiative_id=initiative.pk)),
        (ProgressReport, ProgressReport.history.filter(initiative_id=initiative.pk)),
        (Evidence, Evidence.history.filter(initiative_id=initiative.pk)),
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
                changes = [(str(f.verbose_name), "–", display_value(f, getattr(record, f.attname), lookups))
                           for f in fields if getattr(record, f.attname) not in (None, "")]
                changes += _evidence_report_change(record, report_labels)
            elif record.history_type == "+" or before is None:
                action = "added" if model is Evidence else "created"
                changes = [(str(f.verbose_name), "–", display_value(f, getattr(record, f.attname), lookups))
                           for f in fields if getattr(record, f.attname) not in (None, "")]
                if model is Initiative:
                    changes += _set_changes(sets, None, record, lookups)
                if model is Evidence:
                    changes += _evidence_report_change(record, report_labels)
            elif record.history_type == "-":
                action, changes = "deleted", []
            else:
                action = "changed"
                changes = [
                    (str(f.verbose_name), display_value(f, getattr(before, f.attname), lookups),
                     display_value(f, getattr(record, f.attname), lookups))
                    for f in fields if getattr(before, f.attname) != getattr(record, f.attname)
                ]
                if model is Initiative:
                    changes += _set_changes(sets, before, record, lookups)
            previous[record.id] = record
            if action == "changed" and not changes:
                continue  # a save that changed only the version or timestamps
            entries.append(HistoryEntry(when=record.history_date, user=record.history_user,
                                        subject=_subject(model, record), action=action, changes=changes))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


def _report_labels(loaded) -> dict:
    """{report id: "Q3 2026"} from the report history records already loaded (deleted reports included)."""
    from core.periods import quarter_label

    for model, _fields, records in loaded:
        if model is ProgressReport:
            return {r.id: quarter_label(r.year, r.quarter) for r in records}
    return {}
