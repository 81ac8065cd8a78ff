"""The quarterly report workflow: save (draft), submit, approve (the values become the initiative's), return."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ConflictError, TransitionError
from core.periods import current_quarter, quarter_label
from opd.permissions import admin_users, staff_of

from .. import permissions
from ..choices import REPORT_TRANSITIONS, FundingSource, ReportState
from ..models import BudgetLine, Initiative, ProgressReport
from .common import _check_version, _notify_on_commit, _save

REPORT_FIELDS = ("progress", "status", "narrative", "obstacles", "next_steps", "budget_realized")


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
            "year": year,
            "start": initiative.start_year,
            "end": initiative.end_year,
        }
    if not errors and (year, quarter) > current_quarter():
        errors["quarter"] = _("You cannot report on a quarter that has not started yet.")
    if errors:
        raise ValidationError(errors)
    return year, quarter


def save_report(
    user,
    initiative: Initiative,
    *,
    year: int,
    quarter: int,
    data: dict,
    expected_version=None,
    submit: bool = False,
    report: ProgressReport | None = None,
) -> ProgressReport:
    """Create or update the report for a quarter (while it is a draft or returned), optionally submitting it."""
    if not permissions.can_report(user, initiative):
        raise PermissionDenied(_("Only the lead agency's staff may report on this initiative."))
    year, quarter = _validate_period(initiative, year, quarter)
    unknown = set(data) - set(REPORT_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in unknown})
    with transaction.atomic():
        existing = (
            ProgressReport.objects.select_for_update().filter(pk=report.pk)
            if report is not None
            else ProgressReport.objects.select_for_update().filter(initiative=initiative, year=year, quarter=quarter)
        ).first()
        if existing is None:
            existing = ProgressReport(initiative=initiative, year=year, quarter=quarter, created_by=user)
            created = True
        else:
            created = False
            if existing.initiative_id != initiative.pk:
                raise PermissionDenied(_("The report belongs to another initiative."))
            if expected_version is None:  # created meanwhile by someone else: never overwrite it unseen
                raise ConflictError(
                    current=existing,
                    changed_by=existing.created_by,
                    message=_("A report for this quarter was saved meanwhile; open it and apply your changes there."),
                )
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

    _notify_on_commit(admin_users(), "report_submitted", render, reverse("initiatives:review-queue"))


def _apply_budget_realisation(user, initiative, year, amount):
    """The report's realised amount becomes the year's realisation, shared over the year's budget lines in
    proportion to their planned amounts (one line: all of it; none: a new APBD line)."""
    lines = list(
        BudgetLine.objects.select_for_update().filter(initiative=initiative, year=year).order_by("funding_source")
    )
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


def _check_four_eyes(user, report: ProgressReport):
    if permissions.four_eyes_refusal(user, report):
        raise PermissionDenied(
            _("You submitted this report yourself: another administrator must approve or return it (four-eyes rule).")
        )


def approve_report(user, report: ProgressReport, *, expected_version=None, note: str = "") -> ProgressReport:
    """Approve a submitted report: its progress, status and budget realisation become the initiative's."""
    if not permissions.can_review(user):
        raise PermissionDenied(_("Only administrators may review reports."))
    with transaction.atomic():
        current = ProgressReport.objects.select_for_update().get(pk=report.pk)
        _check_four_eyes(user, current)
        _check_version(current, expected_version, REPORT_FIELDS)
        _transition(current, ReportState.APPROVED)  # a second approval fails here: the row is locked and re-read
        current.reviewed_by, current.reviewed_at, current.review_note = user, timezone.now(), note or ""
        current.bump_version()
        _save(current, user)
        initiative = Initiative.objects.select_for_update().get(pk=current.initiative_id)
        initiative.progress = current.progress
        initiative.status = current.status
        initiative.bump_version()
        initiative._change_reason = _("Approved report %(period)s") % {
            "period": quarter_label(current.year, current.quarter)
        }
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
        _check_four_eyes(user, current)
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
        values = {"code": initiative.code, "period": quarter_label(*period), "title": initiative.title, "note": note}
        if approved:
            return (
                _("Report approved: %(code)s %(period)s") % values,
                _("Your %(period)s report on %(title)s was approved.") % values,
            )
        return (
            _("Report returned: %(code)s %(period)s") % values,
            _("Your %(period)s report on %(title)s was returned: %(note)s") % values,
        )

    recipients = list(staff_of(initiative.lead_opd_id))
    if report.submitted_by_id and report.submitted_by not in recipients:
        recipients.append(report.submitted_by)
    _notify_on_commit(recipients, "report_approved" if approved else "report_returned", render, _report_url(report))
