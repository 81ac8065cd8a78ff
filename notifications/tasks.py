"""Celery tasks: each one only calls a service. Tasks are acknowledged late and rejected when a worker dies
(settings), so a crash re-delivers them; the services make a second run harmless."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.db import connections

from . import services

logger = logging.getLogger(__name__)


@shared_task(name="notifications.tasks.send_reminders", acks_late=True)
def send_reminders(date: str | None = None) -> dict:
    """Evaluate the reminder rules (as of ``date``, ISO, default today) and queue the e-mails."""
    today = dt.date.fromisoformat(date) if date else None
    run = services.run_reminders(today)
    return {"date": run.today.isoformat(), "messages": len(run.sent), "already_sent": run.already_sent}


@shared_task(
    bind=True,
    name="notifications.tasks.run_outbox_job",
    acks_late=True,
    autoretry_for=(services.RetryableJobError,),
    retry_backoff=settings.NOTIFICATIONS_RETRY_BACKOFF,
    retry_backoff_max=settings.NOTIFICATIONS_RETRY_BACKOFF_MAX,
    retry_jitter=True,
    max_retries=settings.NOTIFICATIONS_MAX_ATTEMPTS - 1,
)
def run_outbox_job(self, job_id: int) -> None:
    """Run one outbox job (e.g. e-mail one notification); SMTP and network errors retry with exponential backoff."""
    services.execute_job(job_id, final=self.request.retries >= self.max_retries)


@shared_task(name="notifications.tasks.flush_outbox", acks_late=True)
def flush_outbox() -> dict:
    """Queue the jobs that could not be queued while the broker was unreachable."""
    return services.flush_outbox()


@worker_ready.connect
def _flush_outbox_on_start(sender=None, **kwargs):
    """A worker coming up (often: Redis is back) picks up what was kept meanwhile."""
    if not getattr(settings, "NOTIFICATIONS_FLUSH_ON_WORKER_START", True):
        return
    try:
        services.flush_outbox()
    except Exception:  # noqa: BLE001 - never keep a worker from starting
        logger.exception("Flushing the outbox at worker start failed")
    finally:
        connections.close_all()  # this thread's connection; tasks open their own
