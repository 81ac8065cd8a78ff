"""Writes of the masterplan record: its title and narrative, and each roadmap year's theme and focus.

Each write checks the permission (``permissions.can_edit_masterplan``), the version the form was loaded at
(``core.versioning.check_version``: a stale save is refused with what changed), bumps the version and saves with a
history record by the user, in one transaction."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from core.versioning import check_version

from .models import Masterplan, MasterplanYear
from .permissions import can_edit_masterplan

NARRATIVE_FIELDS = ("title", "vision", "mission", "description")
YEAR_FIELDS = ("theme", "focus")


def _require_editor(user):
    if not can_edit_masterplan(user):
        raise PermissionDenied(_("Only administrators may edit the masterplan."))


def _save(obj, user):
    obj.bump_version()
    obj.full_clean()
    obj._history_user = user
    obj.save()


def update_masterplan(user, plan: Masterplan, *, data: dict, expected_version=None) -> Masterplan:
    """Change the masterplan's title, vision, mission and description."""
    _require_editor(user)
    with transaction.atomic():
        current = Masterplan.objects.select_for_update().get(pk=plan.pk)
        check_version(current, expected_version, NARRATIVE_FIELDS)
        changed = False
        for name in NARRATIVE_FIELDS:
            if name in data and getattr(current, name) != data[name]:
                setattr(current, name, data[name])
                changed = True
        if changed:
            _save(current, user)
    return current


def save_masterplan_year(
    user, plan: Masterplan, *, year: int, theme: str, focus: str = "", expected_version=None
) -> MasterplanYear:
    """Set the theme and focus of one year of the plan (created when the year has none yet)."""
    _require_editor(user)
    with transaction.atomic():
        current = MasterplanYear.objects.select_for_update().filter(masterplan=plan, year=year).first()
        if current is None:
            current = MasterplanYear(masterplan=plan, year=year, version=0)
        else:
            check_version(current, expected_version, YEAR_FIELDS)
            if (current.theme, current.focus) == (theme, focus):
                return current
        current.theme, current.focus = theme, focus
        _save(current, user)
    return current
