"""Reads about agencies and roles."""

from __future__ import annotations

from django.db.models import QuerySet

from .choices import Role
from .models import ApiToken, Membership, Opd, hash_token_key


def membership_of(user) -> Membership | None:
    if not user or not user.is_authenticated:
        return None
    cached = getattr(user, "_membership_cache", False)
    if cached is not False:
        return cached
    try:
        membership = user.membership
    except Membership.DoesNotExist:
        membership = None
    user._membership_cache = membership
    return membership


def role_of(user) -> str | None:
    """The user's portal role: ``admin``, ``viewer``, ``opd_staff`` or None (no access)."""
    if not user or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMIN
    membership = membership_of(user)
    return membership.role if membership else None


def opd_of(user) -> Opd | None:
    membership = membership_of(user)
    return membership.opd if membership else None


def opd_id_of(user) -> int | None:
    membership = membership_of(user)
    return membership.opd_id if membership else None


def is_admin(user) -> bool:
    return role_of(user) == Role.ADMIN


def active_opds() -> QuerySet[Opd]:
    return Opd.objects.filter(active=True).order_by("abbreviation")


def token_for_key(key: str) -> ApiToken | None:
    """The token with this key (revoked or not), with its user and role loaded; None when unknown."""
    if not key:
        return None
    return (
        ApiToken.objects.select_related("user", "user__membership", "user__membership__opd")
        .filter(key_hash=hash_token_key(key))
        .first()
    )


def api_tokens() -> QuerySet[ApiToken]:
    return ApiToken.objects.select_related("user", "created_by").order_by("revoked_at", "-created_at", "-id")
