"""Writes about agencies and users: provisioning accounts with a role."""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from .choices import Role
from .models import Membership, Opd


@dataclass
class ProvisionResult:
    user: object
    created: bool
    password: str | None  # set when the service generated it


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def provision_user(*, username: str, role: str, opd_code: str | None = None, email: str | None = None,
                   password: str | None = None, first_name: str | None = None) -> ProvisionResult:
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
