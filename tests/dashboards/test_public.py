"""The public transparency page: off by default (404), and when on, read-only progress without internal notes,
evidence or staff names."""

import pytest
from django.urls import reverse

from initiatives.choices import ReportState
from tests.factories import ProgressReportFactory, make_user

pytestmark = pytest.mark.db


def test_public_page_is_off_by_default(client, known, settings):
    assert settings.PUBLIC_PORTAL is False
    assert client.get(reverse("roadmap:public")).status_code == 404


def test_public_page_shows_progress_without_internal_details(client, known, settings, indonesian):
    settings.PUBLIC_PORTAL = True
    staff = make_user("opd_staff", opd=known.x, username="budi")
    staff.first_name, staff.last_name = "Budi", "Santoso"
    staff.save()
    known.x.head_name = "dr. Kepala Rahasia"
    known.x.save()
    ProgressReportFactory(
        initiative=known.a1,
        year=2026,
        quarter=2,
        state=ReportState.RETURNED,
        narrative="NARASI-INTERNAL",
        obstacles="KENDALA-INTERNAL",
        review_note="CATATAN-REVIU",
        submitted_by=staff,
        created_by=staff,
    )
    response = client.get(reverse("roadmap:public"))  # anonymous
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ekonomi Cerdas" in html and "A1" in html and "35,0%" in html
    for secret in (
        "NARASI-INTERNAL",
        "KENDALA-INTERNAL",
        "CATATAN-REVIU",
        "Budi",
        "Santoso",
        "dr. Kepala Rahasia",
        "/initiatives/",
        "evidence",
        "Deskripsi inisiatif.",
    ):
        assert secret not in html, secret
    only_liv = client.get(reverse("roadmap:public"), {"dimension": "liv"}).context["page"].object_list
    assert [i.code for i in only_liv] == ["B1", "B2"]
