"""Writes on initiatives and their budget lines."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import permissions
from ..choices import FundingSource
from ..models import BudgetLine, Initiative
from .common import _check_version, _save, _set_m2m, record_m2m_snapshots


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


def update_initiative(
    user,
    initiative: Initiative,
    data: dict,
    *,
    expected_version=None,
    supporting_opds=None,
    indicators=None,
    reason: str = "",
) -> Initiative:
    """Change the fields the user may change; refuse the others, refuse a stale version. Progress and status move
    through approved reports: an administrator's direct correction of them needs a ``reason``, kept in the history."""
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
        corrected = [
            name for name in permissions.REPORTED_FIELDS if name in data and data[name] != getattr(current, name)
        ]
        reason = (reason or "").strip()
        if corrected and not reason:
            raise ValidationError(
                {"reason": _("Progress and status change through approved reports: say why you correct them here.")}
            )
        for name, value in data.items():
            if name in allowed:
                setattr(current, name, value)
        if corrected:
            current._change_reason = reason[:100]
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


def save_budget_line(
    user,
    initiative: Initiative,
    *,
    year: int,
    funding_source: str = FundingSource.APBD,
    planned: int | None = None,
    realized: int | None = None,
    note: str | None = None,
) -> BudgetLine:
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
