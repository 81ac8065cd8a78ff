"""Issue 11 in the portal: progress and status through reports, four eyes, private drafts, evidence only on open
reports, the admin does not bypass the workflow, roles required everywhere, three-way merge of reports and
milestones."""

import pytest
from django.test import Client
from django.urls import reverse

from core.exceptions import TransitionError
from initiatives import services
from initiatives.choices import ReportState
from initiatives.models import Evidence, ProgressReport
from tests.factories import MilestoneFactory, make_user
from tests.workflow.conftest import pdf

pytestmark = [pytest.mark.db, pytest.mark.django_db]


def test_admin_correction_of_progress_needs_a_reason_and_the_history_shows_it(client, admin_user, initiative):
    client.force_login(admin_user)
    url = reverse("initiatives:edit", args=[initiative.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update({"progress": "80", "version": initiative.version})
    response = client.post(url, data)
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    data["reason"] = "Koreksi hasil verifikasi lapangan"
    assert client.post(url, data).status_code == 302
    initiative.refresh_from_db()
    assert initiative.progress == 80
    page = client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    assert "Koreksi hasil verifikasi lapangan" in page


def test_approval_moves_progress_and_names_the_report_in_the_history(staff_user, admin_user, initiative):
    report = services.save_report(staff_user, initiative, year=2026, quarter=3, data={"progress": 64}, submit=True)
    services.approve_report(admin_user, report, expected_version=report.version)
    initiative.refresh_from_db()
    assert initiative.progress == 64
    assert initiative.history.first().history_change_reason.startswith("Approved report")


def test_submitter_is_not_offered_the_review_of_their_own_report(admin_user, initiative):
    report = services.save_report(admin_user, initiative, year=2026, quarter=3, data={"progress": 10}, submit=True)
    client = Client()
    client.force_login(admin_user)
    page = client.get(reverse("initiatives:report-review", args=[report.pk]))
    assert page.context["can_decide"] is False and page.context["four_eyes"] is True
    queue = client.get(reverse("initiatives:review-queue")).content.decode()
    assert "another administrator reviews it" in queue
    response = client.post(
        reverse("initiatives:report-review", args=[report.pk]), {"action": "approve", "version": report.version}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    other = make_user("admin", username="admin2")
    client.force_login(other)
    assert client.get(reverse("initiatives:report-review", args=[report.pk])).context["can_decide"] is True


def test_evidence_cannot_be_attached_to_a_submitted_or_approved_report(client, staff_user, admin_user, initiative):
    report = services.save_report(staff_user, initiative, year=2026, quarter=3, data={"progress": 10}, submit=True)
    client.force_login(staff_user)
    response = client.post(
        reverse("initiatives:evidence-add", args=[initiative.pk]),
        {"files": pdf("telat.pdf"), "report": report.pk},
        follow=True,
    )
    assert response.status_code == 200
    assert not Evidence.objects.filter(report=report).exists()
    services.approve_report(admin_user, report, expected_version=report.version)
    report.refresh_from_db()
    with pytest.raises(TransitionError):
        services.add_evidence(admin_user, initiative, pdf("x.pdf"), report=report)
    # on the initiative itself it is fine
    services.add_evidence(staff_user, initiative, pdf("umum.pdf"))


@pytest.mark.parametrize(
    "role, sees", [("viewer", False), ("supporting", False), ("other", False), ("lead", True), ("admin", True)]
)
def test_drafts_and_their_evidence_are_private_on_the_pages(client_for, staff_user, initiative, role, sees):
    draft = ProgressReport.objects.create(
        initiative=initiative,
        year=2026,
        quarter=2,
        state=ReportState.DRAFT,
        narrative="Narasi rahasia",
        created_by=staff_user,
    )
    services.add_evidence(staff_user, initiative, pdf("rahasia.pdf"), report=draft)
    services.save_report(
        staff_user,
        initiative,
        year=2026,
        quarter=2,
        report=draft,
        data={"obstacles": "Kendala X"},
        expected_version=draft.version,
    )
    client = client_for(role)
    page = client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    assert ("Narasi rahasia" in page) == sees
    assert ("rahasia.pdf" in page) == sees  # evidence list and history
    assert ("Kendala X" in page) == sees  # the history of the draft
    evidence = Evidence.objects.get(original_name="rahasia.pdf")
    download = client.get(reverse("initiatives:evidence-download", args=[evidence.pk]))
    assert download.status_code == (200 if sees else 404)


def test_a_draft_becomes_public_when_submitted(client_for, staff_user, initiative):
    draft = services.save_report(staff_user, initiative, year=2026, quarter=3, data={"narrative": "Sudah dikirim"})
    viewer = client_for("viewer")
    assert "Sudah dikirim" not in viewer.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    services.submit_report(staff_user, draft, expected_version=draft.version)
    assert "Sudah dikirim" in viewer.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()


def test_admin_shows_reports_and_evidence_read_only(client, initiative, staff_user):
    superuser = make_user(None, username="root")
    superuser.is_staff = superuser.is_superuser = True
    superuser.save()
    draft = services.save_report(staff_user, initiative, year=2026, quarter=3, data={"progress": 10})
    client.force_login(superuser)
    change = reverse("admin:initiatives_progressreport_change", args=[draft.pk])
    page = client.get(change)
    assert page.status_code == 200 and 'name="state"' not in page.content.decode()
    response = client.post(
        change,
        {
            "state": "approved",
            "initiative": initiative.pk,
            "year": 2026,
            "quarter": 3,
            "progress": 10,
            "status": "in_progress",
        },
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert (draft.state, draft.version) == (ReportState.DRAFT, 1)
    assert client.get(reverse("admin:initiatives_progressreport_add")).status_code == 403
    page = client.get(reverse("admin:initiatives_initiative_change", args=[initiative.pk])).content.decode()
    assert 'name="progress"' not in page and 'name="status"' not in page


@pytest.mark.parametrize(
    "url_name",
    ["notifications:list", "notifications:reminders", "initiatives:mine", "initiatives:list", "roadmap:home"],
)
def test_user_without_a_role_is_refused_everywhere(client, url_name):
    client.force_login(make_user(None, username="tanpa-peran"))
    assert client.get(reverse(url_name)).status_code == 403


def test_report_conflict_merges_fields_changed_on_one_side(client, staff_user, second_staff, initiative):
    report = services.save_report(
        staff_user, initiative, year=2026, quarter=3, data={"narrative": "awal", "obstacles": "awal", "progress": 20}
    )
    services.save_report(
        second_staff,
        initiative,
        year=2026,
        quarter=3,
        report=report,
        expected_version=report.version,
        data={"obstacles": "hujan deras"},
    )
    client.force_login(staff_user)
    response = client.post(
        reverse("initiatives:report-edit", args=[report.pk]),
        {
            "period": "2026-3",
            "progress": "20",
            "status": report.status,
            "narrative": "kegiatan selesai",
            "obstacles": "awal",
            "budget_realized": "0",
            "action": "draft",
            "version": report.version,
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.narrative, report.obstacles) == ("kegiatan selesai", "hujan deras")


def test_milestone_conflict_on_the_same_field_asks_and_keeps_theirs_when_chosen(
    client, staff_user, second_staff, initiative
):
    milestone = MilestoneFactory(initiative=initiative, title="Tender")
    services.save_milestone(
        second_staff,
        initiative,
        milestone=milestone,
        title="Tender ulang",
        due_date=milestone.due_date,
        expected_version=1,
    )
    client.force_login(staff_user)
    url = reverse("initiatives:milestone-edit", args=[milestone.pk])
    data = {"title": "Tender cepat", "due_date": milestone.due_date.isoformat(), "version": 1}
    response = client.post(url, data)
    assert response.status_code == 409
    assert [row["name"] for row in response.context["conflict"]["choices"]] == ["title"]
    response = client.post(url, {**data, "version": 2, "merge_fields": "title", "resolve_title": "theirs"})
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.title, milestone.version) == ("Tender ulang", 3)
