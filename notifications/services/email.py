"""E-mail of notifications: rendered once per message and language, sent over a shared connection, failures
recorded on the job."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from core.templatetags.portal import person

from ..choices import EmailStatus
from ..models import Notification
from .outbox_state import (
    EMAIL_JOB,
    NAME_MARK,
    RETRYABLE_ERRORS,
    PartlySent,
    _absolute,
    _language_of,
    _mark_sent,
    _notification_ids,
)

logger = logging.getLogger(__name__)


def render_email(notification: Notification, cache: dict | None = None) -> tuple[str, str]:
    """The plain-text and HTML e-mail of ``notification`` in its language, with absolute links. Rendered once per
    distinct message and language when a ``cache`` is shared (the name of the reader is filled in afterwards)."""
    language = notification.language or _language_of(notification.recipient)
    key = (
        language,
        notification.language,
        notification.title,
        notification.body,
        notification.body_html,
        notification.url,
    )
    parts = cache.get(key) if cache is not None else None
    if parts is None:
        with translation.override(language):
            context = {
                "notification": notification,
                "recipient_name": NAME_MARK,
                "link": _absolute(notification.url),
                "site_url": settings.SITE_URL,
                "region": settings.PORTAL_REGION_NAME,
                "notifications_link": _absolute(reverse("notifications:list")),
            }
            parts = (
                render_to_string("email/notification.txt", context),
                render_to_string("email/notification.html", context),
            )
        if cache is not None:
            if len(cache) > 1000:
                cache.clear()
            cache[key] = parts
    name = person(notification.recipient)
    return parts[0].replace(NAME_MARK, name), parts[1].replace(NAME_MARK, escape(name))


def _send(notification: Notification, address: str, connection, cache: dict | None) -> None:
    text, html = render_email(notification, cache)
    message = EmailMultiAlternatives(
        notification.title, text, settings.DEFAULT_FROM_EMAIL, [address], connection=connection
    )
    message.attach_alternative(html, "text/html")
    message.send()


def send_notification_email(notification_id: int | None = None, *, notification_ids=None, connection=None) -> None:
    """E-mail one notification, or each of several (HTML and plain text, in each recipient's language, with absolute
    links), through ``connection`` when given (a batch shares one open mail connection) or a connection of its own.
    Notifications already sent are skipped; when an address fails the others are still tried, then the first
    retryable error is raised (a retry sends only what is left)."""
    ids = _notification_ids(
        {
            "notification_id": notification_id,
            **({"notification_ids": notification_ids} if notification_ids is not None else {}),
        }
    )
    notifications = (
        Notification.objects.select_related("recipient", "recipient__membership").filter(pk__in=ids).order_by("pk")
    )
    cache: dict = {}
    failure, sent = None, []
    for notification in notifications:
        if notification.email_status == EmailStatus.SENT:
            continue
        address = notification.email_to or notification.recipient.email
        if not address:
            Notification.objects.filter(pk=notification.pk).update(email_status=EmailStatus.NO_ADDRESS)
            continue
        try:
            _send(notification, address, connection, cache)
        except RETRYABLE_ERRORS as exc:
            if len(ids) == 1:
                raise
            failure = failure or exc
            continue
        sent.append(notification.pk)
    if failure is not None:
        raise PartlySent(failure, sent)
    _mark_sent(sent)


def _record_email_failure(payload: dict, error: str, gave_up: bool) -> None:
    Notification.objects.filter(pk__in=_notification_ids(payload)).exclude(email_status=EmailStatus.SENT).update(
        email_status=EmailStatus.FAILED if gave_up else EmailStatus.RETRYING,
        email_error=error[:2000],
        email_attempts=F("email_attempts") + 1,
    )


JOB_HANDLERS: dict[str, Callable] = {EMAIL_JOB: send_notification_email}
FAILURE_RECORDERS: dict[str, Callable] = {EMAIL_JOB: _record_email_failure}
