"""Who holds which role: the one home of "who is an administrator", "who has a portal role" and "who are an
agency's staff". A superuser is an administrator everywhere: in checks, in recipient lists and in the API."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from .choices import Role
from .selectors import role_of

PORTAL_ROLES = (Role.ADMIN, Role.VIEWER, Role.OPD_STAFF)


def has_portal_role(user) -> bool:
    """Signed in, active and holding a portal role (administrator, viewer or agency staff)."""
    return role_of(user) in PORTAL_ROLES


def is_admin(user) -> bool:
    return role_of(user) == Role.ADMIN


def is_opd_staff(user) -> bool:
    return role_of(user) == Role.OPD_STAFF


def require_admin(user) -> None:
    if not is_admin(user):
        raise PermissionDenied


def admin_users() -> QuerySet:
    """Active administrators: members with the admin role and superusers (the same answer as ``is_admin``)."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(membership__role=Role.ADMIN) | Q(is_superuser=True))
        .select_related("membership")
        .order_by("pk")
    )


def staff_of(opd_id: int | None) -> QuerySet:
    """Active staff of one agency."""
    return (
        get_user_model()
        .objects.filter(is_active=True, membership__role=Role.OPD_STAFF, membership__opd_id=opd_id)
        .select_related("membership")
        .order_by("pk")
    )


def staff_by_opd(opd_ids) -> dict[int, list]:
    """Active staff of each of these agencies: {opd id: [user, ...]} in one query."""
    result: dict[int, list] = {}
    users = (
        get_user_model()
        .objects.filter(is_active=True, membership__role=Role.OPD_STAFF, membership__opd_id__in=set(opd_ids))
        .select_related("membership")
        .order_by("pk")
    )
    for user in users:
        result.setdefault(user.membership.opd_id, []).append(user)
    return result
