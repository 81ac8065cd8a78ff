"""The outbox: work that leaves the request (an e-mail) is written as an ``OutboxJob`` in the same transaction as the
change, handed to Celery after commit, and kept ``pending`` when the broker cannot be reached, so saving never fails
or waits on Redis. ``flush_outbox`` hands pending jobs over later (beat every few minutes, the worker when it starts,
or ``manage.py flush_outbox``). Running a job twice is harmless: the job row is locked and finished jobs are skipped,
and an e-mail job skips every notification already sent.

An e-mail job names one notification (``notification_id``) or several (``notification_ids``: every administrator
told of one event); each address gets its own e-mail. Inline runs (``run_jobs_inline``) take MAIL_BATCH jobs at a
time: one transaction, one lock query, one read of the notifications, one open mail connection and one update per
outcome for the whole batch. The e-mail templates are rendered once per distinct message and language (the reader's
name filled in afterwards), not once per recipient.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from opd.permissions import is_admin

from ..choices import EmailStatus, JobState
from ..models import Notification, OutboxJob
from .email import FAILURE_RECORDERS, JOB_HANDLERS, _send
from .outbox_state import EMAIL_JOB, RETRYABLE_ERRORS, PartlySent, RetryableJobError, _mark_sent, _notification_ids

logger = logging.getLogger(__name__)

# --- jobs ------------------------------------------------------------------------------------------------------------


def enqueue_job(kind: str, payload: dict, *, dispatch: bool = True) -> OutboxJob:
    """Keep a job in the outbox and, once the current transaction commits, hand it to the broker."""
    return enqueue_jobs(kind, [payload], dispatch=dispatch)[0]


def enqueue_jobs(kind: str, payloads: list[dict], *, dispatch: bool = True) -> list[OutboxJob]:
    """Keep several jobs in the outbox in one INSERT; hand each to the broker after commit when ``dispatch``."""
    if kind not in JOB_HANDLERS:
        raise ValueError(f"Unknown job kind {kind!r}")
    jobs = OutboxJob.objects.bulk_create([OutboxJob(kind=kind, payload=payload) for payload in payloads])
    if dispatch:
        ids = [job.pk for job in jobs]
        transaction.on_commit(lambda: [dispatch_job(job_id) for job_id in ids])
    return jobs


def dispatch_job(job_id: int) -> bool:
    """Hand one job to the broker without waiting on it: an unreachable broker leaves the job pending.

    The job is marked queued before it is published, so the worker never races this update; a process that dies in
    between leaves a queued job that ``flush_outbox`` hands over again after NOTIFICATIONS_REQUEUE_AFTER seconds.
    """
    from ..tasks import run_outbox_job

    OutboxJob.objects.filter(pk=job_id, state__in=[JobState.PENDING, JobState.QUEUED]).update(
        state=JobState.QUEUED, queued_at=timezone.now()
    )
    try:
        run_outbox_job.apply_async(args=[job_id], retry=False)
    except Exception as exc:  # noqa: BLE001 - any broker failure must leave the save intact; the outbox keeps it
        logger.warning("Outbox job %s kept for later: the broker is unreachable (%s)", job_id, exc)
        OutboxJob.objects.filter(pk=job_id, state=JobState.QUEUED).update(
            state=JobState.PENDING,
            dispatch_attempts=F("dispatch_attempts") + 1,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        return False
    return True


def _backoff(attempts: int) -> dt.timedelta:
    base = settings.NOTIFICATIONS_RETRY_BACKOFF
    return dt.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), settings.NOTIFICATIONS_RETRY_BACKOFF_MAX))


def _record_retryable(job: OutboxJob, error: str, *, final: bool, inline: bool) -> bool:
    """Save a retryable failure of ``job`` (its attempts already counted); True when it gave up."""
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
    logger.warning(
        "Outbox job %s (%s) failed, attempt %s%s: %s",
        job.pk,
        job.kind,
        job.attempts,
        " (giving up)" if gave_up else "",
        error,
    )
    return gave_up


def _record_broken(job: OutboxJob, exc: Exception) -> None:
    logger.error("Outbox job %s (%s) failed", job.pk, job.kind, exc_info=exc)
    job.state, job.last_error = JobState.FAILED, f"{type(exc).__name__}: {exc}"[:2000]
    job.save()
    FAILURE_RECORDERS.get(job.kind, lambda *a: None)(job.payload, job.last_error, True)


def execute_job(job_id: int, *, final: bool = False, inline: bool = False, mail_connection=None) -> OutboxJob | None:
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
        except (PartlySent, *RETRYABLE_ERRORS) as exc:
            if isinstance(exc, PartlySent):
                _mark_sent(exc.sent)
                exc = exc.error  # noqa: PLW2901
            error = f"{type(exc).__name__}: {exc}"
            gave_up = _record_retryable(job, error, final=final, inline=inline)
            if gave_up or inline:
                return job
        except Exception as exc:  # a bug or missing data: retrying will not help; record it and move on
            _record_broken(job, exc)
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
    ids = list(
        OutboxJob.objects.filter(
            Q(state=JobState.PENDING, available_at__lte=now) | Q(state=JobState.QUEUED, queued_at__lt=lost)
        )
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
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
    session for a hundred e-mails, not one each), each batch in one transaction with its job rows locked. Each job
    keeps its own outcome (a refused address fails only its job)."""
    counts = counts if counts is not None else {"done": 0, "failed": 0, "retrying": 0}
    ids = list(ids)
    cache: dict = {}
    for start in range(0, len(ids), MAIL_BATCH):
        mail = get_connection(fail_silently=False)
        try:
            mail.open()
        except RETRYABLE_ERRORS:
            mail = None  # each job then tries (and records) on its own
        try:
            _run_batch(ids[start : start + MAIL_BATCH], counts, mail, cache)
        finally:
            if mail is not None:
                try:
                    mail.close()
                except RETRYABLE_ERRORS:
                    logger.warning("Closing the mail connection failed", exc_info=True)
    return counts


def _count(counts: dict, state) -> None:
    key = {JobState.DONE: "done", JobState.FAILED: "failed"}.get(state, "retrying")
    counts[key] = counts.get(key, 0) + 1


def _run_batch(job_ids: list[int], counts: dict, mail, cache: dict) -> None:
    with transaction.atomic():
        jobs = list(OutboxJob.objects.select_for_update().filter(pk__in=job_ids).order_by("pk"))
        waiting = []
        for job in jobs:
            if job.state in (JobState.DONE, JobState.FAILED):
                _count(counts, job.state)  # another run finished it meanwhile
            elif job.kind != EMAIL_JOB:
                _count(counts, getattr(execute_job(job.pk, inline=True, mail_connection=mail), "state", None))
            else:
                waiting.append(job)
        wanted = {pk for job in waiting for pk in _notification_ids(job.payload)}
        notifications = {
            n.pk: n
            for n in Notification.objects.select_related("recipient", "recipient__membership").filter(pk__in=wanted)
        }
        sent, no_address, done, failures = [], [], [], []
        for job in waiting:
            failure = None
            try:
                for pk in _notification_ids(job.payload):
                    notification = notifications.get(pk)
                    if notification is None or notification.email_status in (EmailStatus.SENT, EmailStatus.NO_ADDRESS):
                        continue
                    address = notification.email_to or notification.recipient.email
                    if not address:
                        no_address.append(pk)
                        notification.email_status = EmailStatus.NO_ADDRESS
                        continue
                    try:
                        _send(notification, address, mail, cache)
                    except RETRYABLE_ERRORS as exc:  # this address only: the job's other e-mails still go
                        failure = failure or exc
                        continue
                    sent.append(pk)
                    notification.email_status = EmailStatus.SENT  # a second job naming it skips it
            except Exception as exc:  # a bug or missing data: retrying will not help
                failures.append((job, exc, False))
                continue
            if failure is not None:
                failures.append((job, failure, True))
            else:
                done.append(job.pk)
        now = timezone.now()
        _mark_sent(sent)
        if no_address:
            Notification.objects.filter(pk__in=no_address).update(email_status=EmailStatus.NO_ADDRESS)
        if done:
            OutboxJob.objects.filter(pk__in=done).update(
                state=JobState.DONE, done_at=now, last_error="", attempts=F("attempts") + 1
            )
            counts["done"] = counts.get("done", 0) + len(done)
        for job, exc, retryable in failures:
            job.attempts += 1
            if retryable:
                _record_retryable(job, f"{type(exc).__name__}: {exc}", final=False, inline=True)
            else:
                _record_broken(job, exc)
            _count(counts, job.state)


def retry_job(user, job: OutboxJob) -> OutboxJob:
    """An administrator sends a failed job again."""
    if not is_admin(user):
        raise PermissionDenied(_("Only administrators may retry failed jobs."))
    with transaction.atomic():
        OutboxJob.objects.filter(pk=job.pk, state__in=[JobState.FAILED, JobState.PENDING]).update(
            state=JobState.PENDING, available_at=timezone.now(), attempts=0
        )
        if job.kind == EMAIL_JOB:
            Notification.objects.filter(pk__in=_notification_ids(job.payload)).exclude(
                email_status=EmailStatus.SENT
            ).update(email_status=EmailStatus.PENDING)
        transaction.on_commit(lambda: dispatch_job(job.pk))
    job.refresh_from_db()
    return job
