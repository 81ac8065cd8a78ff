"""Writes on milestones: save, complete, reopen, delete (each checks the version it was loaded at)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions
from ..models import Initiative, Milestone
from .common import _check_version, _save


def _validate_milestone_dates(initiative: Initiative, due_date, completed_date):
    errors = {}
    if due_date is not None and not initiative.is_active_in(due_date.year):
        errors["due_date"] = _("The due date must lie within the initiative's years (%(start)s–%(end)s).") % {
            "start": initiative.start_year,
            "end": initiative.end_year,
        }
    if completed_date is not None and completed_date > timezone.localdate():
        errors["completed_date"] = _("The completion date may not be in the future.")
    if errors:
        raise ValidationError(errors)


MILESTONE_FIELDS = ("title", "due_date", "completed_date")


def save_milestone(
    user,
    initiative: Initiative,
    *,
    milestone: Milestone | None = None,
    title: str,
    due_date,
    completed_date=None,
    expected_version=None,
) -> Milestone:
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
        current = Milestone.objects.select_for_update(of=("self",)).select_related("initiative").get(pk=milestone.pk)
        return save_milestone(
            user,
            current.initiative,
            milestone=current,
            title=current.title,
            due_date=current.due_date,
            completed_date=completed_date or timezone.localdate(),
            expected_version=expected_version,
        )


def reopen_milestone(user, milestone: Milestone, *, expected_version=None) -> Milestone:
    """Clear a milestone's completion date: it is open (and may become overdue) again."""
    with transaction.atomic():
        current = Milestone.objects.select_for_update(of=("self",)).select_related("initiative").get(pk=milestone.pk)
        return save_milestone(
            user,
            current.initiative,
            milestone=current,
            title=current.title,
            due_date=current.due_date,
            completed_date=None,
            expected_version=expected_version,
        )


def delete_milestone(user, milestone: Milestone, *, expected_version=None) -> None:
    """Remove a milestone (admins and the lead agency's staff); the history keeps it, with who deleted it."""
    if not permissions.can_manage_milestones(user, milestone.initiative):
        raise PermissionDenied(_("You may not change this initiative's milestones."))
    with transaction.atomic():
        current = Milestone.objects.select_for_update().get(pk=milestone.pk)
        _check_version(current, expected_version, MILESTONE_FIELDS)
        current._history_user = user
        current.delete()
