"""Writes about agencies and users: provisioning accounts with a role."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import Role, TokenScope
from .models import ApiToken, Membership, Opd, hash_token_key
from .selectors import role_of


@dataclass
class ProvisionResult:
    user: object
    created: bool
    password: str | None  # set when the service generated it


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def provision_user(
    *,
    username: str,
    role: str,
    opd_code: str | None = None,
    email: str | None = None,
    password: str | None = None,
    first_name: str | None = None,
) -> ProvisionResult:
    """Create or update a user with a portal role. Validates everything before writing anything."""
    username = (username or "").strip()
    if not username:
        raise ValidationError(_("A username is required."))
    if role not in Role.values:
        raise ValidationError(
            _("Unknown role %(role)s; choose one of: %(roles)s.") % {"role": role, "roles": ", ".join(Role.values)}
        )
    opd = None
    if opd_code:
        opd = Opd.objects.filter(code__iexact=opd_code.strip()).first()
        if opd is None:
            raise ValidationError(_("Unknown agency code %(code)s.") % {"code": opd_code})
    if role == Role.OPD_STAFF and opd is None:
        raise ValidationError(_("OPD staff need an agency: give --opd CODE."))
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise ValidationError(_("%(email)s is not a valid e-mail address.") % {"email": email}) from exc
    generated = None
    if password is None:
        generated = password = generate_password()

    User = get_user_model()
    with transaction.atomic():
        user, created = User.objects.get_or_create(username=username)
        if email:
            user.email = email
        if first_name is not None:
            user.first_name = first_name
        user.set_password(password)
        user.is_staff = role == Role.ADMIN  # admins also use the Django admin for master data
        user.save()
        Membership.objects.update_or_create(user=user, defaults={"role": role, "opd": opd})
    return ProvisionResult(user=user, created=created, password=generated)


# --- API tokens ----------------------------------------------------------------------------------------------------

TOKEN_PREFIX_LENGTH = 8
TOKEN_TOUCH_INTERVAL = dt.timedelta(minutes=1)


@dataclass
class IssuedToken:
    token: ApiToken
    key: str  # the only time the key exists in clear


def issue_token(actor, *, user, name: str, scope: str = TokenScope.READ) -> IssuedToken:
    """Create an API key for ``user``; ``actor`` must be an administrator (None: a management command).

    The key is returned once; only its prefix and SHA-256 hash are stored.
    """
    if actor is not None and role_of(actor) != Role.ADMIN:
        raise PermissionDenied(_("Only administrators may issue API tokens."))
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Give the token a name that says what it is for.")
    if scope not in TokenScope.values:
        errors["scope"] = _("The scope must be read or write.")
    if user is None or not user.is_active:
        errors["user"] = _("Tokens can only be issued for active users.")
    elif role_of(user) is None:
        errors["user"] = _("This user has no portal role; a token would grant nothing.")
    if errors:
        raise ValidationError(errors)
    key = secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name[:100],
        scope=scope,
        prefix=key[:TOKEN_PREFIX_LENGTH],
        key_hash=hash_token_key(key),
        created_by=actor,
    )
    token.full_clean()
    token.save()
    return IssuedToken(token=token, key=key)


def revoke_token(actor, token: ApiToken) -> ApiToken:
    """Revoke a token at once (idempotent). Administrators revoke any token, users their own."""
    if actor is not None and role_of(actor) != Role.ADMIN and token.user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("You may not revoke this token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=token.revoked_at)
    return token


def record_token_use(token: ApiToken, now=None) -> None:
    """Remember when a token was last used, writing at most once per TOKEN_TOUCH_INTERVAL."""
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_TOUCH_INTERVAL:
        token.last_used_at = now
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


def save_language_choice(user, *, language: str) -> bool:
    """Keep a signed-in user's choice of language on their account (pages, e-mails and notifications follow it).
    Returns False when the user has no portal membership to keep it on (the cookie still holds the choice)."""
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError({"language": _("Unknown language.")})
    with transaction.atomic():
        updated = Membership.objects.filter(user=user).update(language=language)
    if hasattr(user, "_membership_cache"):
        del user._membership_cache
    return bool(updated)
