"""The hand-written xlsx export (issue 12, round 3) is a workbook spreadsheets and openpyxl read: text escaped,
formulas neutralised, control characters dropped, numbers as numbers, the header bold and frozen, money formatted."""

import io

import openpyxl
import pytest

from initiatives import exports
from initiatives.selectors import initiatives_for_user
from opd.choices import Role
from tests.factories import InitiativeFactory, MasterplanFactory, make_user

pytestmark = [pytest.mark.django_db]


def test_the_streamed_workbook_reads_back_cell_for_cell(settings):
    plan = MasterplanFactory()
    InitiativeFactory(masterplan=plan, code="A-01", title='<b>Tom & "Jerry"</b>\x01', program_code="=SUM(A1)")
    InitiativeFactory(masterplan=plan, code="A-02", title="Kedua")
    admin = make_user(Role.ADMIN)
    qs = initiatives_for_user(admin).order_by("code")
    sheet = openpyxl.load_workbook(io.BytesIO(exports.build_xlsx(qs, title="Inisiatif & co"))).active
    assert sheet.title == "Inisiatif & co" and sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == exports.headers() and sheet["A1"].font.b
    expected = [
        [None if v == "" else v.replace("\x01", "") if isinstance(v, str) else v for v in row]
        for row in exports.rows(qs)
    ]  # empty cells read as None; the control character is dropped
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=2)] == expected
    assert sheet["B2"].value == '<b>Tom & "Jerry"</b>' and sheet["P2"].value == "'=SUM(A1)"
    money = [n + 1 for n, (h, _) in enumerate(exports.COLUMNS) if h in exports.MONEY_HEADERS]
    for column in money:
        cell = sheet.cell(row=2, column=column)
        assert isinstance(cell.value, int) and cell.number_format == "#,##0"
    assert sheet.column_dimensions["B"].width == exports.COLUMN_WIDTHS[1]
