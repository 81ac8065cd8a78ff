"""Edits are never lost: a save on top of someone else's newer version shows what changed and who changed it, keeps
the user's input, and only a deliberate second save replaces the newer version."""

import pytest
from django.test import Client
from django.urls import reverse

from initiatives import services
from initiatives.models import Initiative

pytestmark = [pytest.mark.db, pytest.mark.django_db]


def staff_form(initiative, **changes):
    data = {
        "title": initiative.title,
        "description": initiative.description,
        "status": initiative.status,
        "progress": str(initiative.progress),
        "program_code": "",
        "location": "",
        "version": initiative.version,
    }
    data.update(changes)
    return data


def test_two_users_edit_different_fields_and_both_edits_survive(staff_user, second_staff, initiative):
    """A changes the location, B (stale) the title: B's save is merged with A's, nothing is lost."""
    first, second = Client(), Client()
    first.force_login(staff_user)
    second.force_login(second_staff)
    url = reverse("initiatives:edit", args=[initiative.pk])
    records_before = Initiative.history.filter(id=initiative.pk).count()
    form_a = first.get(url).context["form"]
    form_b = second.get(url).context["form"]
    assert form_a["version"].value() == form_b["version"].value() == 1

    assert first.post(url, staff_form(initiative, location="Kecamatan Bukateja")).status_code == 302
    response = second.post(url, staff_form(initiative, title="Judul dari B"), follow=True)
    assert response.redirect_chain and response.status_code == 200
    assert any("both are kept" in str(m) for m in response.context["messages"])
    initiative.refresh_from_db()
    assert (initiative.title, initiative.location, initiative.version) == ("Judul dari B", "Kecamatan Bukateja", 3)
    assert Initiative.history.filter(id=initiative.pk).count() == records_before + 2


def test_both_change_the_same_field_the_user_chooses_field_by_field(staff_user, second_staff, initiative):
    first, second = Client(), Client()
    first.force_login(staff_user)
    second.force_login(second_staff)
    url = reverse("initiatives:edit", args=[initiative.pk])
    assert first.post(url, staff_form(initiative, title="Judul dari A", location="Desa A")).status_code == 302
    stale = staff_form(initiative, title="Judul dari B", location="Desa B", program_code="1.02.03")
    response = second.post(url, stale)
    assert response.status_code == 409
    conflict = response.context["conflict"]
    assert conflict["changed_by"] == staff_user
    assert {row["name"] for row in conflict["choices"]} == {"title", "location"}  # program_code: only B's
    html = response.content.decode()
    assert "Judul dari A" in html and "Judul dari B" in html and 'name="resolve_title"' in html
    assert "anyway" not in html  # no "overwrite everything"
    form = response.context["form"]
    assert int(form["version"].value()) == 2 and form["program_code"].value() == "1.02.03"
    initiative.refresh_from_db()
    assert (initiative.title, initiative.location) == ("Judul dari A", "Desa A")  # nothing saved yet

    # without a choice for every field, nothing is saved
    data = {**stale, "version": 2, "merge_fields": "title,location", "resolve_title": "mine"}
    assert second.post(url, data).status_code == 200
    initiative.refresh_from_db()
    assert initiative.title == "Judul dari A"

    data["resolve_location"] = "theirs"
    assert second.post(url, data).status_code == 302
    initiative.refresh_from_db()
    assert (initiative.title, initiative.location, initiative.program_code) == ("Judul dari B", "Desa A", "1.02.03")


def test_report_edit_conflict_keeps_input(client, staff_user, second_staff, initiative):
    report = services.save_report(staff_user, initiative, year=2026, quarter=3, data={"narrative": "awal"})
    services.save_report(
        second_staff,
        initiative,
        year=2026,
        quarter=3,
        report=report,
        expected_version=report.version,
        data={"narrative": "versi rekan"},
    )
    client.force_login(staff_user)
    response = client.post(
        reverse("initiatives:report-edit", args=[report.pk]),
        {
            "period": "2026-3",
            "progress": "30",
            "status": "in_progress",
            "narrative": "versi saya",
            "action": "draft",
            "version": report.version,
        },
    )
    assert response.status_code == 409
    assert response.context["conflict"]["changed_by"] == second_staff
    assert response.context["form"]["narrative"].value() == "versi saya"
    report.refresh_from_db()
    assert report.narrative == "versi rekan"


def test_missing_version_is_a_form_error_not_a_silent_overwrite(client, staff_user, initiative):
    client.force_login(staff_user)
    data = staff_form(initiative, title="Tanpa versi")
    del data["version"]
    response = client.post(reverse("initiatives:edit", args=[initiative.pk]), data)
    assert response.status_code == 200
    assert "version" in response.context["form"].errors
    initiative.refresh_from_db()
    assert initiative.title != "Tanpa versi"


def test_report_edit_without_version_is_a_form_error_not_a_silent_overwrite(
    client, staff_user, second_staff, initiative
):
    report = services.save_report(staff_user, initiative, year=2026, quarter=3, data={"narrative": "awal"})
    services.save_report(
        second_staff,
        initiative,
        year=2026,
        quarter=3,
        report=report,
        expected_version=report.version,
        data={"narrative": "versi rekan"},
    )
    client.force_login(staff_user)
    response = client.post(
        reverse("initiatives:report-edit", args=[report.pk]),
        {"period": "2026-3", "progress": "30", "status": "in_progress", "narrative": "tanpa versi", "action": "draft"},
    )
    assert "version" in response.context["form"].errors
    report.refresh_from_db()
    assert report.narrative == "versi rekan"
