"""Writes about notifications: creating them in each recipient's language, e-mailing them through the outbox,
marking them read, running the reminder rules, and changing the rules' settings.

The outbox: work that leaves the request (an e-mail) is written as an ``OutboxJob`` in the same transaction as the
change, handed to Celery after commit, and kept ``pending`` when the broker cannot be reached, so saving never fails
or waits on Redis. ``flush_outbox`` hands pending jobs over later (beat every few minutes, the worker when it starts,
or ``manage.py flush_outbox``). Running a job twice is harmless: the job row is locked and finished jobs are skipped.
"""
from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from opd.permissions import is_admin

from . import selectors
from .choices import EmailStatus, JobState, ReminderRule
from .messages import build_reminder
from .models import Notification, OutboxJob, ReminderLog, ReminderSetting

logger = logging.getLogger(__name__)

# Errors worth retrying: the mail server or the network, not a bug.
RETRYABLE_ERRORS = (smtplib.SMTPException, OSError, TimeoutError)
EMAIL_JOB = "email_notification"


class RetryableJobError(Exception):
    """A job failed in a way that may pass later; the Celery task retries it with backoff."""


def language_of(user) -> str:
    membership = getattr(user, "membership", None)
    return getattr(membership, "language", None) or settings.LANGUAGE_CODE


def absolute_url(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


# --- notifications ---------------------------------------------------------------------------------------------------

def other_languages(user) -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != language_of(user)]


def _create_notification(user, *, kind: str, title, body, url: str = "", rule: str = "", body_html: str = "",
                         email: bool = True, dispatch: bool = True, translations=None) -> Notification:
    address = (user.email or "").strip() if email else ""
    status = EmailStatus.NONE if not email else (EmailStatus.PENDING if address else EmailStatus.NO_ADDRESS)
    notification = Notification.objects.create(
        recipient=user, kind=kind, rule=rule, title=str(title)[:255], body=str(body), body_html=body_html, url=url,
        language=language_of(user), email_status=status, email_to=address, translations=translations or {},
    )
    if status == EmailStatus.PENDING:
        enqueue_job(EMAIL_JOB, {"notification_id": notification.pk}, dispatch=dispatch)
    return notification


def notify(recipients: Iterable, kind: str, render: Callable[[], tuple[str, str]], url: str = "", *,
           email: bool = True) -> list[Notification]:
    """Create one notification per distinct active recipient, and e-mail it to those with an address.

    ``render`` returns (title, body) and is called with each recipient's language active, so messages read in the
    language the recipient chose.
    """
    seen = set()
    created = []
    with transaction.atomic():
        for user in recipients:
            if user is None or not user.is_active or user.pk in seen:
                continue
            seen.add(user.pk)
            with translation.override(language_of(user)):
                title, body = render()
            translations = {}
            for language in other_languages(user):  # kept for readers who switch language
                with translation.override(language):
                    other_title, other_body = render()
                translations[language] = {"title": str(other_title)[:255], "body": str(other_body)}
            created.append(_create_notification(user, kind=kind, title=title, body=body, url=url, email=email,
                                                translations=translations))
    return created


def mark_read(user, notification_ids=None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())


def send_notification_email(notification_id: int, *, connection=None) -> None:
    """E-mail one notification (HTML and plain text, in the recipient's language, with absolute links), through
    ``connection`` when given (a batch shares one open mail connection) or a connection of its own."""
    notification = (Notification.objects.select_related("recipient", "recipient__membership")
                    .filter(pk=notification_id).first())
    if notification is None or notification.email_status == EmailStatus.SENT:
        return
    address = notification.email_to or notification.recipient.email
    if not address:
        Notification.objects.filter(pk=notification.pk).update(email_status=EmailStatus.NO_ADDRESS)
        return
    with translation.override(notification.language or language_of(notification.recipient)):
        context = {
            "notification": notification, "recipient": notification.recipient, "link": absolute_url(notification.url),
            "site_url": settings.SITE_URL, "region": settings.PORTAL_REGION_NAME,
            "notifications_link": absolute_url(reverse("notifications:list")),
        }
        text = render_to_string("email/notification.txt", context)
        html = render_to_string("email/notification.html", context)
    message = EmailMultiAlternatives(notification.title, text, settings.DEFAULT_FROM_EMAIL, [address],
                                     connection=connection)
    message.attach_alternative(html, "text/html")
    message.send()
    Notification.objects.filter(pk=notification.pk).update(
        email_status=EmailStatus.SENT, email_sent_at=timezone.now(), email_attempts=F("email_attempts") + 1,
        email_error="",
    )


def _record_email_failure(payload: dict, error: str, gave_up: bool) -> None:
    Notification.objects.filter(pk=payload.get("notification_id")).update(
        email_status=EmailStatus.FAILED if gave_up else EmailStatus.RETRYING, email_error=error[:2000],
        email_attempts=F("email_attempts") + 1,
    )


# --- the outbox ----------------------------------------------------------------------------------------------------

JOB_HANDLERS: dict[str, Callable] = {EMAIL_JOB: send_notification_email}
FAILURE_RECORDERS: dict[str, Callable] = {EMAIL_JOB: _record_email_failure}


def enqueue_job(kind: str, payload: dict, *, dispatch: bool = True) -> OutboxJob:
    """Keep a job in the outbox and, once the current transaction commits, hand it to the broker."""
    if kind not in JOB_HANDLERS:
        raise ValueError(f"Unknown job kind {kind!r}")
    job = OutboxJob.objects.create(kind=kind, payload=payload)
    if dispatch:
        transaction.on_commit(lambda: dispatch_job(job.pk))
    return job


def dispatch_job(job_id: int) -> bool:
    """Hand one job to the broker without waiting on it: an unreachable broker leaves the job pending.

    The job is marked queued before it is published, so the worker never races this update; a process that dies in
    between leaves a queued job that ``flush_outbox`` hands over again after NOTIFICATIONS_REQUEUE_AFTER seconds.
    """
    from .tasks import run_outbox_job

    OutboxJob.objects.filter(pk=job_id, state__in=[JobState.PENDING, JobState.QUEUED]).update(
        state=JobState.QUEUED, queued_at=timezone.now())
    try:
        run_outbox_job.apply_async(args=[job_id], retry=False)
    except Exception as exc:  # noqa: BLE001 - any broker failure must leave the save intact; the outbox keeps it
        logger.warning("Outbox job %s kept for later: the broker is unreachable (%s)", job_id, exc)
        OutboxJob.objects.filter(pk=job_id, state=JobState.QUEUED).update(
            state=JobState.PENDING, dispatch_attempts=F("dispatch_attempts") + 1,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        return False
    return True


def _backoff(attempts: int) -> dt.timedelta:
    base = settings.NOTIFICATIONS_RETRY_BACKOFF
    return dt.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), settings.NOTIFICATIONS_RETRY_BACKOFF_MAX))


def execute_job(job_id: int, *, final: bool = False, inline: bool = False,
                mail_connection=None) -> OutboxJob | None:
    """Run one job under a row lock (so two workers never run it twice). A retryable failure is recorded; then the
    job either raises ``RetryableJobError`` (Celery retries it with backoff), waits in the outbox (``inline``), or,
    after the last attempt (``final`` or the attempts setting), is marked failed for administrators to see."""
    error = None
    with transaction.atomic():
        job = OutboxJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state in (JobState.DONE, JobState.FAILED):
            return job
        job.attempts += 1
        try:
            with transaction.atomic():
                extra = {"connection": mail_connection} if mail_connection is not None and job.kind == EMAIL_JOB else {}
                JOB_HANDLERS[job.kind](**job.payload, **extra)
        except RETRYABLE_ERRORS as exc:
            error = f"{type(exc).__name__}: {exc}"
            gave_up = final or job.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS
            job.last_error = error[:2000]
            if gave_up:
                job.state = JobState.FAILED
            elif inline:
                job.state, job.available_at = JobState.PENDING, timezone.now() + _backoff(job.attempts)
            else:
                job.state = JobState.QUEUED
            job.save()
            FAILURE_RECORDERS.get(job.kind, lambda *a: None)(job.payload, error, gave_up)
            logger.warning("Outbox job %s (%s) failed, attempt %s%s: %s", job.pk, job.kind, job.attempts,
                           " (giving up)" if gave_up else "", error)
            if gave_up or inline:
                return job
        except Exception as exc:  # a bug or missing data: retrying will not help; record it and move on
            logger.exception("Outbox job %s (%s) failed", job.pk, job.kind)
            job.state, job.last_error = JobState.FAILED, f"{type(exc).__name__}: {exc}"[:2000]
            job.save()
            FAILURE_RECORDERS.get(job.kind, lambda *a: None)(job.payload, job.last_error, True)
            return job
        else:
            job.state, job.done_at, job.last_error = JobState.DONE, timezone.now(), ""
            job.save()
            return job
    raise RetryableJobError(error)


def flush_outbox(*, inline: bool = False, limit: int = 500) -> dict:
    """Hand over (or, ``inline``, run here) the jobs that are pending: never queued because the broker was down, or
    waiting after a failed inline run; also jobs queued long ago and never finished (lost with a broker's data).
    Returns counts by outcome."""
    now = timezone.now()
    lost = now - dt.timedelta(seconds=settings.NOTIFICATIONS_REQUEUE_AFTER)
    ids = list(OutboxJob.objects.filter(Q(state=JobState.PENDING, available_at__lte=now)
                                        | Q(state=JobState.QUEUED, queued_at__lt=lost))
               .order_by("created_at", "pk").values_list("pk", flat=True)[:limit])
    counts = {"queued": 0, "kept": 0, "done": 0, "failed": 0, "retrying": 0}
    if inline:
        run_jobs_inline(ids, counts)
        return counts
    for job_id in ids:
        if dispatch_job(job_id):
            counts["queued"] += 1
        else:
            counts["kept"] += 1
            break  # the broker is down: the rest stay pending too, no need to wait on each
    return counts


MAIL_BATCH = 100


def run_jobs_inline(ids, counts: dict | None = None) -> dict:
    """Run the given outbox jobs here, MAIL_BATCH at a time over one open mail connection per batch (one SMTP
    session for a hundred e-mails, not one each). Each job keeps its own row lock and outcome."""
    counts = counts if counts is not None else {"done": 0, "failed": 0, "retrying": 0}
    ids = list(ids)
    for start in range(0, len(ids), MAIL_BATCH):
        mail = get_connection(fail_silently=False)
        try:
            mail.open()
        except RETRYABLE_ERRORS:
            mail = None  # each job then tries (and records) on its own
        try:
            for job_id in ids[start:start + MAIL_BATCH]:
                job = execute_job(job_id, inline=True, mail_connection=mail)
                key = {JobState.DONE: "done", JobState.FAILED: "failed"}.get(getattr(job, "state", None), "retrying")
                counts[key] = counts.get(key, 0) + 1
        finally:
            if mail is not None:
                try:
                    mail.close()
                except RETRYABLE_ERRORS:
                    logger.warning("Closing the mail connection failed", exc_info=True)
    return counts


def retry_job(user, job: OutboxJob) -> OutboxJob:
    """An administrator sends a failed job again."""
    if not is_admin(user):
        raise PermissionDenied(_("Only administrators may retry failed jobs."))
    with transaction.atomic():
        OutboxJob.objects.filter(pk=job.pk, state__in=[JobState.FAILED, JobState.PENDING]).update(
            state=JobState.PENDING, available_at=timezone.now(), attempts=0)
        if job.kind == EMAIL_JOB:
            Notification.objects.filter(pk=job.payload.get("notification_id")).exclude(
                email_status=EmailStatus.SENT).update(email_status=EmailStatus.PENDING)
        transaction.on_commit(lambda: dispatch_job(job.pk))
    job.refresh_from_db()
    return job


# --- reminder rules ------------------------------------------------------------------------------------------------

def update_rule_setting(user, rule: str, *, enabled: bool, lead_days: int, repeat_days: int) -> ReminderSetting:
    if not is_admin(user):
        raise PermissionDenied(_("Only administrators may change reminder rules."))
    if rule not in ReminderRule.values:
        raise ValidationError({"rule": _("Unknown reminder rule.")})
    setting = ReminderSetting.objects.filter(rule=rule).first() or ReminderSetting.default_for(rule)
    setting.enabled, setting.lead_days, setting.repeat_days = bool(enabled), lead_days, repeat_days
    setting.full_clean()
    setting.save()
    return setting


@dataclass
class PlannedReminder:
    rule: str
    recipient: object
    items: list
    notification: Notification | None = None


@dataclass
class ReminderRun:
    today: dt.date
    dry_run: bool
    reminders: list[PlannedReminder] = field(default_factory=list)
    already_sent: int = 0

    @property
    def sent(self) -> list[PlannedReminder]:
        return [r for r in self.reminders if r.notification is not None]


LOG_BATCH = 500


def _claim_in_log(rule: str, items: list, user, today: dt.date) -> dict[str, int]:
    """Write the items to the delivery log in bulk; return {key: log id} of the rows this call wrote. The unique
    constraint (rule, key, recipient) is the guard: a row another run wrote first is skipped (ON CONFLICT DO
    NOTHING) and its item is not ours to send."""
    table = connection.ops.quote_name(ReminderLog._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in
                        ("rule", "key", "recipient_id", "label", "for_date", "created_at", "notification_id"))
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    day = connection.ops.adapt_datefield_value(today)
    unique = ", ".join(connection.ops.quote_name(c) for c in ("rule", "key", "recipient_id"))
    won = {}
    items = sorted(items, key=lambda i: i.key)
    with connection.cursor() as cursor:
        for start in range(0, len(items), LOG_BATCH):
            chunk = items[start:start + LOG_BATCH]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s, NULL)"] * len(chunk))
            params = [v for item in chunk for v in (rule, item.key, user.pk, item.label[:255], day, now)]
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {values} "  # noqa: S608 - names from the model
                           f"ON CONFLICT ({unique}) DO NOTHING RETURNING id, {connection.ops.quote_name('key')}",
                           params)
            won.update({key: log_id for log_id, key in cursor.fetchall()})
    return won


def _deliver(planned: PlannedReminder, today: dt.date, *, dispatch: bool) -> Notification | None:
    """Record each item in the log (the unique constraint decides who sends it), then write one message with the
    items this run won. Another run that got there first leaves nothing to send."""
    user = planned.recipient
    with transaction.atomic():
        claimed = _claim_in_log(planned.rule, planned.items, user, today)
        won = [(item, claimed[item.key]) for item in sorted(planned.items, key=lambda i: i.key) if item.key in claimed]
        if not won:
            return None
        items = [item for item, _log in won]
        with translation.override(language_of(user)):
            message = build_reminder(planned.rule, user, items, today)
            body_html = render_to_string("notifications/reminder_body.html",
                                         {"message": message, "SITE_URL_PREFIX": settings.SITE_URL.rstrip("/")})
        translations = {}
        for language in other_languages(user):  # kept for readers who switch language
            with translation.override(language):
                other = build_reminder(planned.rule, user, items, today)
                translations[language] = {"title": str(other.title)[:255], "body": str(other.text), "body_html":
                                          render_to_string("notifications/reminder_body.html", {
                                              "message": other, "SITE_URL_PREFIX": settings.SITE_URL.rstrip("/")})}
        notification = _create_notification(
            user, kind=planned.rule, rule=planned.rule, title=message.title, body=message.text, body_html=body_html,
            url=message.url, dispatch=dispatch, translations=translations,
        )
        ReminderLog.objects.filter(pk__in=[log_id for _item, log_id in won]).update(notification=notification)
    return notification


def run_reminders(today: dt.date | None = None, *, dry_run: bool = False, inline: bool = False) -> ReminderRun:
    """Evaluate every enabled rule as of ``today`` and send one message per recipient and rule with what is due.

    The Celery task and ``manage.py send_reminders`` both call this. ``inline`` sends the e-mails here instead of
    through the worker (for cron installations without one); ``dry_run`` only reports what would be sent.
    """
    today = today or timezone.localdate()
    run = ReminderRun(today=today, dry_run=dry_run)
    due = selectors.due_reminders(today)
    sent_before = selectors.already_sent({(rule, user.pk): items for rule, user, items in due})
    for rule, user, items in due:
        fresh = [item for item in items if (rule, item.key, user.pk) not in sent_before]
        run.already_sent += len(items) - len(fresh)
        if not fresh:
            continue
        planned = PlannedReminder(rule=rule, recipient=user, items=fresh)
        if not dry_run:
            try:
                planned.notification = _deliver(planned, today, dispatch=not inline)
            except Exception:  # one recipient's problem must not stop the others
                logger.exception("Reminder %s for user %s could not be written", rule, user.pk)
                continue
            if planned.notification is None:
                continue
        run.reminders.append(planned)
    if inline and not dry_run:
        while True:  # every message of this run, a batch per mail connection (flush_outbox takes 500 at a time)
            counts = flush_outbox(inline=True)
            if sum(counts.values()) < 500:
                break
    return run
