"""The CKAN Action API's contract at the HTTP level: envelopes and errors as CKAN returns them, GET and POST (form and
JSON), search filters and paging, the OPEN_DATA switch, fixed query counts, and the Satu Data workbook columns."""

import json

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dimensions.models import Dimension, Indicator
from roadmap.masterplan_io.exporter import export_masterplan
from roadmap.masterplan_io.importer import import_masterplan
from tests.factories import IndicatorFactory, InitiativeFactory
from tests.opendata.conftest import build_feed

pytestmark = pytest.mark.db
API = "/opendata/api/3/action/"


def call(client, action, **params):
    response = client.get(API + action, params)
    return response, response.json()


def test_envelope_on_both_api_paths(client, feed):
    for prefix in ("/opendata/api/3/action/", "/opendata/api/action/"):
        body = client.get(prefix + "package_list").json()
        assert body["success"] is True and body["help"].endswith("help_show?name=package_list")
        assert "indikator-eco-k0" in body["result"]


def test_unknown_dataset_is_a_ckan_not_found(client, feed):
    response, body = call(client, "package_show", id="tidak-ada")
    assert response.status_code == 404
    assert body["success"] is False and body["error"]["__type"] == "Not Found Error"


def test_missing_id_and_bad_rows_are_ckan_validation_errors(client, feed):
    response, body = call(client, "package_show")
    assert response.status_code == 409
    assert body["error"]["__type"] == "Validation Error" and body["error"]["id"] == ["Missing value"]
    response, body = call(client, "package_search", rows="banyak")
    assert response.status_code == 409 and body["error"]["rows"] == ["Invalid integer"]
    response, body = call(client, "package_search", sort="colour asc")
    assert response.status_code == 409 and "sort" in body["error"]


def test_unknown_action_is_a_bad_request(client, feed):
    response, body = call(client, "package_delete", id="x")
    assert response.status_code == 400
    assert body["success"] is False
    assert body["error"]["message"] == "Bad request - Action name not known: package_delete"


def test_post_json_and_form_without_csrf(feed):
    client = Client(enforce_csrf_checks=True)
    by_json = client.post(
        API + "package_show", data=json.dumps({"id": "inisiatif-eco"}), content_type="application/json"
    )
    by_form = client.post(API + "package_show", data={"id": "inisiatif-eco"})
    assert by_json.status_code == by_form.status_code == 200
    assert by_json.json()["result"]["name"] == by_form.json()["result"]["name"] == "inisiatif-eco"
    broken = client.post(API + "package_show", data="{not json", content_type="application/json")
    assert broken.status_code == 400 and broken.json()["error"]["__type"] == "Bad Request"


def test_search_filters_and_pages(client, feed):
    _r, body = call(client, "package_search", fq="organization:dinkes", rows=100)
    assert body["result"]["count"] == 4
    assert all(p["organization"]["name"] == "dinkes" for p in body["result"]["results"])
    _r, body = call(client, "package_search", fq="groups:liv +tags:indikator-kinerja")
    assert sorted(p["name"] for p in body["result"]["results"]) == ["indikator-liv-k0", "indikator-liv-k1"]
    _r, body = call(client, "package_search", q="Kehidupan")
    assert "inisiatif-liv" in [p["name"] for p in body["result"]["results"]]
    _r, body = call(
        client, "package_search", fq="metadata_modified:[2000-01-01T00:00:00Z TO *]", rows=2, start=6, sort="name asc"
    )
    assert body["result"]["count"] == 7 and len(body["result"]["results"]) == 1
    _r, body = call(client, "package_search", fq="metadata_modified:[* TO 2000-01-01T00:00:00Z]")
    assert body["result"]["count"] == 0


def test_indicator_dataset_carries_satu_data_metadata_and_series(client, feed):
    _r, body = call(client, "package_show", id="indikator-eco-k0")
    extras = {e["key"]: e["value"] for e in body["result"]["extras"]}
    assert extras["steward"] == "Bappelitbangda" and extras["producer"] == "Dinkominfo"
    assert extras["reference_code"] == "SDGs-9.c.1" and extras["frequency"] == "annual"
    assert extras["licence"] == "CC-BY-4.0" and extras["latest_achievement_band"] == "baik"  # 90 %
    records = client.get("/opendata/datasets/indikator-eco-k0.json").json()["records"]
    assert [(r["year"], r["target"], r["realisation"], r["achievement_percent"]) for r in records] == [
        (2025, 20, 18, 90.0),
        (2026, 30, None, None),
    ]


def test_lists_orgs_groups_tags(client, feed):
    _r, body = call(client, "organization_list")
    assert body["result"] == ["dinkes", "dinkominfo"]  # sorted by title
    _r, body = call(client, "group_list", all_fields="true")
    assert [(g["name"], g["package_count"]) for g in body["result"]] == [("eco", 4), ("liv", 4)]
    _r, body = call(client, "tag_list")
    assert {"inisiatif", "indikator-kinerja", "roadmap", "smart-city"} <= set(body["result"])
    response, body = call(client, "organization_show", id="tidak-ada")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "url", ["/opendata/", API + "package_list", "/opendata/catalog.ttl", "/opendata/datasets/inisiatif-eco.csv"]
)
def test_open_data_off_answers_404(client, feed, settings, url):
    assert client.get(url).status_code == 200
    settings.OPEN_DATA = "false"
    assert client.get(url).status_code == 404


def test_auto_is_on_only_for_the_demo_masterplan(client, feed, settings):
    settings.OPEN_DATA = "auto"
    assert client.get(API + "site_read").status_code == 404
    feed["plan"].is_demo = True
    feed["plan"].save()
    assert client.get(API + "site_read").json()["result"] is True


@pytest.mark.parametrize(
    "url",
    [
        API + "package_search?rows=1000",
        API + "current_package_list_with_resources",
        API + "package_show?id=inisiatif-eco",
        API + "organization_list?all_fields=1",
        API + "group_show?id=eco&include_datasets=1",
        "/opendata/catalog.jsonld",
        "/opendata/datasets/inisiatif-eco.xlsx",
        "/opendata/",
    ],
)
def test_fixed_query_count_whatever_the_number_of_datasets(client, db, open_data_on, url, django_assert_num_queries):
    build_feed(n_initiatives=1, n_indicators=1)
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for dim in Dimension.objects.all():
        for _ in range(4):
            InitiativeFactory(dimension=dim)
            IndicatorFactory(dimension=dim)
    with django_assert_num_queries(len(small)):
        assert client.get(url).status_code == 200


def test_satu_data_columns_round_trip_through_the_workbook(feed, tmp_path):
    path = tmp_path / "export.xlsx"
    export_masterplan(feed["plan"], path)
    book = openpyxl.load_workbook(path)
    sheet = book["indicators"]
    header = [c.value for c in sheet[1]]
    assert {"definition", "steward", "producer", "reference_code", "licence"} <= set(header)
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "ECO-K0")
    sheet.cell(row, header.index("steward") + 1, value="Bappeda Baru")
    sheet.cell(row, header.index("frequency") + 1, value="Quarterly")
    book.save(path)
    report = import_masterplan(path)
    assert report.ok, report.problems
    indicator = Indicator.objects.get(code="ECO-K0")
    assert (indicator.steward, indicator.frequency, indicator.definition) == (
        "Bappeda Baru",
        "quarterly",
        "Persentase layanan daring.",
    )
    sheet.cell(row, header.index("frequency") + 1, value="kadang-kadang")
    book.save(path)
    report = import_masterplan(path)
    assert not report.ok
