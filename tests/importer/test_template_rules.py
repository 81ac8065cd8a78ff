"""The template itself imports cleanly, and the rules an admin relies on when editing a file."""

import pytest

from dimensions.models import Dimension, Indicator, IndicatorTarget
from initiatives.models import BudgetLine, Initiative, Milestone
from opd.models import Opd
from roadmap.masterplan_io.exporter import write_template
from roadmap.masterplan_io.importer import import_masterplan
from tests.factories import MasterplanFactory

from .conftest import INITIATIVE_HEADER, initiative_row, problems_of, snapshot, write_csv, write_xlsx

pytestmark = pytest.mark.db


def test_the_template_with_its_example_rows_imports_into_an_empty_masterplan(db, tmp_path):
    plan = MasterplanFactory(start_year=2026, end_year=2030)
    path = tmp_path / "template.xlsx"
    write_template(path, plan)

    report = import_masterplan(path)

    assert report.ok, report.problems
    assert {k: c["created"] for k, c in report.counts.items()} == {
        "masterplans": 0,
        "years": 1,
        "opds": 1,
        "dimensions": 1,
        "sub_dimensions": 1,
        "findings": 1,
        "indicators": 1,
        "indicator_targets": 1,
        "initiatives": 1,
        "budget_lines": 1,
        "milestones": 1,
    }
    assert report.counts["masterplans"]["updated"] == 1  # the example row names the existing plan's period
    initiative = Initiative.objects.get()
    assert (initiative.start_year, initiative.lead_opd.code, initiative.dimension.code) == (
        2026,
        "DINKOMINFO",
        "economy",
    )
    assert list(initiative.indicators.values_list("code", flat=True)) == ["ECO-01"]
    assert BudgetLine.objects.get().planned == 450_000_000
    assert IndicatorTarget.objects.get().year == 2026
    assert Milestone.objects.get().due_date.year == 2026
    assert Opd.objects.count() == Dimension.objects.count() == Indicator.objects.count() == 1


def test_empty_optional_cells_keep_what_is_stored(plan_data, tmp_path):
    path = write_xlsx(
        tmp_path / "plan.xlsx",
        {
            "initiatives": [
                INITIATIVE_HEADER,
                initiative_row(
                    "LIV-01",
                    title="Telemedisin Puskesmas",
                    description="Layanan konsultasi daring.\nBaris kedua.",
                    start_year=2025,
                    end_year=2027,
                    status=None,
                    horizon=None,
                    progress=None,
                    budget_2025=None,
                    budget_2026=None,
                ),
            ]
        },
    )
    initiative = plan_data["initiative"]

    report = import_masterplan(path)

    assert report.ok, report.problems
    assert report.counts["initiatives"] == {"created": 0, "updated": 0, "unchanged": 1}
    initiative.refresh_from_db()
    assert (initiative.status, initiative.progress, initiative.version) == ("in_progress", 40, 1)
    assert BudgetLine.objects.filter(initiative=initiative).count() == 3


def test_shortening_an_initiative_with_budget_lines_outside_its_new_years_is_a_problem(plan_data, tmp_path):
    path = write_xlsx(
        tmp_path / "plan.xlsx",
        {
            "initiatives": [
                INITIATIVE_HEADER,
                initiative_row("LIV-01", start_year=2026, end_year=2027, budget_2025=None, budget_2026=None),
            ]
        },
    )
    before = snapshot()
    report = import_masterplan(path)
    assert problems_of(report) == {("initiatives", 2, "start_year")}
    assert "2025" in report.problems[0].message
    assert snapshot() == before


def test_a_year_split_over_funding_sources_cannot_be_changed_through_the_single_cell(plan_data, tmp_path):
    path = write_xlsx(
        tmp_path / "plan.xlsx",
        {
            "initiatives": [
                INITIATIVE_HEADER,
                initiative_row(
                    "LIV-01", start_year=2025, end_year=2027, budget_2025=600_000_000, budget_2026=450_000_000
                ),
            ]
        },
    )
    report = import_masterplan(path)
    assert problems_of(report) == {("initiatives", 2, "budget_2025")}
    # the same total as stored (APBD 300 + DAK 200) is accepted and changes nothing
    path = write_xlsx(
        tmp_path / "same.xlsx",
        {
            "initiatives": [
                INITIATIVE_HEADER,
                initiative_row(
                    "LIV-01",
                    title="Telemedisin Puskesmas",
                    description="Layanan konsultasi daring.\nBaris kedua.",
                    horizon="short",
                    status="in_progress",
                    progress=40,
                    start_year=2025,
                    end_year=2027,
                    budget_2025=500_000_000,
                    budget_2026=450_000_000,
                ),
            ]
        },
    )
    report = import_masterplan(path)
    assert report.ok, report.problems
    assert report.counts["budget_lines"]["updated"] == 0


def test_sheets_may_have_indonesian_names_and_csv_rows_are_numbered_by_record(plan_data, tmp_path):
    path = write_xlsx(tmp_path / "plan.xlsx", {"Inisiatif": [INITIATIVE_HEADER, initiative_row("NEW-01")]})
    assert import_masterplan(path).counts["initiatives"]["created"] == 1

    path = write_csv(
        tmp_path / "inisiatif.csv",
        [
            INITIATIVE_HEADER,
            initiative_row("NEW-02", description="baris satu\nbaris dua\nbaris tiga"),
            initiative_row("NEW-03", progress=101),
        ],
    )
    report = import_masterplan(path)
    assert problems_of(report) == {("inisiatif.csv", 3, "progress")}


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_csv_from_excel_in_utf8_with_bom_or_windows_1252(plan_data, tmp_path, encoding):
    path = tmp_path / "initiatives.csv"
    with open(path, "w", encoding=encoding, newline="") as fh:
        import csv

        csv.writer(fh, delimiter=";").writerows(
            [INITIATIVE_HEADER, initiative_row("ENC-1", title="Pelatihan café – “daring”")]
        )
    report = import_masterplan(path)
    assert report.ok, report.problems
    assert Initiative.objects.get(code="ENC-1").title == "Pelatihan café – “daring”"
