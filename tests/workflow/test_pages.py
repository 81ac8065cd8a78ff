"""The workflow pages render what users rely on: my agency, detail with history, report form, review queue."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from initiatives import services
from initiatives.choices import ReportState
from initiatives.models import ProgressReport
from tests.factories import (
    BudgetLineFactory,
    IndicatorFactory,
    InitiativeFactory,
    MilestoneFactory,
    ProgressReportFactory,
)

pytestmark = [pytest.mark.db, pytest.mark.django_db]


def test_detail_shows_every_section_and_history(client, staff_user, admin_user, initiative):
    BudgetLineFactory(initiative=initiative, year=2025, planned=1_250_000, realized=250_000)
    MilestoneFactory(initiative=initiative, title="Tahap uji")
    indicator = IndicatorFactory(code="IND-XYZ")
    initiative.indicators.add(indicator)
    services.update_initiative(staff_user, initiative, {"title": "Judul baru"}, expected_version=1)
    client.force_login(staff_user)
    response = client.get(reverse("initiatives:detail", args=[initiative.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Judul baru" in html
    assert "Rp 1.250.000" in html and "Rp 250.000" in html
    assert "Tahap uji" in html
    assert "IND-XYZ" in html
    # history: who, field, old → new
    history = response.context["history"]
    change = next(h for h in history if h.action == "changed")
    assert change.user == staff_user
    assert any(label.lower() == "title" and new == "Judul baru" for label, old, new in change.changes)
    assert "staff1" in html and "→" in html


def test_my_agency_shows_due_state_per_initiative(client, staff_user, initiative, masterplan, dimension, opd):
    with time_machine.travel("2026-11-28 10:00 +0700", tick=False):
        drafted = InitiativeFactory(masterplan=masterplan, dimension=dimension, lead_opd=opd, end_year=2028)
        ProgressReportFactory(initiative=drafted, year=2026, quarter=4, state=ReportState.DRAFT)
        returned = InitiativeFactory(masterplan=masterplan, dimension=dimension, lead_opd=opd, end_year=2028)
        ProgressReportFactory(
            initiative=returned, year=2026, quarter=4, state=ReportState.RETURNED, review_note="Lengkapi"
        )
        ProgressReportFactory(initiative=returned, year=2026, quarter=2, state=ReportState.APPROVED)
        client.force_login(staff_user)
        response = client.get(reverse("initiatives:mine"))
    assert response.status_code == 200
    due = {i.pk: i.due for i in response.context["led"]}
    assert due == {initiative.pk: "none", drafted.pk: "draft", returned.pk: "returned"}
    html = response.content.decode()
    assert reverse("initiatives:report-create", args=[initiative.pk]) in html
    last = next(i for i in response.context["led"] if i.pk == returned.pk)
    assert (last.last_approved_year, last.last_approved_quarter) == (2026, 2)


def test_admin_chooses_an_agency_on_my_agency_page(client, admin_user, initiative, opd):
    client.force_login(admin_user)
    assert client.get(reverse("initiatives:mine")).context["led"] == []
    response = client.get(reverse("initiatives:mine"), {"opd": opd.code})
    assert [i.pk for i in response.context["led"]] == [initiative.pk]


def test_supporting_initiatives_listed_separately(client, supporting_staff_user, initiative):
    client.force_login(supporting_staff_user)
    response = client.get(reverse("initiatives:mine"))
    assert response.context["led"] == []
    assert [i.pk for i in response.context["supported"]] == [initiative.pk]


def test_script_in_narrative_is_shown_as_text(client, staff_user, admin_user, initiative):
    report = ProgressReportFactory(
        initiative=initiative,
        narrative="<script>alert('x')</script>",
        state=ReportState.SUBMITTED,
        review_note="<b>catatan</b>",
    )
    services.add_comment(staff_user, initiative, "<img src=x onerror=alert(1)>")
    client.force_login(admin_user)
    assert (
        "&lt;img src=x onerror=alert(1)&gt;"
        in client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    )
    for url in (
        reverse("initiatives:detail", args=[initiative.pk]),
        reverse("initiatives:report-review", args=[report.pk]),
    ):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_review_queue_filters(client, admin_user, initiative, masterplan, other_opd):
    mine = ProgressReportFactory(initiative=initiative, state=ReportState.SUBMITTED, year=2025, quarter=2)
    other = ProgressReportFactory(
        initiative=InitiativeFactory(masterplan=masterplan, lead_opd=other_opd),
        state=ReportState.SUBMITTED,
        year=2026,
        quarter=1,
    )
    ProgressReportFactory(initiative=initiative, state=ReportState.DRAFT, year=2025, quarter=3)
    client.force_login(admin_user)
    url = reverse("initiatives:review-queue")

    def ids(params=None):
        return {r.pk for r in client.get(url, params or {}).context["reports"]}

    assert ids() == {mine.pk, other.pk}  # drafts never show
    assert ids({"opd": other_opd.code}) == {other.pk}
    assert ids({"dimension": initiative.dimension.code}) == {mine.pk}
    assert ids({"year": 2025, "quarter": 2}) == {mine.pk}
    assert ids({"quarter": 3}) == set()
    assert client.get(url, {"quarter": "9"}).status_code == 200  # a bad filter is a form error, not a 500


def test_report_form_works_on_a_phone_and_has_a_rupiah_field(client, staff_user, initiative):
    BudgetLineFactory(initiative=initiative, year=2026, planned=1_000_000, realized=250_000)
    client.force_login(staff_user)
    html = client.get(reverse("initiatives:report-create", args=[initiative.pk])).content.decode()
    assert 'name="viewport" content="width=device-width' in html
    assert 'inputmode="numeric"' in html
    assert 'value="250.000"' in html  # this year's realisation so far, in Indonesian grouping
    assert 'name="evidence"' in html and "multiple" in html
    assert 'name="action" value="submit"' in html and 'name="action" value="draft"' in html


def test_report_draft_then_submit_with_rupiah_amounts(client, staff_user, initiative):
    client.force_login(staff_user)
    url = reverse("initiatives:report-create", args=[initiative.pk])
    data = {
        "period": "2026-3",
        "progress": "55",
        "status": "in_progress",
        "narrative": "Baik",
        "budget_realized": "Rp 1.250.000",
        "action": "draft",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    report = ProgressReport.objects.get(initiative=initiative)
    assert (report.state, report.budget_realized, report.year, report.quarter) == ("draft", 1_250_000, 2026, 3)
    edit = reverse("initiatives:report-edit", args=[report.pk])
    response = client.post(edit, {**data, "budget_realized": "2500000", "action": "submit", "version": report.version})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.state, report.budget_realized) == ("submitted", 2_500_000)


def test_report_for_a_taken_quarter_is_refused_not_overwritten(client, staff_user, initiative):
    existing = ProgressReportFactory(initiative=initiative, year=2026, quarter=3, narrative="asli")
    client.force_login(staff_user)
    response = client.post(
        reverse("initiatives:report-create", args=[initiative.pk]),
        {"period": "2026-3", "progress": "10", "status": "in_progress", "narrative": "baru", "action": "draft"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["period"]
    existing.refresh_from_db()
    assert existing.narrative == "asli"


def test_bad_rupiah_is_a_form_error(client, staff_user, initiative):
    client.force_login(staff_user)
    response = client.post(
        reverse("initiatives:report-create", args=[initiative.pk]),
        {
            "period": "2026-3",
            "progress": "10",
            "status": "in_progress",
            "budget_realized": "satu juta",
            "action": "draft",
        },
    )
    assert response.status_code == 200
    assert "budget_realized" in response.context["form"].errors
    assert not ProgressReport.objects.exists()


def test_returned_report_shows_note_to_staff_who_resubmit(client, staff_user, admin_user, initiative):
    report = services.save_report(
        staff_user, initiative, year=2026, quarter=3, data={"progress": 50, "narrative": "x"}, submit=True
    )
    services.return_report(admin_user, report, note="Lampirkan foto kegiatan", expected_version=report.version)
    report.refresh_from_db()
    client.force_login(staff_user)
    detail = client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    assert "Lampirkan foto kegiatan" in detail
    form_page = client.get(reverse("initiatives:report-edit", args=[report.pk])).content.decode()
    assert "Lampirkan foto kegiatan" in form_page
    response = client.post(
        reverse("initiatives:report-edit", args=[report.pk]),
        {
            "period": "2026-3",
            "progress": "60",
            "status": "in_progress",
            "narrative": "dengan foto",
            "action": "submit",
            "version": report.version,
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.state, report.progress) == ("submitted", 60)


def test_edit_form_for_staff_has_only_staff_fields(client, staff_user, admin_user, initiative):
    client.force_login(staff_user)
    fields = set(client.get(reverse("initiatives:edit", args=[initiative.pk])).context["form"].fields)
    assert fields == {"title", "description", "sub_dimension", "program_code", "location", "version"}
    client.force_login(admin_user)
    fields = set(client.get(reverse("initiatives:edit", args=[initiative.pk])).context["form"].fields)
    assert {"code", "dimension", "lead_opd", "start_year", "end_year", "supporting_opds"} <= fields


def test_staff_cannot_post_admin_fields(client, staff_user, initiative, other_opd):
    client.force_login(staff_user)
    response = client.post(
        reverse("initiatives:edit", args=[initiative.pk]),
        {
            "title": "T",
            "status": "in_progress",
            "progress": "50",
            "version": initiative.version,
            "code": "HACK",
            "lead_opd": other_opd.pk,
        },
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert (initiative.title, initiative.code, initiative.lead_opd_id) == ("T", initiative.code, initiative.lead_opd_id)
    assert initiative.code != "HACK"


def test_review_queue_filter_form_submitted_as_is_keeps_every_quarter(client, admin_user, initiative):
    report = ProgressReportFactory(initiative=initiative, state=ReportState.SUBMITTED, year=2026, quarter=3)
    client.force_login(admin_user)
    # what the browser sends when the user presses "Filter" without choosing anything
    response = client.get(
        reverse("initiatives:review-queue"),
        {"state": "submitted", "opd": "", "dimension": "", "year": "", "quarter": ""},
    )
    assert [r.pk for r in response.context["reports"]] == [report.pk]
    assert '<option value="" selected>' in response.content.decode()


def test_initiative_page_names_nobody_when_the_submitter_was_deleted(client, admin_user, initiative):
    """A report whose submitter's account is gone still renders (was a 500 from a failed filter argument)."""
    ProgressReport.objects.create(
        initiative=initiative,
        year=initiative.start_year,
        quarter=1,
        state=ReportState.SUBMITTED,
        progress=10,
        status=initiative.status,
        submitted_at=dt.datetime(initiative.start_year, 4, 2, tzinfo=dt.UTC),
        submitted_by=None,
        created_by=None,
    )
    client.force_login(admin_user)
    response = client.get(f"/initiatives/{initiative.pk}/")
    assert response.status_code == 200
    assert "–" in response.content.decode()
