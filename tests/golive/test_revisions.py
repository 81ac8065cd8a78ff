"""Revisions: an administrator freezes a named baseline; after a revised workbook is imported, the portal shows
what changed (targets, pagu per year, initiatives added, dropped or moved) as a page and an xlsx, and the
dashboard compares realisation with the original or the revised plan."""

import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from initiatives.models import BudgetLine, Initiative
from masterplans.models import Masterplan
from opd.choices import Role
from revisions import selectors, services
from roadmap.masterplan_io.importer import import_masterplan
from tests.factories import make_user

from . import workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(tmp_path):
    assert import_masterplan(workbook.write(tmp_path / "murni.xlsx")).ok
    return Masterplan.objects.get()


@pytest.fixture
def admin():
    return make_user(Role.ADMIN, username="admin-rev")


def revised(tmp_path):
    data = workbook.sheets()
    initiatives = data["initiatives"][1]
    initiatives[0][8] = 2030  # GOV-1 ends a year later
    initiatives[0][13] = 150_000_000  # its 2027 budget
    del initiatives[1]  # GOV-2 is not in the revised file (the import never deletes: it stays)
    initiatives.append(
        [
            "GOV-3",
            "Inisiatif baru",
            "Uraian.",
            "governance",
            "DISKOMINFO",
            "",
            "short",
            2028,
            2029,
            "planned",
            0,
            "",
            "",
            None,
            50_000_000,
            None,
            None,
            None,
        ]
    )
    data["indicators"][1][0][8] = 99  # GOV-K1 target 2027
    return workbook.write(tmp_path / "perubahan.xlsx", data)


def test_freeze_import_a_change_and_see_the_difference(client, plan, admin, tmp_path):
    client.force_login(admin)
    assert client.post(reverse("revisions:list"), {"name": "Masterplan 2027 (murni)"}).status_code == 302
    murni = plan.baselines.get()
    assert murni.pagu_total == 12 * 600_000_000 and len(murni.snapshot["initiatives"]) == 12

    assert import_masterplan(revised(tmp_path)).ok
    Initiative.objects.filter(code="GOV-2").delete()  # dropped by hand in the portal
    response = client.get(reverse("revisions:difference"), {"from": murni.pk, "to": "today"})
    assert response.status_code == 200
    diff = response.context["diff"]
    assert [r["code"] for r in diff["added"]] == ["GOV-3"]
    assert [r["code"] for r in diff["dropped"]] == ["GOV-2"]
    assert [(r["code"], r["before"], r["after"]) for r in diff["moved"]] == [("GOV-1", "2027–2029", "2027–2030")]
    pagu = {r["year"]: r["change"] for r in diff["pagu"]}
    assert pagu[2027] == 150_000_000 - 100_000_000 - 100_000_000  # GOV-1 less, GOV-2 gone
    assert [(t["code"], t["year"], t["before"], t["after"]) for t in diff["targets"]] == [("GOV-K1", 2027, "15", "99")]

    assert client.post(reverse("revisions:list"), {"name": "Perubahan 2027"}).status_code == 302
    perubahan = plan.baselines.get(name="Perubahan 2027")
    between = selectors.compare(murni.snapshot, perubahan.snapshot)
    assert (
        between["added"] == diff["added"]
        and not selectors.compare(perubahan.snapshot, selectors.snapshot(plan))["moved"]
    )

    xlsx = client.get(reverse("revisions:difference-xlsx"), {"from": murni.pk, "to": perubahan.pk})
    assert xlsx.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    assert book.sheetnames == ["pagu", "initiatives", "targets"]
    assert ["added", "GOV-3"] == [c.value for c in book["initiatives"][2]][:2]


def test_the_dashboard_compares_realisation_with_the_chosen_baseline(client, plan, admin, tmp_path):
    murni = services.freeze_baseline(admin, plan, name="Murni")
    assert import_masterplan(revised(tmp_path)).ok
    perubahan = services.freeze_baseline(admin, plan, name="Perubahan")
    BudgetLine.objects.filter(year=2027).update(realized=10_000_000)
    client.force_login(admin)

    page = client.get("/")
    assert page.status_code == 200 and "baseline-block" in page.content.decode()
    first = selectors.realisation_against(plan, murni)["rows"][0]
    assert (first["year"], first["baseline"]) == (2027, 12 * 100_000_000)
    chosen = client.get("/", {"baseline": perubahan.pk}).content.decode()
    assert f'value="{perubahan.pk}" selected' in chosen


def test_only_admins_freeze_and_names_are_unique(client, plan, admin):
    viewer = make_user(Role.VIEWER, username="viewer-rev")
    with pytest.raises(PermissionDenied):
        services.freeze_baseline(viewer, plan, name="x")
    services.freeze_baseline(admin, plan, name="Murni")
    with pytest.raises(ValidationError):
        services.freeze_baseline(admin, plan, name="Murni")
    client.force_login(viewer)
    assert client.get(reverse("revisions:list")).status_code == 200
    assert client.post(reverse("revisions:list"), {"name": "y"}).status_code == 403
