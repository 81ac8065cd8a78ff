"""Every kind of problem is reported with its sheet, row and column, and nothing is written."""

import pytest

from roadmap.masterplan_io.importer import import_masterplan

from .conftest import INITIATIVE_HEADER, initiative_row, problems_of, snapshot, write_csv, write_xlsx

pytestmark = pytest.mark.db


def _import_initiatives(tmp_path, *rows, header=INITIATIVE_HEADER):
    path = write_xlsx(tmp_path / "plan.xlsx", {"initiatives": [header, initiative_row("OK-01"), *rows]})
    before = snapshot()
    report = import_masterplan(path)
    assert not report.ok and not report.applied
    assert snapshot() == before, "a file with a problem must write nothing, not even its valid rows"
    return report


@pytest.mark.parametrize(
    ("overrides", "column", "words"),
    [
        ({"opd": "DINGHOST"}, "opd", "Unknown agency"),
        ({"supporting_opds": "DLH; NOPE"}, "supporting_opds", "NOPE"),
        ({"dimension": "smart-nothing"}, "dimension", "Unknown dimension"),
        ({"start_year": 2031}, "start_year", "outside the masterplan"),
        ({"end_year": 2019}, "end_year", "outside the masterplan"),
        ({"progress": 150}, "progress", "0 to 100"),
        ({"progress": -1}, "progress", "0 to 100"),
        ({"budget_2025": -5_000_000}, "budget_2025", "negative"),
        ({"budget_2025": "-Rp 5.000.000"}, "budget_2025", "negative"),
        ({"status": "almost"}, "status", "Unknown value"),
        ({"title": None}, "title", "may not be empty"),
    ],
)
def test_invalid_cell_is_reported_with_sheet_row_and_column(plan_data, tmp_path, overrides, column, words):
    report = _import_initiatives(tmp_path, initiative_row("BAD-01", **overrides))

    assert problems_of(report) == {("initiatives", 3, column)}
    assert words in report.problems[0].message


def test_duplicate_code_in_the_file_is_reported_at_its_second_row(plan_data, tmp_path):
    report = _import_initiatives(tmp_path, initiative_row("DUP-01"), initiative_row("DUP-01", title="Lagi"))

    assert problems_of(report) == {("initiatives", 4, "code")}
    assert "row 3" in report.problems[0].message


def test_missing_required_column_is_reported_on_the_header_row(plan_data, tmp_path):
    header = [c for c in INITIATIVE_HEADER if c != "horizon"]
    row = initiative_row("NEW-01")
    del row[INITIATIVE_HEADER.index("horizon")]
    path = write_xlsx(tmp_path / "plan.xlsx", {"initiatives": [header, row]})
    before = snapshot()

    report = import_masterplan(path)

    assert problems_of(report) == {("initiatives", 1, "horizon")}
    assert "missing" in report.problems[0].message
    assert snapshot() == before


def test_year_column_outside_the_masterplan_is_reported(plan_data, tmp_path):
    header = ["code", "name", "dimension", "target_2025", "target_2031"]
    path = write_xlsx(tmp_path / "plan.xlsx", {"indicators": [header, ["LIV-09", "Baru", "living", 1, 2]]})
    before = snapshot()

    report = import_masterplan(path)

    assert problems_of(report) == {("indicators", 1, "target_2031")}
    assert snapshot() == before


def test_budget_line_outside_the_masterplan_and_negative_realisation(plan_data, tmp_path):
    path = write_csv(
        tmp_path / "budget_lines.csv",
        [
            ["initiative", "year", "funding_source", "planned", "realized"],
            ["LIV-01", 2030, "APBD", 1000, 0],
            ["LIV-01", 2026, "APBD", 1000, -1],
            ["LIV-77", 2026, "APBD", 1000, 0],
        ],
    )
    before = snapshot()

    report = import_masterplan(path)

    assert problems_of(report) == {
        ("budget_lines.csv", 2, "year"),
        ("budget_lines.csv", 3, "realized"),
        ("budget_lines.csv", 4, "initiative"),
    }
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("plan.xlsx", b"%PDF-1.7\n\x00\x01\x02\x03binary" * 50),
        ("plan.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20),
        ("plan.xlsx", b"PK\x03\x04 this is not really a zip"),
        ("plan.csv", b"Dear admin,\nplease find the masterplan attached.\n"),
        ("plan.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_reported(plan_data, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    before = snapshot()

    report = import_masterplan(path)

    assert [(p.sheet, p.row, p.column) for p in report.problems] == [("file", None, "")]
    assert report.problems[0].message
    assert snapshot() == before


def test_every_problem_of_a_file_is_listed_at_once(plan_data, tmp_path):
    path = write_xlsx(
        tmp_path / "plan.xlsx",
        {
            "opds": [["code", "abbreviation", "name", "email"], ["NEWOPD", "Baru", "Dinas Baru", "bukan-email"]],
            "initiatives": [
                INITIATIVE_HEADER,
                initiative_row("A-1", opd="NOPE", progress=101),
                initiative_row("A-2", dimension="nodim", budget_2025=-1),
            ],
            "milestones": [["initiative", "title", "due_date"], ["A-9", "Tahap", "kemarin"]],
        },
    )
    before = snapshot()

    report = import_masterplan(path)

    assert problems_of(report) == {
        ("opds", 2, "email"),
        ("initiatives", 2, "opd"),
        ("initiatives", 2, "progress"),
        ("initiatives", 3, "dimension"),
        ("initiatives", 3, "budget_2025"),
        ("milestones", 2, "initiative"),
        ("milestones", 2, "due_date"),
    }
    assert snapshot() == before


def test_references_to_rows_with_problems_raise_no_second_problem(plan_data, tmp_path):
    path = write_xlsx(
        tmp_path / "plan.xlsx",
        {
            "opds": [["code", "abbreviation", "name", "email"], ["NEWOPD", "Baru", "Dinas Baru", "bukan-email"]],
            "initiatives": [INITIATIVE_HEADER, initiative_row("A-1", opd="NEWOPD")],
        },
    )
    report = import_masterplan(path)
    assert problems_of(report) == {("opds", 2, "email")}


def test_messages_follow_the_users_language(plan_data, tmp_path):
    from django.utils import translation

    path = write_xlsx(tmp_path / "plan.xlsx", {"initiatives": [INITIATIVE_HEADER, initiative_row("X", progress=1000)]})
    with translation.override("en"):
        report = import_masterplan(path)
    assert report.problems[0].message == "Progress must be a whole number from 0 to 100."


def test_a_clash_with_data_written_meanwhile_rolls_everything_back(plan_data, tmp_path, monkeypatch):
    from initiatives.models import Initiative
    from roadmap.masterplan_io.importer.sheets import budget_lines

    path = write_xlsx(
        tmp_path / "plan.xlsx", {"initiatives": [INITIATIVE_HEADER, initiative_row("NEW-01"), initiative_row("NEW-02")]}
    )
    real = budget_lines.apply

    def clash(records, ctx):  # someone creates NEW-02 after the check, before our budget lines are written
        real(records, ctx)
        from django.db import IntegrityError

        raise IntegrityError("duplicate key")

    monkeypatch.setattr(budget_lines, "apply", clash)
    before = snapshot()
    report = import_masterplan(path)
    assert [(p.sheet, p.row) for p in report.problems] == [("file", None)] and not report.applied
    assert snapshot() == before and not Initiative.objects.filter(code="NEW-01").exists()
