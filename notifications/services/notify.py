"""Notifications in each recipient's language (and, kept for readers who switch, in the portal's other languages),
written in bulk: an event that tells every administrator writes one row each in one INSERT and one e-mail job for all
of them (``outbox``), not a row, a job and a transaction per person."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from ..choices import EmailStatus
from ..models import Notification
from .outbox import EMAIL_JOB, enqueue_job


def language_of(user) -> str:
    membership = getattr(user, "membership", None)
    return getattr(membership, "language", None) or settings.LANGUAGE_CODE


def absolute_url(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def other_languages(user) -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != language_of(user)]


def notification_row(
    user,
    *,
    kind: str,
    title,
    body,
    url: str = "",
    rule: str = "",
    body_html: str = "",
    email: bool = True,
    translations=None,
) -> Notification:
    """An unsaved notification to ``user`` (for ``bulk_create``), its e-mail state decided by the address."""
    address = (user.email or "").strip() if email else ""
    status = EmailStatus.NONE if not email else (EmailStatus.PENDING if address else EmailStatus.NO_ADDRESS)
    return Notification(
        recipient=user,
        kind=kind,
        rule=rule,
        title=str(title)[:255],
        body=str(body),
        body_html=body_html,
        url=url,
        language=language_of(user),
        email_status=status,
        email_to=address,
        translations=translations or {},
    )


def notify(
    recipients: Iterable, kind: str, render: Callable[[], tuple[str, str]], url: str = "", *, email: bool = True
) -> list[Notification]:
    """Create one notification per distinct active recipient, and e-mail it to those with an address.

    ``render`` returns (title, body) and is called with a language active, once per language (the text names no
    reader), so messages read in the language each recipient chose. The rows are written in one INSERT and their
    e-mails are one outbox job (each address still gets its own e-mail).
    """
    rendered: dict[str, tuple[str, str]] = {}

    def in_language(language: str) -> tuple[str, str]:
        if language not in rendered:
            with translation.override(language):
                title, body = render()
            rendered[language] = (str(title)[:255], str(body))
        return rendered[language]

    seen, rows = set(), []
    for user in recipients:
        if user is None or not user.is_active or user.pk in seen:
            continue
        seen.add(user.pk)
        title, body = in_language(language_of(user))
        translations = {}
        for language in other_languages(user):  # kept for readers who switch language
            other_title, other_body = in_language(language)
            translations[language] = {"title": other_title, "body": other_body}
        rows.append(
            notification_row(user, kind=kind, title=title, body=body, url=url, email=email, translations=translations)
        )
    if not rows:
        return []
    with transaction.atomic():
        created = Notification.objects.bulk_create(rows)
        pending = [n.pk for n in created if n.email_status == EmailStatus.PENDING]
        if pending:
            enqueue_job(EMAIL_JOB, {"notification_ids": pending})
    return created


def mark_read(user, notification_ids=None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())
