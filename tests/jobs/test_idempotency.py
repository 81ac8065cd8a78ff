"""Re-runs, retries and two concurrent runs send one message per recipient per reminder."""

import threading

import pytest
from django.core import mail
from django.db import connection, connections

from notifications.choices import ReminderRule
from notifications.models import Notification, ReminderLog
from notifications.services import run_reminders
from tests.conftest import require_service

from .conftest import on_day

pytestmark = [pytest.mark.jobs]


@pytest.mark.django_db
def test_running_the_reminders_twice_sends_each_reminder_once(reporting):
    with on_day(2026, 10, 11):
        first = run_reminders(inline=True)
        second = run_reminders(inline=True)
    assert len(first.sent) == 4  # ani, budi, citra (reports overdue) and the admin's digest
    assert second.sent == [] and second.already_sent == 6
    assert Notification.objects.count() == 4
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ani@example.go.id",
        "budi@example.go.id",
        "citra@example.go.id",
        "kominfo@example.go.id",
    ]


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_send_each_reminder_once(reporting):
    require_service(
        "PostgreSQL",
        connection.vendor == "postgresql",
        "concurrent runs need row locks; set DATABASE_URL to PostgreSQL",
    )
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            barrier.wait(timeout=10)
            with on_day(2026, 10, 11):
                results.append(run_reminders(inline=True))  # both also send the e-mails
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(results) == 2
    assert sum(len(run.sent) for run in results) == 4
    for user in ("ani", "budi", "citra", "admin"):
        recipient = reporting[user]
        assert Notification.objects.filter(recipient=recipient).count() == 1, user
    assert ReminderLog.objects.filter(rule=ReminderRule.REPORT_DUE).count() == 5
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ani@example.go.id",
        "budi@example.go.id",
        "citra@example.go.id",
        "kominfo@example.go.id",
    ]
