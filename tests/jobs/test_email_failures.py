"""One recipient whose mail server refuses does not stop the others; the failure is recorded and retried."""

import pytest
from django.core import mail
from django.core.management import call_command

from notifications.choices import EmailStatus, JobState
from notifications.models import Notification, OutboxJob
from notifications.services import EMAIL_JOB, enqueue_job, flush_outbox
from notifications.tasks import run_outbox_job

from .backends import FlakyBackend
from .conftest import on_day

pytestmark = [pytest.mark.jobs, pytest.mark.django_db]


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = "tests.jobs.backends.FlakyBackend"
    FlakyBackend.failing = {"budi@example.go.id"}
    FlakyBackend.attempts = []
    yield FlakyBackend
    FlakyBackend.failing = set()


def test_a_refused_recipient_does_not_stop_the_others_and_is_retried_later(reporting, flaky):
    with on_day(2026, 9, 26):
        call_command("send_reminders")
    delivered = sorted(m.to[0] for m in mail.outbox)
    assert delivered == ["ani@example.go.id", "citra@example.go.id", "kominfo@example.go.id"]
    failed = Notification.objects.get(recipient=reporting["budi"])
    assert failed.email_status == EmailStatus.RETRYING
    assert "SMTPRecipientsRefused" in failed.email_error and failed.email_attempts == 1
    job = OutboxJob.objects.get(payload__notification_id=failed.pk)
    assert job.state == JobState.PENDING and job.attempts == 1

    flaky.failing = set()
    with on_day(2026, 9, 26):  # backoff: not yet due again
        assert flush_outbox(inline=True)["done"] == 0
    with on_day(2026, 9, 27):
        assert flush_outbox(inline=True)["done"] == 1
    failed.refresh_from_db()
    assert failed.email_status == EmailStatus.SENT and failed.email_attempts == 2
    assert [m.to[0] for m in mail.outbox].count("budi@example.go.id") == 1


def test_the_celery_task_retries_with_backoff_and_gives_up_visibly(reporting, flaky, settings):
    notification = Notification.objects.create(
        recipient=reporting["budi"],
        kind="test",
        title="Hi",
        email_status=EmailStatus.PENDING,
        email_to="budi@example.go.id",
    )
    job = enqueue_job(EMAIL_JOB, {"notification_id": notification.pk}, dispatch=False)
    assert run_outbox_job.retry_backoff and run_outbox_job.autoretry_for
    # apply() runs in this process and runs each retry at once: every attempt is refused, so the task gives up
    # after the configured number of attempts
    run_outbox_job.apply(args=[job.pk])
    job.refresh_from_db()
    notification.refresh_from_db()
    assert job.state == JobState.FAILED and job.attempts == settings.NOTIFICATIONS_MAX_ATTEMPTS
    assert notification.email_status == EmailStatus.FAILED and "550" in notification.email_error
    assert flaky.attempts.count("budi@example.go.id") == settings.NOTIFICATIONS_MAX_ATTEMPTS


def test_a_transient_failure_is_retried_by_the_task_and_sent_once(reporting, flaky):
    notification = Notification.objects.create(
        recipient=reporting["budi"],
        kind="test",
        title="Hi",
        email_status=EmailStatus.PENDING,
        email_to="budi@example.go.id",
    )
    job = enqueue_job(EMAIL_JOB, {"notification_id": notification.pk}, dispatch=False)

    original = FlakyBackend.send_messages

    def fail_once(self, messages):
        if len(FlakyBackend.attempts) == 1:
            FlakyBackend.failing = set()
        return original(self, messages)

    FlakyBackend.send_messages = fail_once
    try:
        run_outbox_job.apply(args=[job.pk])
    finally:
        FlakyBackend.send_messages = original
    job.refresh_from_db()
    notification.refresh_from_db()
    assert job.state == JobState.DONE and job.attempts == 2
    assert notification.email_status == EmailStatus.SENT
    assert [m.to[0] for m in mail.outbox] == ["budi@example.go.id"]
    # running the finished job again (a redelivery after a worker died) sends nothing more
    run_outbox_job.apply(args=[job.pk])
    assert len(mail.outbox) == 1


def test_without_an_address_nothing_is_queued_and_the_state_says_so(reporting):
    user = reporting["ani"]
    user.email = ""
    user.save()
    with on_day(2026, 9, 26):
        call_command("send_reminders")
    notification = Notification.objects.get(recipient=user)
    assert notification.email_status == EmailStatus.NO_ADDRESS
    assert not OutboxJob.objects.filter(payload__notification_id=notification.pk).exists()
