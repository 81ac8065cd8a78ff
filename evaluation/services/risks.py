"""Writes to the risk register: staff keep their agency's risks, administrators all."""

from __future__ import annotations

from django.db import transaction

from core.exceptions import PermissionDenied

from ..models import Risk
from ..permissions import can_add_risk_to, can_edit_risk
from ._common import bump, check_version

FIELDS = ("title", "description", "likelihood", "impact", "mitigation", "owner_opd", "status")


@transaction.atomic
def create_risk(
    *,
    user,
    initiative,
    title: str,
    likelihood: int,
    impact: int,
    owner_opd=None,
    description: str = "",
    mitigation: str = "",
    status: str = "open",
) -> Risk:
    if not can_add_risk_to(user, initiative):
        raise PermissionDenied
    risk = Risk(
        initiative=initiative,
        title=title,
        description=description,
        likelihood=likelihood,
        impact=impact,
        mitigation=mitigation,
        owner_opd=owner_opd or initiative.lead_opd,
        status=status,
    )
    risk._history_user = user
    risk.full_clean()
    risk.save()
    return risk


@transaction.atomic
def update_risk(*, user, risk: Risk, version: int, **values) -> Risk:
    risk = Risk.objects.select_for_update().select_related("initiative").get(pk=risk.pk)
    if not can_edit_risk(user, risk):
        raise PermissionDenied
    check_version(risk, version)
    initiative = values.pop("initiative", None)
    if initiative is not None and initiative.pk != risk.initiative_id:
        if not can_add_risk_to(user, initiative):
            raise PermissionDenied
        risk.initiative = initiative
    for name, value in values.items():
        if name not in FIELDS:
            raise TypeError(name)
        setattr(risk, name, value)
    bump(risk, user)
    risk.full_clean()
    risk.save()
    return risk


@transaction.atomic
def delete_risk(*, user, risk: Risk, version: int) -> None:
    risk = Risk.objects.select_for_update().select_related("initiative").get(pk=risk.pk)
    if not can_edit_risk(user, risk):
        raise PermissionDenied
    check_version(risk, version)
    risk._history_user = user
    risk.delete()
