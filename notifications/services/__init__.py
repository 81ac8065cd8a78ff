"""Writes about notifications (a package with this facade; import from ``notifications.services``):

* ``notify`` — notifications in each recipient's language, written in bulk, one e-mail job per event (``.notify``);
* the outbox — e-mail and other work that leaves the request, run by Celery or inline in batches over one mail
  connection (``.outbox``);
* the reminder run and the rules' settings (``.reminders``).
"""

from .notify import absolute_url, language_of, mark_read, notification_row, notify, other_languages
from .outbox import (
    EMAIL_JOB,
    FAILURE_RECORDERS,
    JOB_HANDLERS,
    MAIL_BATCH,
    RETRYABLE_ERRORS,
    RetryableJobError,
    dispatch_job,
    enqueue_job,
    enqueue_jobs,
    execute_job,
    flush_outbox,
    retry_job,
    run_jobs_inline,
    send_notification_email,
)
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
