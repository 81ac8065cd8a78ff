"""The whole masterplan in the workbook: the masterplan, years and findings sheets, into an empty database."""

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dimensions.models import ConditionFinding, Dimension
from masterplans.choices import MasterplanStatus
from masterplans.models import Masterplan, MasterplanYear
from opd.choices import Role
from roadmap.masterplan_io.exporter import export_masterplan
from roadmap.masterplan_io.importer import import_masterplan
from roadmap.masterplan_io.template import SHEETS
from roadmap.models import ImportJob
from tests.factories import UserFactory, make_user

from . import workbook

pytestmark = pytest.mark.django_db


def test_a_complete_workbook_creates_the_active_masterplan_in_an_empty_database(tmp_path):
    user = UserFactory()
    report = import_masterplan(workbook.write(tmp_path / "plan.xlsx"), user=user)

    assert report.ok and report.applied, report.problems
    plan = Masterplan.objects.get()
    assert (plan.start_year, plan.end_year, plan.status) == (2027, 2031, MasterplanStatus.ACTIVE)
    assert plan.mission.startswith("1. Melayani warga.\n2.")
    assert plan.history.get().history_user == user
    assert list(MasterplanYear.objects.values_list("year", "theme")) == [(y, f"Tema {y}") for y in workbook.YEARS]
    assert sorted(Dimension.objects.values_list("code", flat=True)) == sorted(c for c, *_ in workbook.DIMENSIONS)
    assert ConditionFinding.objects.count() == 24
    assert ConditionFinding.objects.get(dimension__code="branding", kind="potential").text == "potential branding"
    assert plan.initiatives.count() == 12


def test_reimport_and_export_roundtrip_change_nothing(tmp_path):
    assert import_masterplan(workbook.write(tmp_path / "plan.xlsx")).ok
    again = import_masterplan(tmp_path / "plan.xlsx")
    assert again.ok and all(c["created"] == c["updated"] == 0 for c in again.counts.values()), again.counts

    plan = Masterplan.objects.get()
    for fmt in ("xlsx", "zip"):
        exported = tmp_path / f"export.{fmt}"
        export_masterplan(plan, exported, fmt=fmt)
        report = import_masterplan(exported)
        assert report.ok, report.problems
        assert all(c["created"] == c["updated"] == 0 for c in report.counts.values()), (fmt, report.counts)
        assert {"masterplans", "years", "findings"} <= set(report.counts)


def test_a_changed_narrative_updates_with_a_new_version(tmp_path):
    import_masterplan(workbook.write(tmp_path / "plan.xlsx"))
    data = workbook.sheets(vision="Visi baru.")
    data["findings"][1][0][2] = "Kondisi baru"
    report = import_masterplan(workbook.write(tmp_path / "changed.xlsx", data))
    assert report.counts["masterplans"]["updated"] == 1 and report.counts["findings"]["updated"] == 1
    plan = Masterplan.objects.get()
    assert (plan.vision, plan.version, plan.history.count()) == ("Visi baru.", 2, 2)
    assert ConditionFinding.objects.get(text="Kondisi baru").history.count() == 2


def test_every_problem_is_named_and_nothing_is_written(tmp_path):
    data = workbook.sheets()
    data["masterplan"][1][0][2] = 2040  # not start + 4
    data["years"][1][0][0] = 2050
    data["findings"][1][0][1] = "dream"
    data["findings"][1][1][0] = "nowhere"
    report = import_masterplan(workbook.write(tmp_path / "bad.xlsx", data))

    assert not report.applied
    where = {(p.sheet, p.row, p.column) for p in report.problems}
    assert {
        ("masterplan", 2, "end_year"),
        ("years", 2, "year"),
        ("findings", 2, "kind"),
        ("findings", 3, "dimension"),
    } <= where
    assert not Masterplan.objects.exists() and not Dimension.objects.exists()


def test_a_file_for_another_masterplan_is_refused(tmp_path):
    import_masterplan(workbook.write(tmp_path / "plan.xlsx"))
    data = workbook.sheets()
    data["masterplan"][1][0][1:3] = [2030, 2034]
    report = import_masterplan(workbook.write(tmp_path / "other.xlsx", data))
    assert [(p.sheet, p.column) for p in report.problems if p.sheet == "masterplan"] == [("masterplan", "start_year")]


def test_without_a_masterplan_the_file_needs_the_masterplan_sheet(tmp_path):
    data = workbook.sheets()
    del data["masterplan"]
    report = import_masterplan(workbook.write(tmp_path / "nomaster.xlsx", data))
    assert "masterplan sheet" in report.problems[0].message


def test_the_no_sheet_message_lists_every_template_sheet(tmp_path):
    path = tmp_path / "empty.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "notes"
    book.save(path)
    message = import_masterplan(path).problems[0].message
    assert all(sheet.name in message for sheet in SHEETS) and "findings" in message


def test_the_portal_import_into_an_empty_database_previews_then_creates_the_plan(client, tmp_path, settings):
    settings.MASTERPLAN_IMPORT_ASYNC = False
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(make_user(Role.ADMIN, username="first-admin"))
    assert client.get(reverse("masterplan:import")).status_code == 200
    assert client.get("/").status_code == 200  # "no masterplan yet"
    path = workbook.write(tmp_path / "plan.xlsx")
    upload = SimpleUploadedFile("plan.xlsx", path.read_bytes())
    response = client.post(reverse("masterplan:import"), {"file": upload})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert client.get(response.url).status_code == 200 and not Masterplan.objects.exists()  # preview only
    response = client.post(reverse("masterplan:import-confirm", args=[job.pk]))
    assert response.status_code == 302
    plan = Masterplan.objects.get()
    assert plan.status == MasterplanStatus.ACTIVE and plan.initiatives.count() == 12
    assert client.get("/masterplan/").status_code == 200 and client.get("/").status_code == 200
