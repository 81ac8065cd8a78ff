"""Changes to an initiative's supporting agencies and indicators are in its change history, readably."""

import pytest
from django.urls import reverse

from initiatives import selectors, services
from initiatives.models import Initiative
from tests.factories import IndicatorFactory, OpdFactory

pytestmark = [pytest.mark.db, pytest.mark.django_db]


def set_changes(initiative, label):
    return [
        (e.user, old, new)
        for e in selectors.initiative_history(initiative)
        for (lab, old, new) in e.changes
        if lab == label
    ]


def test_admin_changing_supporting_agencies_is_one_readable_history_entry(admin_user, initiative, supporting_opd):
    bappeda = OpdFactory(code="BAPPEDA", abbreviation="Bappeda")
    dinkominfo = OpdFactory(code="DINKOMINFO", abbreviation="Dinkominfo")
    services.update_initiative(admin_user, initiative, {}, supporting_opds=[supporting_opd, bappeda])
    before = initiative.history.count()
    services.update_initiative(
        admin_user, initiative, {"title": "Judul baru"}, supporting_opds=[supporting_opd, dinkominfo]
    )
    assert initiative.history.count() == before + 1  # the new title and the new set in one record
    changes = set_changes(initiative, "supporting agencies")
    assert changes[0] == (admin_user, "Bappeda, DLH", "Dinkominfo, DLH")
    newest = selectors.initiative_history(initiative)[0]
    assert {c[0] for c in newest.changes} == {"title", "supporting agencies"}


def test_indicator_links_are_recorded(admin_user, initiative, dimension):
    indicator = IndicatorFactory(code="IND-9", name="Cakupan imunisasi", dimension=dimension)
    services.update_initiative(admin_user, initiative, {}, indicators=[indicator])
    assert set_changes(initiative, "indicators")[0] == (admin_user, "–", "IND-9 Cakupan imunisasi")
    services.update_initiative(admin_user, initiative, {}, indicators=[])
    assert set_changes(initiative, "indicators")[0] == (admin_user, "IND-9 Cakupan imunisasi", "–")


def test_staff_edit_without_set_change_shows_no_set_entry(staff_user, admin_user, initiative):
    services.update_initiative(staff_user, initiative, {"location": "Kalimanah"})
    newest = selectors.initiative_history(initiative)[0]
    assert [c[0] for c in newest.changes] == ["location"]


def test_created_initiative_shows_its_agencies_in_the_created_entry(
    admin_user, masterplan, dimension, opd, supporting_opd
):
    initiative = services.create_initiative(
        admin_user,
        masterplan=masterplan,
        data={
            "code": "NEW-1",
            "title": "Baru",
            "dimension": dimension,
            "lead_opd": opd,
            "start_year": 2026,
            "end_year": 2027,
        },
        supporting_opds=[supporting_opd],
    )
    entries = selectors.initiative_history(initiative)
    assert len(entries) == 1 and entries[0].action == "created"
    assert ("supporting agencies", "–", "DLH") in entries[0].changes


def test_detail_page_shows_the_change(client, admin_user, initiative, supporting_opd):
    bappeda = OpdFactory(code="BAPPEDA", abbreviation="Bappeda")
    services.update_initiative(admin_user, initiative, {}, supporting_opds=[bappeda])
    client.force_login(admin_user)
    page = client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    assert "<strong>Supporting agencies</strong>: DLH → Bappeda" in page


def test_the_edit_form_records_the_sets(client, admin_user, initiative, supporting_opd):
    bappeda = OpdFactory(code="BAPPEDA", abbreviation="Bappeda")
    client.force_login(admin_user)
    data = {
        "code": initiative.code,
        "title": initiative.title,
        "description": "",
        "dimension": initiative.dimension_id,
        "lead_opd": initiative.lead_opd_id,
        "horizon": initiative.horizon,
        "start_year": 2025,
        "end_year": 2027,
        "status": initiative.status,
        "progress": initiative.progress,
        "version": initiative.version,
        "supporting_opds": [supporting_opd.pk, bappeda.pk],
    }
    assert client.post(reverse("initiatives:edit", args=[initiative.pk]), data).status_code == 302
    assert set_changes(Initiative.objects.get(pk=initiative.pk), "supporting agencies")[0] == (
        admin_user,
        "DLH",
        "Bappeda, DLH",
    )
