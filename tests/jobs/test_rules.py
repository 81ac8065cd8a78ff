"""Each reminder rule at its boundaries, with the clock frozen in Jakarta."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from initiatives.choices import InitiativeStatus, ReportState
from initiatives.models import ProgressReport
from notifications.choices import ReminderRule
from notifications.models import Notification, ReminderLog, ReminderSetting
from notifications.services import run_reminders
from tests.factories import InitiativeFactory, MilestoneFactory, ProgressReportFactory

from .conftest import JAKARTA, on_day

pytestmark = [pytest.mark.jobs, pytest.mark.django_db]


def sent(rule, user=None):
    qs = Notification.objects.filter(rule=rule)
    if user is not None:
        qs = qs.filter(recipient=user)
    return qs.count()


def run_on(year, month, day, **kwargs):
    with on_day(year, month, day):
        return run_reminders(**kwargs)


def only(rule):
    ReminderSetting.objects.exclude(rule=rule).update(enabled=False)
    for other in ReminderRule.values:
        if other != rule:
            ReminderSetting.objects.get_or_create(rule=other, defaults={"enabled": False})


# --- rule 1: quarterly report due --------------------------------------------------------------------------------


def test_report_due_starts_exactly_lead_days_before_the_deadline_with_one_message_per_person(reporting):
    only(ReminderRule.REPORT_DUE)
    ani, citra = reporting["ani"], reporting["citra"]
    run_on(2026, 9, 25)  # 15 days before 10 October
    assert sent(ReminderRule.REPORT_DUE) == 0

    run_on(2026, 9, 26)  # 14 days before
    assert sent(ReminderRule.REPORT_DUE, ani) == 1
    assert sent(ReminderRule.REPORT_DUE, citra) == 1
    message = Notification.objects.get(rule=ReminderRule.REPORT_DUE, recipient=ani)
    assert "LIV-01" in message.body and "LIV-02" in message.body and "MOB-01" not in message.body
    assert ReminderLog.objects.filter(recipient=ani, rule=ReminderRule.REPORT_DUE).count() == 2

    for day in (27, 30):
        run_on(2026, 9, day)
    run_on(2026, 10, 10)  # the deadline itself: still only the one reminder
    assert sent(ReminderRule.REPORT_DUE, ani) == 1


def test_overdue_report_is_reminded_the_day_after_the_deadline_then_weekly_until_submitted(reporting):
    only(ReminderRule.REPORT_DUE)
    ani = reporting["ani"]
    first, second, _third = reporting["initiatives"]
    run_on(2026, 10, 11)  # first day late
    assert sent(ReminderRule.REPORT_DUE, ani) == 1
    assert "lewat tenggat" in Notification.objects.get(recipient=ani).title.lower()  # Ani reads Indonesian
    # budi (same agency) reads English; ani's copy is in Indonesian since the catalogue was translated
    assert "overdue" in Notification.objects.get(recipient=reporting["budi"]).title.lower()
    run_on(2026, 10, 17)  # 7 days late: same week
    assert sent(ReminderRule.REPORT_DUE, ani) == 1
    run_on(2026, 10, 18)  # 8 days late: the weekly repeat
    assert sent(ReminderRule.REPORT_DUE, ani) == 2

    ProgressReportFactory(initiative=first, year=2026, quarter=3, state=ReportState.SUBMITTED)
    ProgressReportFactory(initiative=second, year=2026, quarter=3, state=ReportState.APPROVED)
    run_on(2026, 10, 25)  # would be the third weekly reminder, but both reports are in
    assert sent(ReminderRule.REPORT_DUE, ani) == 2


def test_a_draft_is_not_a_submitted_report_and_closed_initiatives_are_not_chased(reporting):
    only(ReminderRule.REPORT_DUE)
    first, second, _third = reporting["initiatives"]
    ProgressReportFactory(initiative=first, year=2026, quarter=3, state=ReportState.DRAFT)
    second.status = InitiativeStatus.CANCELLED
    second.save()
    InitiativeFactory(
        masterplan=reporting["plan"], lead_opd=reporting["dinkes"], code="LIV-09", start_year=2025, end_year=2025
    )
    run_on(2026, 10, 1)
    logs = set(ReminderLog.objects.filter(recipient=reporting["ani"]).values_list("label", flat=True))
    # LIV-09 ended in 2025: its last quarter is still overdue, but it owes nothing for 2026
    assert logs == {"LIV-01 2026Q3", "LIV-09 2025Q4"}
    body = Notification.objects.get(recipient=reporting["ani"]).body
    assert "LIV-01" in body and "LIV-02" not in body


def test_report_due_lead_time_and_switch_are_taken_from_the_admin_setting(reporting):
    only(ReminderRule.REPORT_DUE)
    ReminderSetting.objects.filter(rule=ReminderRule.REPORT_DUE).update(lead_days=5)
    run_on(2026, 10, 4)  # 6 days before
    assert sent(ReminderRule.REPORT_DUE) == 0
    run_on(2026, 10, 5)  # 5 days before
    assert sent(ReminderRule.REPORT_DUE) == 3

    ReminderSetting.objects.filter(rule=ReminderRule.REPORT_DUE).update(enabled=False)
    run_on(2026, 10, 11)
    assert sent(ReminderRule.REPORT_DUE) == 3


# --- rule 2: milestones ------------------------------------------------------------------------------------------


def test_milestone_due_within_lead_days_then_overdue_weekly_until_completed(reporting):
    only(ReminderRule.MILESTONE_DUE)
    ani = reporting["ani"]
    milestone = MilestoneFactory(
        initiative=reporting["initiatives"][0], title="Pilot in 3 puskesmas", due_date=dt.date(2026, 12, 15)
    )
    run_on(2026, 11, 30)  # 15 days ahead
    assert sent(ReminderRule.MILESTONE_DUE) == 0
    run_on(2026, 12, 1)  # 14 days ahead
    assert sent(ReminderRule.MILESTONE_DUE, ani) == 1
    assert "Pilot in 3 puskesmas" in Notification.objects.get(recipient=ani).body
    assert sent(ReminderRule.MILESTONE_DUE, reporting["citra"]) == 0  # not her agency's milestone
    run_on(2026, 12, 15)  # due today: no second "due" reminder
    assert sent(ReminderRule.MILESTONE_DUE, ani) == 1
    run_on(2026, 12, 16)  # overdue
    assert sent(ReminderRule.MILESTONE_DUE, ani) == 2
    run_on(2026, 12, 22)
    assert sent(ReminderRule.MILESTONE_DUE, ani) == 2
    run_on(2026, 12, 23)  # a week later
    assert sent(ReminderRule.MILESTONE_DUE, ani) == 3

    milestone.completed_date = dt.date(2026, 12, 24)
    milestone.save()
    run_on(2026, 12, 30)
    assert sent(ReminderRule.MILESTONE_DUE, ani) == 3


# --- rule 3: returned reports ------------------------------------------------------------------------------------


def test_returned_report_is_reminded_after_seven_days_then_weekly_until_resubmitted(reporting):
    only(ReminderRule.REPORT_RETURNED)
    ani = reporting["ani"]
    report = ProgressReportFactory(
        initiative=reporting["initiatives"][0],
        year=2026,
        quarter=3,
        state=ReportState.RETURNED,
        review_note="Lampirkan bukti",
        reviewed_at=dt.datetime(2026, 10, 1, 10, 0, tzinfo=JAKARTA),
    )
    run_on(2026, 10, 7)  # 6 days after
    assert sent(ReminderRule.REPORT_RETURNED) == 0
    run_on(2026, 10, 8)  # 7 days after
    assert sent(ReminderRule.REPORT_RETURNED, ani) == 1
    assert "Lampirkan bukti" in Notification.objects.get(recipient=ani).body
    run_on(2026, 10, 14)
    assert sent(ReminderRule.REPORT_RETURNED, ani) == 1
    run_on(2026, 10, 15)
    assert sent(ReminderRule.REPORT_RETURNED, ani) == 2

    ProgressReport.objects.filter(pk=report.pk).update(state=ReportState.SUBMITTED, submitted_at=timezone.now())
    run_on(2026, 10, 22)
    assert sent(ReminderRule.REPORT_RETURNED, ani) == 2


# --- rule 4: weekly digest ---------------------------------------------------------------------------------------


def test_weekly_digest_goes_to_admins_once_per_week_with_the_numbers(reporting):
    only(ReminderRule.ADMIN_DIGEST)
    admin = reporting["admin"]
    admin.membership.language = "en"  # the numbers below are checked in English
    admin.membership.save()
    MilestoneFactory(initiative=reporting["initiatives"][2], title="Sensors installed", due_date=dt.date(2026, 11, 1))
    run_on(2026, 11, 30)  # Monday
    assert sent(ReminderRule.ADMIN_DIGEST, admin) == 1
    assert sent(ReminderRule.ADMIN_DIGEST) == 1  # staff get no digest
    digest = Notification.objects.get(recipient=admin)
    assert "Reports awaiting review: 6" in digest.body  # Q1 and Q2 of three initiatives
    assert "Overdue milestones: 1" in digest.body and "Sensors installed" in digest.body
    assert "Dinhub: 1 report missing" in digest.body and "Dinkes: 2 reports missing" in digest.body
    run_on(2026, 12, 6)  # Sunday, same ISO week
    assert sent(ReminderRule.ADMIN_DIGEST, admin) == 1
    run_on(2026, 12, 7)  # next Monday
    assert sent(ReminderRule.ADMIN_DIGEST, admin) == 2


def test_no_digest_when_there_is_nothing_to_report(reporting):
    only(ReminderRule.ADMIN_DIGEST)
    ProgressReport.objects.update(state=ReportState.APPROVED)
    for initiative in reporting["initiatives"]:
        for quarter in (3,):
            ProgressReportFactory(initiative=initiative, year=2026, quarter=quarter, state=ReportState.APPROVED)
    run_on(2026, 11, 30)
    assert sent(ReminderRule.ADMIN_DIGEST) == 0


# --- messages ----------------------------------------------------------------------------------------------------


def test_reminder_email_is_html_and_text_in_the_recipients_language_with_absolute_links(reporting, settings):
    settings.SITE_URL = "https://smartcity.example.go.id"
    only(ReminderRule.REPORT_DUE)
    run_on(2026, 9, 26, inline=True)
    by_address = {m.to[0]: m for m in mail.outbox}
    budi = by_address["budi@example.go.id"]
    detail = f"https://smartcity.example.go.id/initiatives/{reporting['initiatives'][0].pk}/"
    assert detail in budi.body
    html, mimetype = budi.alternatives[0]
    assert mimetype == "text/html" and f'href="{detail}"' in html and "<html" in html
    assert "Quarterly reports due for 2 initiatives" in budi.subject  # budi reads English
    assert Notification.objects.get(recipient=reporting["budi"]).language == "en"
    assert '<html lang="en">' in html
    assert '<html lang="id">' in by_address["ani@example.go.id"].alternatives[0][0]  # Indonesian by default
    # dates are written in each reader's language (Django's own Indonesian month names)
    assert "10 October 2026" in budi.body and "10 Oktober 2026" in by_address["ani@example.go.id"].body
    assert Notification.objects.get(recipient=reporting["ani"]).language == "id"
