"""Export → import changes nothing; re-importing is idempotent; a changed row updates its object with history."""

import pytest

from initiatives.models import BudgetLine, Initiative, Milestone
from roadmap.masterplan_io.exporter import export_masterplan
from roadmap.masterplan_io.importer import import_masterplan

from .conftest import INITIATIVE_HEADER, initiative_row, snapshot, write_csv, write_xlsx

pytestmark = pytest.mark.db


@pytest.mark.parametrize("fmt", ["xlsx", "zip"])
def test_export_then_import_changes_nothing(plan_data, tmp_path, fmt):
    path = tmp_path / f"export.{fmt}"
    export_masterplan(plan_data["plan"], path, fmt=fmt)
    before = snapshot()

    report = import_masterplan(path)

    assert report.ok, report.problems
    assert report.applied
    assert all(c["created"] == 0 and c["updated"] == 0 for c in report.counts.values()), report.counts
    assert report.counts["initiatives"]["unchanged"] == 1
    assert report.counts["budget_lines"]["unchanged"] == 3
    assert snapshot() == before  # including the history counts


def test_edit_in_exported_workbook_updates_only_that_object_with_history(plan_data, tmp_path, admin_user):
    import openpyxl

    path = tmp_path / "export.xlsx"
    export_masterplan(plan_data["plan"], path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["initiatives"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("title") + 1, value="Telemedisin untuk semua Puskesmas")
    sheet.cell(row=2, column=header.index("budget_2026") + 1, value=500_000_000)
    workbook.save(path)
    initiative = plan_data["initiative"]
    history_before = initiative.history.count()

    report = import_masterplan(path, user=admin_user)

    assert report.ok, report.problems
    assert report.counts["initiatives"] == {"created": 0, "updated": 1, "unchanged": 0}
    assert report.counts["budget_lines"] == {"created": 0, "updated": 1, "unchanged": 2}
    initiative.refresh_from_db()
    assert initiative.title == "Telemedisin untuk semua Puskesmas"
    assert initiative.version == 2
    assert initiative.history.count() == history_before + 1
    latest = initiative.history.latest()
    assert latest.history_type == "~" and latest.history_user == admin_user and latest.title == initiative.title
    line = BudgetLine.objects.get(initiative=initiative, year=2026)
    assert line.planned == 500_000_000 and line.history.count() == 2


def test_reimport_of_the_same_file_is_idempotent(plan_data, tmp_path):
    path = write_xlsx(
        tmp_path / "new.xlsx",
        {
            "initiatives": [INITIATIVE_HEADER, initiative_row("NEW-01"), initiative_row("NEW-02", supporting_opds="")],
            "milestones": [["initiative", "title", "due_date"], ["NEW-01", "Kick-off", "2025-03-31"]],
        },
    )
    first = import_masterplan(path)
    assert first.ok, first.problems
    assert first.counts["initiatives"] == {"created": 2, "updated": 0, "unchanged": 1 - 1}
    assert first.counts["budget_lines"]["created"] == 2
    assert first.counts["milestones"]["created"] == 1
    created = Initiative.objects.get(code="NEW-01")
    assert [o.code for o in created.supporting_opds.all()] == ["DLH"]
    assert created.budget_lines.get().planned == 100_000_000
    assert created.history.count() == 1
    after_first = snapshot()

    second = import_masterplan(path)

    assert second.ok
    assert all(c["created"] == 0 and c["updated"] == 0 for c in second.counts.values()), second.counts
    assert snapshot() == after_first
    assert Milestone.objects.filter(initiative__code="NEW-01").count() == 1


def test_dry_run_reports_changes_and_writes_nothing(plan_data, tmp_path):
    path = write_csv(
        tmp_path / "initiatives.csv",
        [
            INITIATIVE_HEADER,
            initiative_row("NEW-01"),
            initiative_row(
                "LIV-01",
                title="Judul baru",
                dimension="living",
                opd="DINKES",
                start_year=2025,
                end_year=2027,
                budget_2025=500_000_000,
                budget_2026=450_000_000,
            ),
        ],
    )
    before = snapshot()

    report = import_masterplan(path, dry_run=True)

    assert report.ok, report.problems
    assert report.dry_run and not report.applied
    assert report.counts["initiatives"] == {"created": 1, "updated": 1, "unchanged": 0}
    assert snapshot() == before


def test_csv_with_semicolons_as_excel_writes_in_indonesian_locale(plan_data, tmp_path):
    path = write_csv(
        tmp_path / "data.csv",
        [INITIATIVE_HEADER, initiative_row("NEW-09", supporting_opds="DLH;DINKES")],
        delimiter=";",
    )
    report = import_masterplan(path)
    assert report.ok, report.problems
    initiative = Initiative.objects.get(code="NEW-09")
    assert [o.code for o in initiative.supporting_opds.all()] == ["DLH"]  # the lead is not its own supporter


def test_changed_references_and_agency_sets_update_the_initiative(plan_data, tmp_path):
    from tests.factories import OpdFactory

    OpdFactory(code="DINHUB")
    row = initiative_row(
        "LIV-01",
        title="Telemedisin Puskesmas",
        description="Layanan konsultasi daring.\nBaris kedua.",
        opd="DLH",
        supporting_opds="DINKES; DINHUB",
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

    report = import_masterplan(path)

    assert report.ok, report.problems
    assert report.counts["initiatives"] == {"created": 0, "updated": 1, "unchanged": 0}
    initiative.refresh_from_db()
    assert initiative.lead_opd.code == "DLH" and initiative.version == 2
    assert sorted(initiative.supporting_opds.values_list("code", flat=True)) == ["DINHUB", "DINKES"]
    assert initiative.sub_dimension is not None  # no sub_dimension column: left alone

    # only the set of supporting agencies changes: still a new version with a history record
    row[INITIATIVE_HEADER.index("supporting_opds")] = "DINKES"
    write_xlsx(path, {"initiatives": [INITIATIVE_HEADER, row]})
    history = initiative.history.count()
    assert import_masterplan(path).counts["initiatives"]["updated"] == 1
    initiative.refresh_from_db()
    assert initiative.version == 3 and initiative.history.count() == history + 1
    assert list(initiative.supporting_opds.values_list("code", flat=True)) == ["DINKES"]
