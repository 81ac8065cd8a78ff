"""An import that changes an initiative's supporting agencies shows the change in the initiative's history, and a
re-import of the same file adds nothing."""

import pytest

from initiatives import selectors
from roadmap.masterplan_io.importer import import_masterplan

from .conftest import INITIATIVE_HEADER, initiative_row, write_xlsx

pytestmark = [pytest.mark.db, pytest.mark.django_db]


def agency_changes(initiative):
    return [
        (old, new)
        for e in selectors.initiative_history(initiative)
        for (label, old, new) in e.changes
        if label == "supporting agencies"
    ]


def test_import_changing_supporting_agencies_is_in_the_history(plan_data, tmp_path, admin_user):
    from tests.factories import OpdFactory

    OpdFactory(code="DINHUB", abbreviation="Dinhub")
    row = initiative_row(
        "LIV-01",
        title="Telemedisin Puskesmas",
        description="Layanan konsultasi daring.\nBaris kedua.",
        opd="DINKES",
        supporting_opds="DLH; DINHUB",
        horizon="short",
        status="in_progress",
        progress=40,
        start_year=2025,
        end_year=2027,
        budget_2025=None,
        budget_2026=None,
    )
    path = write_xlsx(tmp_path / "plan.xlsx", {"initiatives": [INITIATIVE_HEADER, row]})
    initiative = plan_data["initiative"]
    before = agency_changes(initiative)

    assert import_masterplan(path, user=admin_user).ok

    changes = agency_changes(initiative)
    assert changes[0] == ("DLH", "Dinhub, DLH")
    assert len(changes) == len(before) + 1
    assert import_masterplan(path, user=admin_user).counts["initiatives"]["unchanged"] == 1
    assert agency_changes(initiative) == changes


def test_imported_new_initiative_shows_its_agencies_when_created(plan_data, tmp_path, admin_user):
    path = write_xlsx(tmp_path / "plan.xlsx", {"initiatives": [INITIATIVE_HEADER, initiative_row("NEW-01")]})
    assert import_masterplan(path, user=admin_user).ok
    from initiatives.models import Initiative

    created = Initiative.objects.get(code="NEW-01")
    entries = selectors.initiative_history(created)
    assert entries[-1].action == "created"
    assert ("supporting agencies", "–", "DLH") in entries[-1].changes
