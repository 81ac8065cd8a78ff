"""Who may do what in the evaluation and the risk register (docs/evaluation.md has the matrix):
every portal role reads; administrators edit everything; agency staff answer the items assigned to their agency
(without overriding a rule) and keep the risks of their agency (initiatives it leads, or risks it owns)."""

from __future__ import annotations

from opd.permissions import has_portal_role, is_admin, is_opd_staff
from opd.selectors import opd_id_of


def can_view(user) -> bool:
    return has_portal_role(user)


def can_manage(user) -> bool:
    """Periods, weights, the framework, pre-fill, finalising, assigning items."""
    return is_admin(user)


def can_edit_answer(user, answer) -> bool:
    if answer.period.is_final:
        return False
    if is_admin(user):
        return True
    return is_opd_staff(user) and answer.assigned_opd_id is not None and answer.assigned_opd_id == opd_id_of(user)


def can_override_rule(user) -> bool:
    return is_admin(user)


def can_upload_document(user) -> bool:
    return is_admin(user) or is_opd_staff(user)


def can_add_risk(user) -> bool:
    return is_admin(user) or is_opd_staff(user)


def can_add_risk_to(user, initiative) -> bool:
    if is_admin(user):
        return True
    return is_opd_staff(user) and initiative.lead_opd_id == opd_id_of(user)


def can_edit_risk(user, risk) -> bool:
    if is_admin(user):
        return True
    if not is_opd_staff(user):
        return False
    mine = opd_id_of(user)
    return mine is not None and mine in (risk.owner_opd_id, risk.initiative.lead_opd_id)
