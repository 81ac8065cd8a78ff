"""Hostile cells are refused or stored as plain text; exported text never runs as a formula."""

import csv
import io
import zipfile

import openpyxl
import pytest

from initiatives.models import Initiative
from roadmap.masterplan_io.exporter import export_masterplan
from roadmap.masterplan_io.importer import import_masterplan

from .conftest import INITIATIVE_HEADER, initiative_row, problems_of, snapshot, write_csv, write_xlsx

pytestmark = pytest.mark.db

DDE = "=cmd|' /C calc'!A0"


def test_formula_cell_in_a_workbook_is_refused(plan_data, tmp_path):
    path = tmp_path / "plan.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "initiatives"
    sheet.append(INITIATIVE_HEADER)
    sheet.append(initiative_row("EVIL-01", title=DDE, budget_2025="=SUM(1,2)"))  # openpyxl stores both as formulas
    workbook.save(path)
    before = snapshot()

    report = import_masterplan(path)

    assert problems_of(report) == {("initiatives", 2, "title"), ("initiatives", 2, "budget_2025")}
    assert "formula" in report.problems[0].message
    assert snapshot() == before


def test_formula_text_in_a_csv_is_refused(plan_data, tmp_path):
    path = write_csv(tmp_path / "initiatives.csv", [INITIATIVE_HEADER, initiative_row("EVIL-01", description=DDE)])
    report = import_masterplan(path)
    assert problems_of(report) == {("initiatives.csv", 2, "description")}


def test_very_long_text_is_refused(plan_data, tmp_path):
    path = write_xlsx(
        tmp_path / "plan.xlsx",
        {
            "initiatives": [
                INITIATIVE_HEADER,
                initiative_row("LONG-1", title="x" * 5000),
                initiative_row("LONG-2", description="y" * 30000),
            ]
        },
    )
    report = import_masterplan(path)
    assert problems_of(report) == {("initiatives", 2, "title"), ("initiatives", 3, "description")}
    assert "too long" in report.problems[0].message


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("progress", "separuh"),
        ("progress", 45.5),
        ("start_year", "tahun depan"),
        ("budget_2025", "banyak"),
        ("budget_2025", True),
        ("code", "KODE DENGAN SPASI"),
        ("horizon", 3),
    ],
)
def test_wrong_types_are_refused(plan_data, tmp_path, column, value):
    row = initiative_row("T-1")
    row[INITIATIVE_HEADER.index(column)] = value
    path = write_xlsx(tmp_path / "plan.xlsx", {"initiatives": [INITIATIVE_HEADER, row]})
    report = import_masterplan(path)
    assert problems_of(report) == {("initiatives", 2, column)}


def test_odd_text_is_stored_as_plain_text(plan_data, tmp_path):
    path = write_csv(
        tmp_path / "initiatives.csv",
        [
            INITIATIVE_HEADER,
            initiative_row(
                "TXT-1",
                title="@mention +62 812 \x1b\x07 <script>alert(1)</script>",
                description="- poin satu\n- poin dua",
                progress="40",
                start_year="2025",
                budget_2025="Rp 1.250.000",
            ),
        ],
    )

    report = import_masterplan(path)

    assert report.ok, report.problems
    initiative = Initiative.objects.get(code="TXT-1")
    assert initiative.title == "@mention +62 812 <script>alert(1)</script>"
    assert initiative.description == "- poin satu\n- poin dua"
    assert initiative.progress == 40
    assert initiative.budget_lines.get().planned == 1_250_000


RISKY = {
    "title": '=HYPERLINK("http://evil","klik")',
    "description": "-2+3+cmd|' /C calc'!A0",
    "location": "@SUM(A1)",
    "program_code": "+1.02",
}


def _make_risky(plan_data):
    initiative = plan_data["initiative"]
    for name, value in RISKY.items():
        setattr(initiative, name, value)
    initiative.save()
    return initiative


def test_exported_workbook_escapes_cells_that_start_a_formula(plan_data, tmp_path):
    _make_risky(plan_data)
    path = tmp_path / "export.xlsx"
    export_masterplan(plan_data["plan"], path)

    sheet = openpyxl.load_workbook(path)["initiatives"]
    header = [c.value for c in sheet[1]]
    for name, value in RISKY.items():
        cell = sheet.cell(row=2, column=header.index(name) + 1)
        assert cell.data_type == "s"
        assert cell.value == "'" + value

    before = snapshot()
    report = import_masterplan(path)  # and the escape round-trips
    assert report.ok and report.counts["initiatives"]["unchanged"] == 1
    assert snapshot() == before


def test_exported_csv_escapes_cells_that_start_a_formula(plan_data, tmp_path):
    _make_risky(plan_data)
    path = tmp_path / "export.zip"
    export_masterplan(plan_data["plan"], path, fmt="zip")

    with zipfile.ZipFile(path) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("initiatives.csv").decode("utf-8"))))
    for name, value in RISKY.items():
        assert rows[0][name] == "'" + value
    assert not any(v.startswith(("=", "+", "-", "@")) for row in rows for v in row.values() if v)

    before = snapshot()
    assert import_masterplan(path).ok
    assert snapshot() == before
