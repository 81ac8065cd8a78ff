"""A real Celery worker on the real Redis runs the reminder task end to end: notifications are written and the
e-mails are delivered through the outbox jobs the worker also runs."""

import pytest
from django.core import mail

from notifications.choices import EmailStatus, JobState, ReminderRule
from notifications.models import Notification, OutboxJob, ReminderLog
from notifications.tasks import send_reminders

from .conftest import on_day, wait_for

pytestmark = [pytest.mark.jobs, pytest.mark.django_db(transaction=True)]


def test_worker_runs_reminder_task_and_delivers_mail(reporting, celery_worker_on_redis):
    with on_day(2026, 9, 26):  # 14 days before the Q3 2026 deadline (10 October)
        send_reminders.delay("2026-09-26")
        # ani and budi (Dinkes, two initiatives) and citra (Dinhub): one e-mail each; the admin's weekly digest
        assert wait_for(lambda: len(mail.outbox) >= 4), f"only {len(mail.outbox)} e-mails arrived"
        assert wait_for(lambda: not OutboxJob.objects.exclude(state=JobState.DONE).exists())

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["ani@example.go.id", "budi@example.go.id", "citra@example.go.id", "kominfo@example.go.id"]
    ani_mail = next(m for m in mail.outbox if m.to == ["ani@example.go.id"])
    assert "LIV-01" in ani_mail.body and "LIV-02" in ani_mail.body
    assert ani_mail.alternatives and ani_mail.alternatives[0][1] == "text/html"
    assert Notification.objects.filter(rule=ReminderRule.REPORT_DUE).count() == 3
    assert set(Notification.objects.values_list("email_status", flat=True)) == {EmailStatus.SENT}
    assert ReminderLog.objects.filter(rule=ReminderRule.REPORT_DUE).count() == 5  # 2 + 2 + 1 initiatives
    assert set(OutboxJob.objects.values_list("state", flat=True)) == {JobState.DONE}
