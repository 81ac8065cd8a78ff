"""manage.py send_reminders: the same rules, synchronously; --date and --dry-run."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from notifications.models import Notification, OutboxJob, ReminderLog

from .conftest import on_day

pytestmark = [pytest.mark.jobs, pytest.mark.django_db]


def run(*args):
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_dry_run_lists_recipients_and_sends_nothing(reporting):
    output = run("--date", "2026-09-26", "--dry-run")
    assert "Would send [report_due]" in output
    assert "ani <ani@example.go.id>: 2 item(s)" in output and "citra <citra@example.go.id>: 1 item(s)" in output
    assert "LIV-01 2026Q3" in output
    assert "Dry run: nothing was sent or recorded." in output
    assert mail.outbox == []
    assert not Notification.objects.exists() and not ReminderLog.objects.exists() and not OutboxJob.objects.exists()


def test_date_evaluates_the_rules_as_of_that_day_and_sends_synchronously(reporting):
    with on_day(2026, 11, 28):
        output = run("--date", "2026-09-26")
    assert "Sent [report_due]" in output
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ani@example.go.id",
        "budi@example.go.id",
        "citra@example.go.id",
        "kominfo@example.go.id",
    ]
    assert set(ReminderLog.objects.values_list("for_date", flat=True)).pop().isoformat() == "2026-09-26"
    again = run("--date", "2026-09-26", "--dry-run")
    assert "0 message(s) to send" in again and "already sent earlier" in again


def test_a_bad_date_is_refused():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--date", "26/09/2026")
