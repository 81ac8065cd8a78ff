"""The report state machine by URL: every legal move works, every illegal one is refused with a message (never a
500); approval applies the report to the initiative with history; a second approval is refused."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from initiatives import services
from initiatives.choices import ReportState
from initiatives.models import BudgetLine, Initiative
from notifications.models import Notification
from tests.factories import BudgetLineFactory, ProgressReportFactory

pytestmark = [pytest.mark.db, pytest.mark.django_db]

REPORT = {
    "period": "2026-3",
    "progress": "65",
    "status": "in_progress",
    "narrative": "Jalan",
    "budget_realized": "1.250.000",
}


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def review(client, report, action, note=""):
    report.refresh_from_db()
    return client.post(
        reverse("initiatives:report-review", args=[report.pk]),
        {"action": action, "version": report.version, "note": note},
    )


def test_draft_to_submitted_to_returned_to_submitted_to_approved(
    client, staff_user, admin_user, initiative, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    client.post(reverse("initiatives:report-create", args=[initiative.pk]), {**REPORT, "action": "draft"})
    report = initiative.reports.get()
    assert report.state == ReportState.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("initiatives:report-edit", args=[report.pk]),
            {**REPORT, "action": "submit", "version": report.version},
        )
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert Notification.objects.filter(recipient=admin_user, kind="report_submitted").exists()

    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = review(client, report, "return", note="Tambahkan foto")
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.state, report.review_note) == (ReportState.RETURNED, "Tambahkan foto")
    assert Notification.objects.filter(recipient=staff_user, kind="report_returned").exists()

    client.force_login(staff_user)
    client.post(
        reverse("initiatives:report-edit", args=[report.pk]), {**REPORT, "action": "submit", "version": report.version}
    )
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED

    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = review(client, report, "approve")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED
    assert Notification.objects.filter(recipient=staff_user, kind="report_approved").exists()


def test_approval_applies_values_and_records_history(client, staff_user, admin_user, initiative):
    BudgetLineFactory(initiative=initiative, year=2026, planned=10_000_000, realized=0)
    report = services.save_report(
        staff_user,
        initiative,
        year=2026,
        quarter=3,
        submit=True,
        data={"progress": 72, "status": "on_hold", "budget_realized": 4_000_000},
    )
    client.force_login(admin_user)
    review(client, report, "approve")
    initiative.refresh_from_db()
    assert (initiative.progress, initiative.status) == (72, "on_hold")
    assert BudgetLine.objects.get(initiative=initiative, year=2026).realized == 4_000_000
    last = Initiative.history.filter(id=initiative.pk).order_by("-history_date").first()
    assert (last.progress, last.history_user) == (72, admin_user)
    page = client.get(reverse("initiatives:detail", args=[initiative.pk]))
    changes = [c for h in page.context["history"] for c in h.changes if h.user == admin_user]
    assert any(label.startswith("progress") and old == "40" and new == "72" for label, old, new in changes)
    assert any(new == "Rp 4.000.000" for label, old, new in changes)


def test_second_approval_is_refused_with_a_message(client, staff_user, admin_user, second_admin, initiative):
    report = services.save_report(staff_user, initiative, year=2026, quarter=3, submit=True, data={"progress": 50})
    stale_version = report.version
    client.force_login(admin_user)
    assert review(client, report, "approve").status_code == 302
    other = type(client)()
    other.force_login(second_admin)
    # the second admin's page still carries the old version; so does a replay with the new one
    for version in (stale_version, report.version + 1):
        response = other.post(
            reverse("initiatives:report-review", args=[report.pk]),
            {"action": "approve", "version": version},
            follow=True,
        )
        assert response.status_code == 200
        assert messages_of(response)
    assert Initiative.history.filter(id=initiative.pk, history_user=second_admin).count() == 0


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (ReportState.DRAFT, "approve"),
        (ReportState.DRAFT, "return"),
        (ReportState.RETURNED, "approve"),
        (ReportState.RETURNED, "return"),
        (ReportState.APPROVED, "approve"),
        (ReportState.APPROVED, "return"),
    ],
)
def test_illegal_review_moves_are_refused_with_a_message(client, admin_user, initiative, state, action):
    report = ProgressReportFactory(initiative=initiative, state=state, year=2026, quarter=1)
    client.force_login(admin_user)
    response = review(client, report, action, note="catatan")
    assert response.status_code == 302
    follow = client.get(response["Location"])
    assert follow.status_code == 200
    assert any("cannot become" in m for m in messages_of(follow))
    report.refresh_from_db()
    assert report.state == state


@pytest.mark.parametrize("state", [ReportState.SUBMITTED, ReportState.APPROVED])
def test_submitted_or_approved_report_cannot_be_edited_or_resubmitted(client, staff_user, initiative, state):
    report = ProgressReportFactory(initiative=initiative, state=state, year=2026, quarter=1, narrative="asli")
    client.force_login(staff_user)
    url = reverse("initiatives:report-edit", args=[report.pk])
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert any("can no longer be edited" in m for m in messages_of(response))
    response = client.post(
        url,
        {**REPORT, "period": "2026-1", "narrative": "baru", "action": "submit", "version": report.version},
        follow=True,
    )
    assert response.status_code == 200
    report.refresh_from_db()
    assert (report.state, report.narrative) == (state, "asli")


def test_return_without_note_is_refused(client, admin_user, initiative):
    report = ProgressReportFactory(initiative=initiative, state=ReportState.SUBMITTED, year=2026, quarter=1)
    client.force_login(admin_user)
    response = review(client, report, "return", note="  ")
    assert response.status_code == 400
    assert "note" in response.context["form"].errors
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_future_quarter_cannot_be_reported(client, staff_user, initiative):
    client.force_login(staff_user)
    response = client.post(
        reverse("initiatives:report-create", args=[initiative.pk]), {**REPORT, "period": "2027-1", "action": "draft"}
    )
    assert response.status_code == 200
    assert "period" in response.context["form"].errors
    assert not initiative.reports.exists()


def test_review_of_a_report_that_changed_meanwhile_is_refused(client, staff_user, admin_user, initiative):
    report = services.save_report(staff_user, initiative, year=2026, quarter=3, submit=True, data={"progress": 50})
    loaded = report.version
    services.return_report(admin_user, report, note="x", expected_version=loaded)
    report.refresh_from_db()
    services.save_report(
        staff_user,
        initiative,
        year=2026,
        quarter=3,
        submit=True,
        data={"progress": 90},
        report=report,
        expected_version=report.version,
    )
    client.force_login(admin_user)
    response = client.post(
        reverse("initiatives:report-review", args=[report.pk]), {"action": "approve", "version": loaded}, follow=True
    )
    assert any("changed while you were reviewing" in m for m in messages_of(response))
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_approval_note_is_kept_and_shown(client, staff_user, admin_user, initiative):
    report = services.save_report(staff_user, initiative, year=2026, quarter=3, submit=True, data={"progress": 50})
    client.force_login(admin_user)
    client.post(
        reverse("initiatives:report-review", args=[report.pk]),
        {"action": "approve", "version": report.version, "note": "Bagus, lanjutkan"},
    )
    report.refresh_from_db()
    assert (report.state, report.review_note, report.reviewed_by) == (
        ReportState.APPROVED,
        "Bagus, lanjutkan",
        admin_user,
    )
    client.force_login(staff_user)
    assert "Bagus, lanjutkan" in client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
