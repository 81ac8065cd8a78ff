"""Writes about notifications: creating them in each recipient's language and marking them read."""
from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils import timezone, translation

from .models import Notification


def language_of(user) -> str:
    membership = getattr(user, "membership", None)
    return getattr(membership, "language", None) or "id"


def notify(recipients: Iterable, kind: str, render: Callable[[], tuple[str, str]], url: str = "") -> list[Notification]:
    """Create one notification per distinct active recipient.

    ``render`` returns (title, body) and is called with each recipient's language active, so messages read in the
    language the recipient chose.
    """
    seen = set()
    created = []
    for user in recipients:
        if user is None or not user.is_active or user.pk in seen:
            continue
        seen.add(user.pk)
        with translation.override(language_of(user)):
            title, body = render()
        created.append(Notification(recipient=user, kind=kind, title=str(title)[:255], body=str(body), url=url))
    return Notification.objects.bulk_create(created)


def mark_read(user, notification_ids=None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())
