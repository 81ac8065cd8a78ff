"""The initiatives list filters, sorts and pages; both exports return exactly the list's filtered rows with the same
columns, Rupiah as numbers, and formula-like text neutralised."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from initiatives import exports
from initiatives.views.browse import PAGE_SIZE
from tests.factories import BudgetLineFactory, InitiativeFactory

pytestmark = pytest.mark.db


def list_codes(client, params):
    response = client.get(reverse("initiatives:list"), params)
    assert response.status_code == 200
    return [i.code for i in response.context["page"].paginator.object_list]


def csv_rows(client, params):
    response = client.get(reverse("initiatives:export-csv"), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.streaming  # rows are written as they are read, never held whole
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def xlsx_rows(client, params):
    response = client.get(reverse("initiatives:export-xlsx"), params)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


FILTERS = [
    {},
    {"dimension": "eco"},
    {"dimension": "eco", "status": "in_progress"},
    {"status": ["completed", "cancelled"]},
    {"opd": "DINHUB"},
    {"health": "late"},
    {"health": ["at_risk", "on_track"]},
    {"horizon": "long"},
    {"year": "2025"},
    {"q": "kesehatan"},
    {"ordering": "-progress"},
]
EXPECTED = [
    ["A1", "A2", "A3", "B1", "B2"],
    ["A1", "A2", "A3"],
    ["A1", "A2"],
    ["A3", "B1"],
    ["A2", "B1", "B2"],
    ["A1"],
    ["A2", "A3", "B1", "B2"],
    ["B2"],
    ["A1", "A3", "B1"],
    ["B1"],
    ["B1", "A2", "B2", "A1", "A3"],
]


@pytest.mark.parametrize(("params", "expected"), list(zip(FILTERS, EXPECTED, strict=True)))
def test_list_and_both_exports_return_exactly_the_filtered_rows(client, viewer_user, known, params, expected):
    client.force_login(viewer_user)
    assert list_codes(client, params) == expected
    rows = csv_rows(client, params)
    assert rows[0] == exports.headers()
    assert [r[0] for r in rows[1:]] == expected
    sheet = xlsx_rows(client, params)
    assert sheet[0] == exports.headers()
    assert [r[0] for r in sheet[1:]] == expected


def test_exports_carry_the_same_columns_with_rupiah_as_numbers(client, viewer_user, known):
    client.force_login(viewer_user)
    headers = exports.headers()
    planned = headers.index(str(exports.MONEY_HEADERS[0]))
    realised = headers.index(str(exports.MONEY_HEADERS[1]))
    supporting = headers.index(str(exports.COLUMNS[5][0]))
    sheet = xlsx_rows(client, {"dimension": "eco"})
    a1 = next(r for r in sheet if r[0] == "A1")
    assert a1[planned] == 300_000_000 and isinstance(a1[planned], int)
    assert a1[realised] == 100_000_000
    csv_a1 = next(r for r in csv_rows(client, {"dimension": "eco"}) if r[0] == "A1")
    assert csv_a1[planned] == "300000000"
    assert len(csv_a1) == len(a1) == len(headers)
    assert csv_a1[supporting] == ""
    a2 = next(r for r in sheet if r[0] == "A2")
    assert a2[supporting] == "Dinkes"


def test_formula_like_text_is_neutralised_in_both_exports(client, viewer_user, known):
    InitiativeFactory(
        code="X1",
        title='=HYPERLINK("http://evil","klik")',
        dimension=known.eco,
        lead_opd=known.x,
        masterplan=known.a1.masterplan,
    )
    InitiativeFactory(
        code="X2", title="@SUM(A1:A2)", dimension=known.eco, lead_opd=known.x, masterplan=known.a1.masterplan
    )
    client.force_login(viewer_user)
    titles_csv = {r[0]: r[1] for r in csv_rows(client, {"q": "X"})[1:]}
    assert titles_csv["X1"].startswith("'=HYPERLINK")
    assert titles_csv["X2"] == "'@SUM(A1:A2)"
    titles_xlsx = {r[0]: r[1] for r in xlsx_rows(client, {"q": "X"})[1:]}
    assert titles_xlsx["X1"].startswith("'=") and titles_xlsx["X2"].startswith("'@")
    assert exports.safe_cell(-5) == -5 and exports.safe_cell("-5") == "'-5" and exports.safe_cell("ok") == "ok"


@pytest.mark.parametrize(
    "params",
    [
        {"status": "bogus"},
        {"year": "abc"},
        {"dimension": "nope"},
        {"health": "purple"},
        {"ordering": "password"},
        {"updated_since": "yesterday"},
    ],
)
def test_invalid_filters_show_a_form_error_not_a_server_error(client, viewer_user, known, params):
    client.force_login(viewer_user)
    response = client.get(reverse("initiatives:list"), params)
    assert response.status_code == 200
    assert response.context["page"] is None
    assert response.context["filter"].errors
    assert 'class="errorlist' in response.content.decode()
    assert client.get(reverse("initiatives:export-csv"), params).status_code == 400
    assert client.get(reverse("initiatives:export-xlsx"), params).status_code == 400


def test_list_paginates_and_sort_links_keep_the_filters(client, viewer_user, known):
    plan = known.a1.masterplan
    for n in range(PAGE_SIZE + 3):
        item = InitiativeFactory(code=f"P{n:03d}", dimension=known.liv, lead_opd=known.x, masterplan=plan, progress=n)
        if n == 0:
            BudgetLineFactory(initiative=item, year=2026, planned=5)
    client.force_login(viewer_user)
    first = client.get(reverse("initiatives:list"), {"dimension": "liv", "ordering": "code"})
    assert first.context["page"].paginator.count == PAGE_SIZE + 5
    assert len(first.context["initiatives"]) == PAGE_SIZE
    html = first.content.decode()
    assert "dimension=liv&amp;ordering=code&amp;page=2" in html
    assert 'href="/initiatives/export.csv?dimension=liv&amp;ordering=code"' in html
    second = client.get(reverse("initiatives:list"), {"dimension": "liv", "ordering": "code", "page": 2})
    # B1 and B2 sort before P000, so the second page holds the last five.
    assert [i.code for i in second.context["initiatives"]] == ["P023", "P024", "P025", "P026", "P027"]
    assert second.context["sort"]["code"]["state"] == "ascending"
    assert "ordering=-code" in second.context["sort"]["code"]["url"]
    assert "dimension=liv" in second.context["sort"]["progress"]["url"]
    assert client.get(reverse("initiatives:list"), {"page": "999"}).status_code == 200
