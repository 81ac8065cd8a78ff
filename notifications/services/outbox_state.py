"""What the outbox and its e-mail share: retryable errors, the job kind, the recipient-name mark, job outcomes."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from ..choices import EmailStatus
from ..models import Notification

# Errors worth retrying: the mail server or the network, not a bug.
RETRYABLE_ERRORS = (smtplib.SMTPException, OSError, TimeoutError)
EMAIL_JOB = "email_notification"
# Stands for the reader's name while an e-mail is rendered once for many readers; letters and digits only, so HTML
# escaping leaves it as it is.
NAME_MARK = "PORTALRECIPIENTNAME7F3A"


class RetryableJobError(Exception):
    """A job failed in a way that may pass later; the Celery task retries it with backoff."""


class PartlySent(Exception):  # noqa: N818 - an outcome, not a bug
    """Some e-mails of a job went out and one failed (``error``, retryable): the sent ones are recorded outside the
    job's savepoint, so a retry sends only the others."""

    def __init__(self, error: Exception, sent: list[int]):
        super().__init__(str(error))
        self.error, self.sent = error, sent


def _mark_sent(ids: list[int]) -> None:
    if ids:
        Notification.objects.filter(pk__in=ids).update(
            email_status=EmailStatus.SENT,
            email_sent_at=timezone.now(),
            email_attempts=F("email_attempts") + 1,
            email_error="",
        )


def _language_of(user) -> str:
    membership = getattr(user, "membership", None)
    return getattr(membership, "language", None) or settings.LANGUAGE_CODE


def _absolute(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def _notification_ids(payload: dict) -> list[int]:
    if "notification_ids" in payload:
        return [int(pk) for pk in payload["notification_ids"]]
    return [int(payload["notification_id"])] if payload.get("notification_id") is not None else []
