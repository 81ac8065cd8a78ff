"""Every write with a business meaning on initiatives and reports.

Views, the API, the admin, commands and Celery tasks call these; each one checks permission and version, runs in a
transaction, records history with the acting user, and notifies the people concerned after commit.
"""
from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ConflictError, TransitionError
from core.periods import current_quarter, quarter_label
from opd.choices import Role

from . import permissions
from .choices import REPORT_TRANSITIONS, FundingSource, InitiativeStatus, ReportState
from .evidence import validate_evidence_file
from .models import BudgetLine, Comment, Evidence, Initiative, Milestone, ProgressReport

REPORT_FIELDS = ("progress", "status", "narrative", "obstacles", "next_steps", "budget_realized")


# --- helpers -----------------------------------------------------------------------------------------------------

def _save(obj, user, **kwargs):
    """Save with history attributed to ``user`` (works outside requests: API tokens, commands, tasks)."""
    obj._history_user = user
    obj.full_clean(**kwargs)
    try:
        obj.save()
    except IntegrityError as exc:  # a race the validation above could not see (e.g. a duplicate created meanwhile)
        raise ValidationError(_("The change conflicts with data saved meanwhile; reload and try again.")) from exc
    return obj


def _field_label(model, name):
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a non-field key still gets a readable label
        return name


def _changes_since(obj, loaded_version: int, fields) -> tuple[list[tuple[str, Any, Any]], Any]:
    """(label, value at loaded_version, current value) for each field changed since, and who saved last."""
    history = list(obj.history.filter(version__gte=loaded_version).order_by("history_date", "history_id"))
    base = next((h for h in history if h.version == loaded_version), None)
    latest = history[-1] if history else None
    changes = []
    if base is not None:
        for name in fields:
            if not hasattr(base, name) and not hasattr(base, f"{name}_id"):
                continue
            attname = name if hasattr(base, name) and not hasattr(base, f"{name}_id") else f"{name}_id"
            old, new = getattr(base, attname, None), getattr(obj, attname, None)
            if old != new:
                changes.append((_field_label(type(obj), name), old, new))
    changed_by = latest.history_user if latest is not None else None
    return changes, changed_by


def _check_version(obj, expected_version, fields):
    if expected_version is None:
        return
    try:
        expected = int(expected_version)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"version": _("The version must be a whole number.")}) from exc
    if expected != obj.version:
        changes, changed_by = _changes_since(obj, expected, fields)
        raise ConflictError(
            current=obj, changes=changes, changed_by=changed_by,
            message=_("Someone else saved this in the meantime (version %(current)s, you loaded %(loaded)s).")
            % {"current": obj.version, "loaded": expected},
        )


def _admins():
    User = get_user_model()
    return User.objects.filter(is_active=True).filter(membership__role=Role.ADMIN).select_related("membership")


def _lead_staff(initiative):
    User = get_user_model()
    return User.objects.filter(
        is_active=True, membership__role=Role.OPD_STAFF, membership__opd_id=initiative.lead_opd_id
    ).select_related("membership")


def _notify_on_commit(recipients, kind, render, url):
    from notifications.services import notify

    recipients = list(recipients)
    transaction.on_commit(lambda: notify(recipients, kind, render, url))


def _set_m2m(initiative: Initiative, supporting_opds=None, indicators=None):
    """Set the supporting agencies and indicators without a history record per add/remove (the caller's save or
    ``record_m2m_snapshots`` records them)."""
    initiative.skip_history_when_saving = True
    try:
        if supporting_opds is not None:
            initiative.supporting_opds.set(supporting_opds)
        if indicators is not None:
            initiative.indicators.set(indicators)
    finally:
        del initiative.skip_history_when_saving


def record_m2m_snapshots(initiative_ids) -> None:
    """Make the latest history record of each initiative hold its current supporting agencies and indicators.

    For writes that change the sets after the record was written: creation, and the masterplan importer (its bulk
    history records carry no sets)."""
    from django.apps import apps
    from django.db.models import Max

    ids = sorted(set(initiative_ids))
    Historical = Initiative.history.model
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        latest = dict(Historical.objects.filter(id__in=chunk).order_by().values("id")
                      .annotate(last=Max("history_id")).values_list("id", "last"))
        for field, target in (("supporting_opds", "opd"), ("indicators", "indicator")):
            through = getattr(Initiative, field).through
            snapshot = apps.get_model("initiatives", f"HistoricalInitiative_{field}")
            snapshot.objects.filter(history_id__in=list(latest.values())).delete()
            rows = [
                snapshot(history_id=latest[initiative_id], initiative_id=initiative_id,
                         **{f"{target}_id": other_id}, id=row_id)
                for row_id, initiative_id, other_id in through.objects.filter(
                    initiative_id__in=list(latest)).values_list("pk", "initiative_id", f"{target}_id")
            ]
            snapshot.objects.bulk_create(rows, batch_size=1000)


# --- initiatives ---------------------------------------------------------------------------------------------------

def create_initiative(user, *, masterplan, data: dict, supporting_opds=None, indicators=None) -> Initiative:
    if not permissions.can_manage_initiatives(user):
        raise PermissionDenied(_("Only administrators may create initiatives."))
    with transaction.atomic():
        initiative = Initiative(masterplan=masterplan, **data)
        _save(initiative, user)
        if supporting_opds is not None or indicators is not None:
            _set_m2m(initiative, supporting_opds, indicators)
            record_m2m_snapshots([initiative.pk])  # the "created" record shows them
    return initiative


def update_initiative(user, initiative: Initiative, data: dict, *, expected_version=None, supporting_opds=None,
                      indicators=None) -> Initiative:
    """Change the fields the user may change; refuse the others, refuse a stale version."""
    allowed = permissions.editable_fields(user, initiative)
    if not allowed:
        raise PermissionDenied(_("You may not edit this initiative."))
    with transaction.atomic():
        current = Initiative.objects.select_for_update().get(pk=initiative.pk)
        _check_version(current, expected_version, permissions.ADMIN_EDITABLE_FIELDS)
        forbidden = {}
        for name, value in data.items():
            if name not in allowed:
                current_value = getattr(current, f"{name}_id" if hasattr(current, f"{name}_id") else name, None)
                compare = getattr(value, "pk", value)
                if compare != current_value:
                    forbidden[name] = _("You may not change this field.")
        if (supporting_opds is not None or indicators is not None) and not permissions.can_manage_initiatives(user):
            forbidden["supporting_opds"] = _("You may not change this field.")
        if forbidden:
            raise ValidationError(forbidden)
        for name, value in data.items():
            if name in allowed:
                setattr(current, name, value)
        current.bump_version()
        # The sets change first, without a history record of their own, so the one record the save below writes
        # holds the new fields and the new sets together (one entry "A, B → A, C" in the history).
        _set_m2m(current, supporting_opds, indicators)
        _save(current, user)
    return current


def delete_initiative(user, initiative: Initiative, *, expected_version=None) -> None:
    if not permissions.can_manage_initiatives(user):
        raise PermissionDenied(_("Only administrators may delete initiatives."))
    with transaction.atomic():
        current = Initiative.objects.select_for_update().get(pk=initiative.pk)
        _check_version(current, expected_version, permissions.ADMIN_EDITABLE_FIELDS)
        current._history_user = user
        for line in current.budget_lines.all():
            line._history_user = user
            line.delete()
        for milestone in current.milestones.all():
            milestone._history_user = user
            milestone.delete()
        for report in current.reports.all():
            report._history_user = user
            report.delete()
        current.delete()


def save_budget_line(user, initiative: Initiative, *, year: int, funding_source: str = FundingSource.APBD,
                     planned: int | None = None, realized: int | None = None, note: str | None = None) -> BudgetLine:
    if not permissions.can_manage_initiatives(user):
        raise PermissionDenied(_("Only administrators may change budget lines."))
    with transaction.atomic():
        line = BudgetLine.objects.select_for_update().filter(
            initiative=initiative, year=year, funding_source=funding_source
        ).first() or BudgetLine(initiative=initiative, year=year, funding_source=funding_source)
        if planned is not None:
            line.planned = planned
        if realized is not None:
            line.realized = realized
        if note is not None:
            line.note = note
        return _save(line, user)


def _validate_milestone_dates(initiative: Initiative, due_date, completed_date):
    errors = {}
    if due_date is not None and not initiative.is_active_in(due_date.year):
        errors["due_date"] = _("The due date must lie within the initiative's years (%(start)s–%(end)s).") % {
            "start": initiative.start_year, "end": initiative.end_year}
    if completed_date is not None and completed_date > timezone.localdate():
        errors["completed_date"] = _("The completion date may not be in the future.")
    if errors:
        raise ValidationError(errors)


MILESTONE_FIELDS = ("title", "due_date", "completed_date")


def save_milestone(user, initiative: Initiative, *, milestone: Milestone | None = None, title: str,
                   due_date, completed_date=None, expected_version=None) -> Milestone:
    """Add or change a milestone (admins and the lead agency's staff); the due date lies within the initiative's
    years and a completion date is not in the future. A change made on a stale version (``expected_version``) is
    refused with ConflictError naming what changed and who changed it."""
    if not permissions.can_manage_milestones(user, initiative):
        raise PermissionDenied(_("You may not change this initiative's milestones."))
    with transaction.atomic():
        if milestone is not None and milestone.pk:
            milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
        milestone = milestone or Milestone(initiative=initiative)
        if milestone.initiative_id != initiative.pk:
            raise PermissionDenied(_("The milestone belongs to another initiative."))
        if milestone.pk:
            _check_version(milestone, expected_version, MILESTONE_FIELDS)
            milestone.bump_version()
        _validate_milestone_dates(initiative, due_date, completed_date)
        milestone.title, milestone.due_date, milestone.completed_date = (title or "").strip(), due_date, completed_date
        return _save(milestone, user)


def complete_milestone(user, milestone: Milestone, *, completed_date=None, expected_version=None) -> Milestone:
    """Mark a milestone completed on ``completed_date`` (default today); its title and due date stay as stored."""
    with transaction.atomic():
        current = Milestone.objects.select_for_update(of=("self",)).select_related("initiative").get(
            pk=milestone.pk)
        return save_milestone(user, current.initiative, milestone=current, title=current.title,
                              due_date=current.due_date, completed_date=completed_date or timezone.localdate(),
                              expected_version=expected_version)


def reopen_milestone(user, milestone: Milestone, *, expected_version=None) -> Milestone:
    """Clear a milestone's completion date: it is open (and may become overdue) again."""
    with transaction.atomic():
        current = Milestone.objects.select_for_update(of=("self",)).select_related("initiative").get(
            pk=milestone.pk)
        return save_milestone(user, current.initiative, milestone=current, title=current.title,
                              due_date=current.due_date, completed_date=None, expected_version=expected_version)


def delete_milestone(user, milestone: Milestone, *, expected_version=None) -> None:
    """Remove a milestone (admins and the lead agency's staff); the history keeps it, with who deleted it."""
    if not permissions.can_manage_milestones(user, milestone.initiative):
        raise PermissionDenied(_("You may not change this initiative's milestones."))
    with transaction.atomic():
        current = Milestone.objects.select_for_update().get(pk=milestone.pk)
        _check_version(current, expected_version, MILESTONE_FIELDS)
        current._history_user = user
        current.delete()


# --- reports -------------------------------------------------------------------------------------------------------

def _transition(report: ProgressReport, target: str):
    if target not in REPORT_TRANSITIONS.get(report.state, set()):
        raise TransitionError(
            _("A report that is %(state)s cannot become %(target)s.")
            % {"state": ReportState(report.state).label, "target": ReportState(target).label}
        )
    report.state = target


def _validate_period(initiative: Initiative, year: int, quarter: int):
    errors = {}
    try:
        year, quarter = int(year), int(quarter)
    except (TypeError, ValueError):
        raise ValidationError({"year": _("Give the year and quarter as numbers.")}) from None
    if quarter not in (1, 2, 3, 4):
        errors["quarter"] = _("The quarter must be between 1 and 4.")
    if not initiative.is_active_in(year):
        errors["year"] = _("The initiative is not active in %(year)s (it runs %(start)s–%(end)s).") % {
            "year": year, "start": initiative.start_year, "end": initiative.end_year}
    if not errors and (year, quarter) > current_quarter():
        errors["quarter"] = _("You cannot report on a quarter that has not started yet.")
    if errors:
        raise ValidationError(errors)
    return year, quarter


def save_report(user, initiative: Initiative, *, year: int, quarter: int, data: dict, expected_version=None,
                submit: bool = False, report: ProgressReport | None = None) -> ProgressReport:
    """Create or update the report for a quarter (while it is a draft or returned), optionally submitting it."""
    if not permissions.can_report(user, initiative):
        raise PermissionDenied(_("Only the lead agency's staff may report on this initiative."))
    year, quarter = _validate_period(initiative, year, quarter)
    unknown = set(data) - set(REPORT_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in unknown})
    with transaction.atomic():
        existing = (
            ProgressReport.objects.select_for_update()
            .filter(pk=report.pk) if report is not None
            else ProgressReport.objects.select_for_update().filter(initiative=initiative, year=year, quarter=quarter)
        ).first()
        if existing is None:
            existing = ProgressReport(initiative=initiative, year=year, quarter=quarter, created_by=user)
            created = True
        else:
            created = False
            if existing.initiative_id != initiative.pk:
                raise PermissionDenied(_("The report belongs to another initiative."))
            _check_version(existing, expected_version, REPORT_FIELDS)
            if not existing.is_editable:
                raise TransitionError(
                    _("This report is %(state)s and can no longer be edited.")
                    % {"state": ReportState(existing.state).label}
                )
            existing.year, existing.quarter = year, quarter
        for name, value in data.items():
            setattr(existing, name, value)
        if not created:
            existing.bump_version()
        if submit:
            _transition(existing, ReportState.SUBMITTED)
            existing.submitted_by, existing.submitted_at = user, timezone.now()
        _save(existing, user)
    if submit:
        _notify_submitted(existing)
    return existing


def submit_report(user, report: ProgressReport, *, expected_version=None) -> ProgressReport:
    if not permissions.can_report(user, report.initiative):
        raise PermissionDenied(_("Only the lead agency's staff may submit this report."))
    with transaction.atomic():
        current = ProgressReport.objects.select_for_update().select_related("initiative").get(pk=report.pk)
        _check_version(current, expected_version, REPORT_FIELDS)
        _transition(current, ReportState.SUBMITTED)
        current.submitted_by, current.submitted_at = user, timezone.now()
        current.bump_version()
        _save(current, user)
    _notify_submitted(current)
    return current


def _report_url(report):
    return reverse("initiatives:detail", args=[report.initiative_id]) + f"#report-{report.pk}"


def _notify_submitted(report):
    initiative = report.initiative
    period = (report.year, report.quarter)

    def render():
        return (
            _("Report submitted: %(code)s %(period)s") % {"code": initiative.code, "period": quarter_label(*period)},
            _("%(opd)s submitted the %(period)s report on %(title)s. It awaits your review.")
            % {"opd": initiative.lead_opd, "period": quarter_label(*period), "title": initiative.title},
        )

    _notify_on_commit(_admins(), "report_submitted", render, reverse("initiatives:review-queue"))


def _apply_budget_realisation(user, initiative, year, amount):
    """The report's realised amount becomes the year's realisation, shared over the year's budget lines in
    proportion to their planned amounts (one line: all of it; none: a new APBD line)."""
    lines = list(BudgetLine.objects.select_for_update().filter(initiative=initiative, year=year)
                 .order_by("funding_source"))
    if not lines:
        lines = [BudgetLine(initiative=initiative, year=year, funding_source=FundingSource.APBD, planned=0)]
    total_planned = sum(line.planned for line in lines)
    remaining = amount
    for index, line in enumerate(lines):
        if index == len(lines) - 1:
            share = remaining
        elif total_planned:
            share = amount * line.planned // total_planned
        else:
            share = 0
        remaining -= share
        if line.realized != share or line.pk is None:
            line.realized = share
            _save(line, user)


def approve_report(user, report: ProgressReport, *, expected_version=None, note: str = "") -> ProgressReport:
    """Approve a submitted report: its progress, status and budget realisation become the initiative's."""
    if not permissions.can_review(user):
        raise PermissionDenied(_("Only administrators may review reports."))
    with transaction.atomic():
        current = ProgressReport.objects.select_for_update().get(pk=report.pk)
        _check_version(current, expected_version, REPORT_FIELDS)
        _transition(current, ReportState.APPROVED)  # a second approval fails here: the row is locked and re-read
        current.reviewed_by, current.reviewed_at, current.review_note = user, timezone.now(), note or ""
        current.bump_version()
        _save(current, user)
        initiative = Initiative.objects.select_for_update().get(pk=current.initiative_id)
        initiative.progress = current.progress
        initiative.status = current.status
        initiative.bump_version()
        _save(initiative, user)
        _apply_budget_realisation(user, initiative, current.year, current.budget_realized)
    current.initiative = initiative
    _notify_reviewed(current, approved=True)
    return current


def return_report(user, report: ProgressReport, *, note: str, expected_version=None) -> ProgressReport:
    if not permissions.can_review(user):
        raise PermissionDenied(_("Only administrators may review reports."))
    if not (note or "").strip():
        raise ValidationError({"note": _("Say what needs fixing: a note is required when returning a report.")})
    with transaction.atomic():
        current = ProgressReport.objects.select_for_update().select_related("initiative").get(pk=report.pk)
        _check_version(current, expected_version, REPORT_FIELDS)
        _transition(current, ReportState.RETURNED)
        current.reviewed_by, current.reviewed_at, current.review_note = user, timezone.now(), note.strip()
        current.bump_version()
        _save(current, user)
    _notify_reviewed(current, approved=False)
    return current


def _notify_reviewed(report, *, approved: bool):
    initiative = report.initiative
    period = (report.year, report.quarter)
    note = report.review_note

    def render():
        values = {"code": initiative.code, "period": quarter_label(*period), "title": initiative.title,
                  "note": note}
        if approved:
            return (_("Report approved: %(code)s %(period)s") % values,
                    _("Your %(period)s report on %(title)s was approved.") % values)
        return (_("Report returned: %(code)s %(period)s") % values,
                _("Your %(period)s report on %(title)s was returned: %(note)s") % values)

    recipients = list(_lead_staff(initiative))
    if report.submitted_by_id and report.submitted_by not in recipients:
        recipients.append(report.submitted_by)
    _notify_on_commit(recipients, "report_approved" if approved else "report_returned", render, _report_url(report))


# --- evidence and comments ------------------------------------------------------------------------------------------

def add_evidence(user, initiative: Initiative, uploaded_file, *, report: ProgressReport | None = None,
                 description: str = "") -> Evidence:
    if not permissions.can_contribute(user, initiative):
        raise PermissionDenied(_("You may not add evidence to this initiative."))
    if report is not None and report.initiative_id != initiative.pk:
        raise PermissionDenied(_("The report belongs to another initiative."))
    checked = validate_evidence_file(uploaded_file)
    with transaction.atomic():
        evidence = Evidence(
            initiative=initiative, report=report, original_name=checked.safe_name, content_type=checked.content_type,
            size=checked.size, description=description[:255], uploaded_by=user,
        )
        evidence.file.save(checked.safe_name, uploaded_file, save=False)
        try:
            _save(evidence, user, exclude=["file"])
        except Exception:
            evidence.file.delete(save=False)  # nothing stray is left on disk
            raise
    return evidence


def delete_evidence(user, evidence: Evidence) -> None:
    """Remove an evidence file: its uploader or an admin, while its report is a draft or returned (evidence attached
    to the initiative itself: at any time). The history keeps the record; the file leaves storage after commit."""
    with transaction.atomic():
        current = Evidence.objects.select_for_update(of=("self",)).select_related("report", "initiative").get(
            pk=evidence.pk)
        if not permissions.can_delete_evidence(user, current):
            raise PermissionDenied(_("Only the uploader or an administrator may delete this file."))
        if current.report is not None and not current.report.is_editable:
            raise TransitionError(
                _("The file belongs to a report that is %(state)s; it can no longer be deleted.")
                % {"state": ReportState(current.report.state).label}
            )
        storage, name = current.file.storage, current.file.name
        current._history_user = user
        current.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))


def add_comment(user, initiative: Initiative, text: str) -> Comment:
    if not permissions.can_contribute(user, initiative):
        raise PermissionDenied(_("You may not comment on this initiative."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("The comment is empty.")})
    comment = Comment(initiative=initiative, author=user, text=text[:5000])
    comment.full_clean()
    comment.save()
    return comment


def status_default_progress(status: str, progress: int) -> int:
    """Completed means 100%; other statuses keep what was reported."""
    return 100 if status == InitiativeStatus.COMPLETED else progress
