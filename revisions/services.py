"""Writes of the revisions app: freezing a named baseline of the masterplan (administrators only)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from opd.permissions import require_admin

from .models import Baseline
from .selectors import snapshot


def freeze_baseline(user, plan, *, name: str, note: str = "") -> Baseline:
    """Freeze the masterplan as it stands now under ``name`` (unique per masterplan)."""
    require_admin(user)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the baseline a name.")})
    with transaction.atomic():
        if Baseline.objects.filter(masterplan=plan, name=name).exists():
            raise ValidationError({"name": _("This masterplan already has a baseline with this name.")})
        return Baseline.objects.create(
            masterplan=plan, name=name[:120], note=note or "", snapshot=snapshot(plan), created_by=user
        )
