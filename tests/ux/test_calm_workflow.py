"""A calmer workflow (issue 15): actions only when possible, the review page before the decision, returned reports
first, the message in view after saving."""

import pytest
from django.urls import reverse

from core.periods import reporting_quarter
from initiatives.choices import ReportState
from tests.factories import BudgetLineFactory, ProgressReportFactory

pytestmark = pytest.mark.db


def test_review_queue_links_to_the_review_page_instead_of_deciding_in_the_list(client, admin_user, initiative):
    report = ProgressReportFactory(initiative=initiative, state=ReportState.SUBMITTED, year=2026, quarter=2)
    client.force_login(admin_user)
    html = client.get(reverse("initiatives:review-queue")).content.decode()
    assert "approve-form" not in html and "return-form" not in html
    assert f'href="{reverse("initiatives:report-review", args=[report.pk])}"' in html


def test_review_page_shows_report_evidence_budget_and_changes_before_the_buttons(client, admin_user, initiative):
    BudgetLineFactory(initiative=initiative, year=2026, planned=1_000_000, realized=100_000)
    initiative.progress = 30
    initiative.save()
    report = ProgressReportFactory(
        initiative=initiative,
        state=ReportState.SUBMITTED,
        year=2026,
        quarter=2,
        progress=55,
        narrative="Sudah berjalan di 12 puskesmas.",
        budget_realized=400_000,
    )
    client.force_login(admin_user)
    html = client.get(reverse("initiatives:report-review", args=[report.pk])).content.decode()
    positions = [
        html.index(marker)
        for marker in (
            "Sudah berjalan di 12 puskesmas.",
            "Rp 400.000",
            "What approval changes",
            "Rp 100.000",
            "approve-form",
            "return-form",
        )
    ]
    assert positions == sorted(positions)
    assert "55%" in html or "55 %" in html


def test_a_reported_quarter_offers_view_report_not_write_report(client, staff_user, initiative):
    year, quarter = reporting_quarter()
    initiative.start_year = initiative.end_year = year
    initiative.save()
    for q in range(1, quarter + 1):
        ProgressReportFactory(initiative=initiative, state=ReportState.APPROVED, year=year, quarter=q)
    due = initiative.reports.get(year=year, quarter=quarter)
    client.force_login(staff_user)
    html = client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    assert f'href="#report-{due.pk}"' in html and "View the" in html
    assert reverse("initiatives:report-create", args=[initiative.pk]) not in html  # nothing left to report


def test_returned_report_of_an_earlier_quarter_stands_first_on_my_agency(client, staff_user, initiative):
    returned = ProgressReportFactory(
        initiative=initiative, state=ReportState.RETURNED, year=2025, quarter=1, review_note="Lengkapi foto kegiatan."
    )
    client.force_login(staff_user)
    html = client.get(reverse("initiatives:mine")).content.decode()
    assert "report returned: needs fixing" in html
    assert html.index("Lengkapi foto kegiatan.") < html.index("Initiatives we lead")
    assert reverse("initiatives:report-edit", args=[returned.pk]) in html


def test_after_submitting_a_report_the_page_opens_at_the_top(client, staff_user, initiative):
    year, quarter = reporting_quarter()
    initiative.start_year, initiative.end_year = year - 1, year + 1
    initiative.save()
    client.force_login(staff_user)
    response = client.post(
        reverse("initiatives:report-create", args=[initiative.pk]),
        {
            "period": f"{year}-{quarter}",
            "progress": 40,
            "status": initiative.status,
            "narrative": "Berjalan.",
            "budget_realized": "0",
            "action": "submit",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("initiatives:detail", args=[initiative.pk])  # no #report-… jump


def test_sub_dimension_options_name_their_dimension_for_the_filter(client, admin_user, initiative):
    from tests.factories import DimensionFactory

    other = DimensionFactory(code="eco", name="Ekonomi Cerdas", order=1)
    mine = initiative.dimension.sub_dimensions.create(code="LIV-A", name="Kesehatan")
    theirs = other.sub_dimensions.create(code="ECO-A", name="UMKM")
    client.force_login(admin_user)
    html = client.get(reverse("initiatives:edit", args=[initiative.pk])).content.decode()
    assert 'data-filter-by="id_dimension"' in html
    assert f'value="{mine.pk}" data-parent="{initiative.dimension.pk}"' in html
    assert f'value="{theirs.pk}" data-parent="{other.pk}"' in html
