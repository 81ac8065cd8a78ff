"""The demo's accounts: a staff member per lead agency and a reviewer (authors of the demo's reports, without a
usable password), and ``set_demo_passwords`` to sign in as them."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from opd.choices import Role
from opd.models import Membership, Opd

DEMO_USER_PREFIX = "demo-"
DEMO_PASSWORD = "demo-purbalingga"  # noqa: S105 - published demo password
DEMO_VIEWER = f"{DEMO_USER_PREFIX}viewer"


def _demo_staff(opd: Opd, counts):
    """A staff account per lead agency, without a usable password, so demo reports have an author."""
    User = get_user_model()
    username = f"{DEMO_USER_PREFIX}{opd.code.lower()}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, first_name=f"Staf {opd.abbreviation}"[:150])
        user.set_unusable_password()
        user.save()
        Membership.objects.create(user=user, role=Role.OPD_STAFF, opd=opd)
        counts["demo accounts created"] += 1
    return user


def _demo_reviewer(counts):
    User = get_user_model()
    user = User.objects.filter(username=f"{DEMO_USER_PREFIX}reviewer").first()
    if user is None:
        user = User(username=f"{DEMO_USER_PREFIX}reviewer", first_name="Reviewer Dinkominfo")
        user.set_unusable_password()
        user.save()
        Membership.objects.create(user=user, role=Role.ADMIN)
        counts["demo accounts created"] += 1
    return user


@transaction.atomic
def set_demo_passwords(password: str = DEMO_PASSWORD) -> list[tuple[str, str, str]]:
    """Give every demo account (``demo-…``) the published demo password, creating a read-only viewer account too,
    so the portal can be seen as agency staff, viewer and administrator. Returns (username, role, agency) rows."""
    User = get_user_model()
    viewer = User.objects.filter(username=DEMO_VIEWER).first()
    if viewer is None:
        viewer = User.objects.create(username=DEMO_VIEWER, first_name="Pimpinan (demo)")
        Membership.objects.create(user=viewer, role=Role.VIEWER)
    rows = []
    users = (
        User.objects.filter(username__startswith=DEMO_USER_PREFIX)
        .select_related("membership", "membership__opd")
        .order_by("username")
    )
    for user in users:
        user.set_password(password)
        user.save(update_fields=["password"])
        membership = getattr(user, "membership", None)
        rows.append(
            (
                user.username,
                membership.role if membership else "",
                membership.opd.abbreviation if membership and membership.opd else "",
            )
        )
    return rows
