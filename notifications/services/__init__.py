"""Writes about notifications (a package with this facade; import from ``notifications.services``):

* ``notify`` — notifications in each recipient's language, written in bulk, one e-mail job per event (``.notify``);
* the outbox — e-mail and other work that leaves the request, run by Celery or inline in batches over one mail
  connection (``.outbox``);
* the reminder run and the rules' settings (``.reminders``).
"""

from .email import FAILURE_RECORDERS, JOB_HANDLERS, render_email, send_notification_email
from .notify import absolute_url, language_of, mark_read, notification_row, notify, other_languages
from .outbox import (
    MAIL_BATCH,
    dispatch_job,
    enqueue_job,
    enqueue_jobs,
    execute_job,
    flush_outbox,
    retry_job,
    run_jobs_inline,
)
from .outbox_state import EMAIL_JOB, RETRYABLE_ERRORS, RetryableJobError
from .reminders import (
    LOG_BATCH,
    REMINDER_BATCH,
    PlannedReminder,
    ReminderRun,
    run_reminders,
    update_rule_setting,
)

__all__ = [
    "EMAIL_JOB",
    "FAILURE_RECORDERS",
    "JOB_HANDLERS",
    "LOG_BATCH",
    "MAIL_BATCH",
    "REMINDER_BATCH",
    "RETRYABLE_ERRORS",
    "PlannedReminder",
    "ReminderRun",
    "RetryableJobError",
    "render_email",
    "absolute_url",
    "dispatch_job",
    "enqueue_job",
    "enqueue_jobs",
    "execute_job",
    "flush_outbox",
    "language_of",
    "mark_read",
    "notification_row",
    "notify",
    "other_languages",
    "retry_job",
    "run_jobs_inline",
    "run_reminders",
    "send_notification_email",
    "update_rule_setting",
]
