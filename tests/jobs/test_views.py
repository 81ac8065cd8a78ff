"""The bell's pages: notifications with mark as read, reminder history (own; everyone's with failures for admins),
and the reminder rules for admins."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.choices import EmailStatus, JobState, ReminderRule
from notifications.models import Notification, OutboxJob, ReminderSetting
from opd.choices import Role
from tests.factories import make_user

pytestmark = [pytest.mark.jobs, pytest.mark.django_db]


def notes(user, count, **kwargs):
    return Notification.objects.bulk_create(
        [
            Notification(
                recipient=user, kind=kwargs.get("rule") or "test", title=f"Message {i}", body="Isi", url="/", **kwargs
            )
            for i in range(count)
        ]
    )


@pytest.fixture
def staff(db):
    return make_user(Role.VIEWER, username="lina")


def test_bell_count_list_and_mark_one_and_all_read(client, staff):
    first, second, third = notes(staff, 3)
    client.force_login(staff)
    page = client.get(reverse("notifications:list")).content.decode()
    assert '<span class="count">3</span>' in page and "Message 2" in page

    response = client.post(reverse("notifications:mark-read", args=[first.pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/"
    first.refresh_from_db()
    assert first.read_at is not None
    unread = client.get(reverse("notifications:list") + "?unread=1").content.decode()
    assert '<span class="count">2</span>' in unread and f'id="notification-{first.pk}"' not in unread

    client.post(reverse("notifications:mark-all-read"))
    assert not Notification.objects.filter(recipient=staff, read_at__isnull=True).exists()


def test_nobody_marks_another_users_notification(client, staff):
    other = make_user(Role.VIEWER, username="other")
    (note,) = notes(other, 1)
    client.force_login(staff)
    assert client.post(reverse("notifications:mark-read", args=[note.pk])).status_code == 404
    client.post(reverse("notifications:mark-all-read"))
    note.refresh_from_db()
    assert note.read_at is None


def test_users_see_their_reminders_and_admins_see_everyones_with_failures(client, staff):
    admin = make_user(Role.ADMIN, username="boss")
    other = make_user(Role.VIEWER, username="other")
    notes(staff, 1, rule=ReminderRule.REPORT_DUE, email_status=EmailStatus.SENT)
    (failed,) = notes(
        other,
        1,
        rule=ReminderRule.MILESTONE_DUE,
        email_status=EmailStatus.FAILED,
        email_error="SMTPRecipientsRefused: 550 mailbox unavailable",
    )
    job = OutboxJob.objects.create(
        kind="email_notification",
        payload={"notification_id": failed.pk},
        state=JobState.FAILED,
        last_error="SMTPRecipientsRefused: 550",
    )

    client.force_login(staff)
    own = client.get(reverse("notifications:reminders") + "?all=1").content.decode()  # ?all is ignored
    assert own.count("<tr>") == 2 and "550 mailbox" not in own

    client.force_login(admin)
    everyone = client.get(reverse("notifications:reminders") + "?all=1").content.decode()
    assert "lina" in everyone and "other" in everyone and "550 mailbox unavailable" in everyone
    assert f"email_notification #{job.pk}" in everyone
    only_failed = client.get(reverse("notifications:reminders") + "?all=1&failed=1").content.decode()
    assert "550 mailbox unavailable" in only_failed and "lina" not in only_failed

    response = client.post(reverse("notifications:retry-job", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    failed.refresh_from_db()
    assert job.state in (JobState.PENDING, JobState.QUEUED, JobState.DONE) and job.attempts <= 1
    assert failed.email_status in (EmailStatus.PENDING, EmailStatus.SENT)


def test_only_admins_change_reminder_rules(client, staff):
    client.force_login(staff)
    assert client.get(reverse("notifications:settings")).status_code == 403
    admin = make_user(Role.ADMIN, username="boss")
    client.force_login(admin)
    assert client.get(reverse("notifications:settings")).status_code == 200
    data = {}
    for rule in ReminderRule.values:
        data.update({f"{rule}-enabled": "on", f"{rule}-lead_days": "14", f"{rule}-repeat_days": "7"})
    data["milestone_due-lead_days"] = "30"
    del data["admin_digest-enabled"]
    assert client.post(reverse("notifications:settings"), data).status_code == 302
    assert ReminderSetting.objects.get(rule="milestone_due").lead_days == 30
    assert ReminderSetting.objects.get(rule="admin_digest").enabled is False
    data["report_due-lead_days"] = "-1"
    assert client.post(reverse("notifications:settings"), data).status_code == 200
    assert ReminderSetting.objects.get(rule="report_due").lead_days == 14


@pytest.mark.parametrize("url_name,query", [("notifications:list", ""), ("notifications:reminders", "?all=1")])
def test_list_pages_take_the_same_queries_for_few_and_many_rows(client, url_name, query):
    admin = make_user(Role.ADMIN, username="boss")
    client.force_login(admin)
    users = [make_user(Role.VIEWER, username=f"u{i}") for i in range(3)]

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(url_name) + query).status_code == 200
        return len(ctx.captured_queries)

    notes(admin, 2, rule=ReminderRule.REPORT_DUE)
    small = count()
    for user in users:
        notes(user, 20, rule=ReminderRule.MILESTONE_DUE)
    notes(admin, 40, rule=ReminderRule.REPORT_DUE)
    assert count() == small
