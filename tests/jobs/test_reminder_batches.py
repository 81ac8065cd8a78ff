"""The reminder run at scale (issue 12): its queries do not grow with recipients and messages, a message's wording is
built once per language for everyone who gets the same items, the delivery log still decides who sends an item, and
an event that tells every administrator writes one e-mail job for all of them."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives import services as initiative_services
from notifications import registry, selectors, services
from notifications.choices import EmailStatus, JobState, ReminderRule
from notifications.models import Notification, OutboxJob, ReminderLog
from notifications.services import flush_outbox, run_reminders
from opd.choices import Role
from tests.factories import InitiativeFactory, OpdFactory, make_user

from .backends import FlakyBackend
from .conftest import on_day

pytestmark = [pytest.mark.jobs, pytest.mark.django_db]


def _add_agencies(plan, count, staff=2):
    """``count`` more agencies, each leading two initiatives without reports, with ``staff`` people each."""
    for n in range(count):
        opd = OpdFactory(code=f"X{n}", abbreviation=f"X{n}")
        for i in range(2):
            InitiativeFactory(masterplan=plan, lead_opd=opd, code=f"X{n}-{i}", start_year=2026, end_year=2027)
        for s in range(staff):
            make_user(Role.OPD_STAFF, opd=opd, username=f"x{n}s{s}", language="en" if s % 2 else "id")


def _queries_of_a_run():
    with on_day(2026, 10, 11), CaptureQueriesContext(connection) as queries:
        run = run_reminders(inline=True)
    return len(queries), len(run.sent)


def test_the_queries_of_a_run_do_not_grow_with_recipients_and_messages(reporting):
    few_queries, few_messages = _queries_of_a_run()
    Notification.objects.all().delete()
    ReminderLog.objects.all().delete()
    OutboxJob.objects.all().delete()
    mail.outbox.clear()
    _add_agencies(reporting["plan"], 6, staff=3)
    many_queries, many_messages = _queries_of_a_run()
    assert many_messages == few_messages + 6 * 3
    assert len(mail.outbox) == many_messages
    assert many_queries == few_queries


def test_shared_wording_is_built_once_per_language_and_each_reader_is_greeted_by_name(reporting, monkeypatch):
    spec = registry.rule(ReminderRule.REPORT_DUE)
    calls = []

    def counting_build(user, items, today):
        calls.append(tuple(item.key for item in items))
        return spec.build(user, items, today)

    monkeypatch.setitem(
        registry._RULES,
        spec.code,
        registry.RuleSpec(code=spec.code, find=spec.find, build=counting_build, shared_wording=True),
    )
    reporting["ani"].first_name, reporting["budi"].first_name = "Ani", "Budi"
    reporting["ani"].save()
    reporting["budi"].save()
    with on_day(2026, 10, 11):
        run_reminders(inline=True)
    # ani and budi (Dinkes) get the same two items: built once in Indonesian and once in English, not per person;
    # citra (Dinhub) has her own item
    dinkes_builds = [keys for keys in calls if len(keys) == 2]
    assert len(dinkes_builds) == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    ani, budi = by_address["ani@example.go.id"], by_address["budi@example.go.id"]
    assert "Ani" in ani.body and "Budi" not in ani.body and "Ani" in ani.alternatives[0][0]
    assert "Budi" in budi.body and "Budi" in budi.alternatives[0][0]
    assert services.outbox_state.NAME_MARK not in ani.body + ani.alternatives[0][0] + budi.body
    assert "Quarterly reports overdue for 2 initiatives" in budi.subject  # budi reads English
    assert "Quarterly reports overdue" not in ani.subject
    ani_note = Notification.objects.get(recipient=reporting["ani"])
    assert ani_note.translations["en"]["title"] == budi.subject  # kept for when ani switches to English


def test_the_log_decides_an_item_already_claimed_by_another_run_is_not_sent_again(reporting, monkeypatch):
    """As if another run had claimed one of ani's items between this run's check and its write."""
    first, _second, _third = reporting["initiatives"]
    due = {(rule, user.pk): items for rule, user, items in selectors.due_reminders(dt.date(2026, 10, 11))}
    ani_items = due[(ReminderRule.REPORT_DUE, reporting["ani"].pk)]
    taken = next(item for item in ani_items if f":{first.pk}:" in item.key)
    ReminderLog.objects.create(
        rule=ReminderRule.REPORT_DUE,
        key=taken.key,
        recipient=reporting["ani"],
        label=taken.label,
        for_date="2026-10-11",
    )
    for item in due[(ReminderRule.REPORT_DUE, reporting["citra"].pk)]:
        ReminderLog.objects.create(
            rule=ReminderRule.REPORT_DUE,
            key=item.key,
            recipient=reporting["citra"],
            label=item.label,
            for_date="2026-10-11",
        )
    monkeypatch.setattr(selectors, "already_sent", lambda items: set())
    with on_day(2026, 10, 11):
        run = run_reminders(inline=True)
    ani_note = Notification.objects.get(recipient=reporting["ani"], rule=ReminderRule.REPORT_DUE)
    assert first.code not in ani_note.body and "1" in ani_note.title  # only the item this run won
    assert ReminderLog.objects.get(key=taken.key, recipient=reporting["ani"]).notification is None
    assert not Notification.objects.filter(recipient=reporting["citra"]).exists()  # all of hers were taken
    assert {p.recipient.username for p in run.sent} == {"ani", "budi", "kominfo"}
    assert sorted(m.to[0] for m in mail.outbox) == ["ani@example.go.id", "budi@example.go.id", "kominfo@example.go.id"]


def test_a_submitted_report_tells_every_admin_with_one_job_and_one_email_each(
    reporting, django_capture_on_commit_callbacks, broker_down
):
    admins = [reporting["admin"], make_user(Role.ADMIN, username="dewi"), make_user(Role.ADMIN, username="eko")]
    with on_day(2026, 10, 2), django_capture_on_commit_callbacks(execute=True):
        initiative_services.save_report(
            reporting["ani"],
            reporting["initiatives"][0],
            year=2026,
            quarter=3,
            submit=True,
            data={"progress": 55, "narrative": "Pilot berjalan."},
        )
    notes = Notification.objects.filter(kind="report_submitted")
    assert sorted(n.recipient.username for n in notes) == sorted(a.username for a in admins)
    job = OutboxJob.objects.get(kind="email_notification")
    assert sorted(job.payload["notification_ids"]) == sorted(n.pk for n in notes)
    with on_day(2026, 10, 2):
        assert flush_outbox(inline=True)["done"] == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(a.email for a in admins)
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert set(notes.values_list("email_status", flat=True)) == {EmailStatus.SENT}
    with on_day(2026, 10, 2):  # running it again sends nothing more
        services.execute_job(job.pk, inline=True)
    assert len(mail.outbox) == 3


def test_one_refused_admin_address_does_not_stop_the_others_and_only_it_is_sent_again(
    reporting, settings, django_capture_on_commit_callbacks, broker_down
):
    settings.EMAIL_BACKEND = "tests.jobs.backends.FlakyBackend"
    FlakyBackend.failing, FlakyBackend.attempts = {"dewi@example.go.id"}, []
    make_user(Role.ADMIN, username="dewi")
    make_user(Role.ADMIN, username="eko")
    try:
        with on_day(2026, 10, 2), django_capture_on_commit_callbacks(execute=True):
            initiative_services.save_report(
                reporting["ani"],
                reporting["initiatives"][0],
                year=2026,
                quarter=3,
                submit=True,
                data={"progress": 55, "narrative": "Pilot berjalan."},
            )
        with on_day(2026, 10, 2):
            flush_outbox(inline=True)
        assert sorted(m.to[0] for m in mail.outbox) == ["eko@example.go.id", "kominfo@example.go.id"]
        job = OutboxJob.objects.get(kind="email_notification")
        assert job.state == JobState.PENDING and job.attempts == 1
        assert Notification.objects.get(recipient__username="dewi").email_status == EmailStatus.RETRYING
        FlakyBackend.failing = set()
        with on_day(2026, 10, 3):
            assert flush_outbox(inline=True)["done"] == 1
        assert sorted(m.to[0] for m in mail.outbox) == [
            "dewi@example.go.id",
            "eko@example.go.id",
            "kominfo@example.go.id",
        ]
    finally:
        FlakyBackend.failing = set()
