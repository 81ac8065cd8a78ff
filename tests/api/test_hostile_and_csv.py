"""Hostile query strings get a 400 (or are ignored), never a 500; every list answers ?format=csv."""

import csv
import io

import pytest

pytestmark = [pytest.mark.api, pytest.mark.django_db]

V1 = "/api/v1"
LISTS = ["dimensions", "opds", "indicators", "initiatives", "reports", "milestones"]


@pytest.fixture
def api(client_for, admin_user):
    return client_for(admin_user, "read")


@pytest.mark.parametrize(
    "endpoint, params",
    [
        ("initiatives", {"status": "bogus"}),
        ("initiatives", {"health": "great"}),
        ("initiatives", {"horizon": "forever"}),
        ("initiatives", {"dimension": "nope"}),
        ("initiatives", {"opd": "NOPE"}),
        ("initiatives", {"year": "twenty"}),
        ("initiatives", {"year": "99999999999999999999"}),
        ("initiatives", {"updated_since": "yesterday"}),
        ("initiatives", {"updated_since": "2026-13-45T99:00:00"}),
        ("initiatives", {"ordering": "password"}),
        ("initiatives", {"ordering": "lead_opd__members__user__password"}),
        ("initiatives", {"q": "x" * 5000}),
        ("stats", {"ordering": "password"}),
        ("reports", {"state": "deleted"}),
        ("reports", {"quarter": "7"}),
        ("reports", {"year": "1e9"}),
        ("reports", {"initiative": "abc"}),
        ("milestones", {"due_before": "2026-02-30"}),
        ("milestones", {"initiative": "1; DROP TABLE"}),
        ("milestones", {"opd": "'; --"}),
        ("indicators", {"direction": "sideways"}),
        ("opds", {"kind": "castle"}),
    ],
)
def test_bad_filter_values_are_400_with_field_errors(api, world, endpoint, params):
    response = api.get(f"{V1}/{endpoint}/", params)
    assert response.status_code == 400, response.content
    assert set(params) & set(response.json())


@pytest.mark.parametrize(
    "params",
    [
        {"unknown_filter": "x"},
        {"page_size": "lots"},
        {"page_size": "-5"},
        {"q": "%_\\'\"\x00".replace("\x00", "")},
        {"overdue": "maybe"},
        {"q": ""},
    ],
)
def test_unknown_or_empty_parameters_are_ignored(api, world, params):
    for endpoint in ("initiatives", "milestones"):
        assert api.get(f"{V1}/{endpoint}/", params).status_code == 200


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999999999999999999"])
def test_bad_page_is_404_not_500(api, world, page):
    assert api.get(f"{V1}/initiatives/", {"page": page}).status_code == 404


def test_malformed_json_body_is_400(client_for, admin_user, world):
    response = client_for(admin_user).generic(
        "PATCH", f"{V1}/initiatives/{world['initiative'].pk}/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400


def test_non_numeric_ids_are_404(api, world):
    assert api.get(f"{V1}/initiatives/abc/").status_code == 404
    assert api.get(f"{V1}/reports/abc/").status_code == 404


# --- CSV ----------------------------------------------------------------------------------------------------------


def read_csv(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("endpoint", LISTS)
def test_every_list_answers_csv(api, world, endpoint):
    json_count = api.get(f"{V1}/{endpoint}/").json()["count"]
    rows = read_csv(api.get(f"{V1}/{endpoint}/", {"format": "csv"}))
    assert len(rows) == json_count > 0


def test_csv_applies_the_same_filters_and_is_not_paginated(api, world):
    rows = read_csv(api.get(f"{V1}/initiatives/", {"format": "csv", "opd": "DINKES", "page_size": 1}))
    assert sorted(r["code"] for r in rows) == sorted([world["initiative"].code, "LIV-09"])
    assert {"id", "code", "title", "opd", "supporting_opds", "budget_planned", "health", "version"} <= set(rows[0])
    row = next(r for r in rows if r["code"] == world["initiative"].code)
    assert row["supporting_opds"] == "DLH" and row["budget_planned"] == "150000000"


def test_csv_nested_lists_and_formula_injection(api, world, client_for, admin_user):
    assert (
        client_for(admin_user)
        .patch(
            f"{V1}/initiatives/{world['other'].pk}/",
            {"title": "=HYPERLINK(1)", "version": world["other"].version},
            format="json",
        )
        .status_code
        == 200
    )
    rows = read_csv(api.get(f"{V1}/initiatives/", {"format": "csv", "opd": "DINHUB"}))
    assert rows[0]["title"] == "'=HYPERLINK(1)"
    rows = read_csv(api.get(f"{V1}/dimensions/", {"format": "csv"}))
    assert "kesehatan" in next(r for r in rows if r["code"] == "living")["sub_dimensions"]


def test_csv_of_nested_lists_and_bad_filters(api, world):
    rows = read_csv(api.get(f"{V1}/indicators/{world['indicator'].pk}/measurements/", {"format": "csv"}))
    assert [float(r["value"]) for r in rows] == [18.0, 20.0]
    rows = read_csv(api.get(f"{V1}/initiatives/{world['initiative'].pk}/reports/", {"format": "csv"}))
    assert len(rows) == 3
    assert api.get(f"{V1}/initiatives/", {"format": "csv", "status": "bogus"}).status_code == 400
    assert api.get(f"{V1}/initiatives/", {"format": "xml"}).status_code == 404


def test_anonymous_csv_is_401(client_for, world):
    assert client_for(None).get(f"{V1}/initiatives/", {"format": "csv"}).status_code == 401
