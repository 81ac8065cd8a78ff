"""Redis down: saving a report still succeeds at once, the e-mail job waits in the outbox, and it is sent once the
broker is back."""

import time

import pytest
from django.core import mail
from django.db import connections

from initiatives import services as initiative_services
from initiatives.choices import ReportState
from notifications.choices import EmailStatus, JobState
from notifications.models import Notification, OutboxJob
from notifications.services import flush_outbox
from tests.conftest import redis_available, redis_url, require_service

from .conftest import on_day, wait_for

pytestmark = [pytest.mark.jobs, pytest.mark.django_db(transaction=True)]


def test_saving_a_report_with_redis_down_succeeds_and_the_job_is_sent_when_redis_is_back(
    reporting, broker_down, request
):
    ani, admin = reporting["ani"], reporting["admin"]
    initiative = reporting["initiatives"][0]
    with on_day(2026, 10, 2):
        started = time.monotonic()
        # the same service the report form and the API call
        report = initiative_services.save_report(
            ani, initiative, year=2026, quarter=3, submit=True, data={"progress": 55, "narrative": "Pilot berjalan."}
        )
        elapsed = time.monotonic() - started
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert elapsed < 5  # one refused connection, no retry loop
    notification = Notification.objects.get(recipient=admin, kind="report_submitted")  # the bell works without Redis
    # one e-mail job for the event, naming every administrator's notification
    job = OutboxJob.objects.get(kind="email_notification")
    assert job.payload == {"notification_ids": [notification.pk]}
    assert job.state == JobState.PENDING and job.dispatch_attempts == 1 and "6390" in job.last_error
    assert notification.email_status == EmailStatus.PENDING
    assert mail.outbox == []

    # Redis is back: a worker starts and the outbox is flushed (beat does this every few minutes)
    if not redis_available():
        require_service("Redis", False, f"no Redis at {redis_url()}")
    request.getfixturevalue("celery_worker_on_redis")
    flush_outbox()
    assert wait_for(lambda: len(mail.outbox) == 1)
    assert mail.outbox[0].to == ["kominfo@example.go.id"]
    assert wait_for(lambda: OutboxJob.objects.get(pk=job.pk).state == JobState.DONE)
    connections.close_all()
