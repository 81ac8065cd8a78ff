"""Writes through the API: optimistic locking (ETag/If-Match → 412), mass assignment, creation, reports,
measurements."""

import pytest

from dimensions.models import Measurement
from initiatives.models import Initiative, ProgressReport

pytestmark = [pytest.mark.api, pytest.mark.django_db]

V1 = "/api/v1"


def url(initiative):
    return f"{V1}/initiatives/{initiative.pk}/"


# --- If-Match / version -----------------------------------------------------------------------------------------------


def test_patch_with_current_if_match_succeeds_and_returns_new_etag(world, users, client_for):
    api = client_for(users["lead_staff"])
    etag = api.get(url(world["initiative"]))["ETag"]
    response = api.patch(url(world["initiative"]), {"location": "Bukateja"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()["location"] == "Bukateja"
    assert response.json()["version"] == world["initiative"].version + 1
    assert response["ETag"] != etag


def test_patch_with_stale_if_match_is_412_with_current_version(world, users, client_for):
    api = client_for(users["lead_staff"])
    initiative = world["initiative"]
    stale = api.get(url(initiative))["ETag"]
    assert (
        api.patch(
            url(initiative),
            {"location": "Kutasari"},
            format="json",  # someone else saves
            HTTP_IF_MATCH=stale,
        ).status_code
        == 200
    )
    response = api.patch(url(initiative), {"title": "Versi lama"}, format="json", HTTP_IF_MATCH=stale)
    assert response.status_code == 412
    assert response.json()["version"] == initiative.version + 1
    initiative.refresh_from_db()
    assert initiative.title != "Versi lama" and initiative.location == "Kutasari"


def test_if_match_naming_another_object_is_412(world, users, client_for):
    api = client_for(users["admin"])
    other_etag = api.get(url(world["other"]))["ETag"]
    response = api.patch(url(world["initiative"]), {"progress": 1}, format="json", HTTP_IF_MATCH=other_etag)
    assert response.status_code == 412
    assert response.json()["version"] == world["initiative"].version


def test_delete_with_stale_if_match_is_412_and_keeps_the_initiative(world, users, client_for):
    api = client_for(users["admin"])
    target = world["cancelled"]
    response = api.delete(url(target), HTTP_IF_MATCH=f'W/"{target.pk}-{target.version + 5}"')
    assert response.status_code == 412 and response.json()["version"] == target.version
    assert Initiative.objects.filter(pk=target.pk).exists()
    assert api.delete(url(target), HTTP_IF_MATCH=f'W/"{target.pk}-{target.version}"').status_code == 204
    assert not Initiative.objects.filter(pk=target.pk).exists()


def test_stale_version_in_body_without_if_match_is_409(world, users, client_for):
    api = client_for(users["lead_staff"])
    initiative = world["initiative"]
    response = api.patch(url(initiative), {"title": "Baru", "version": initiative.version + 3}, format="json")
    assert response.status_code == 409
    assert response.json()["version"] == initiative.version
    ok = api.patch(url(initiative), {"title": "Baru", "version": initiative.version}, format="json")
    assert ok.status_code == 200


# --- mass assignment ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field, value",
    [
        ("opd", "DINHUB"),
        ("code", "HIJACK"),
        ("dimension", "economy"),
        ("start_year", 2025),
        ("end_year", 2029),
        ("horizon", "long"),
        ("supporting_opds", ["DINHUB"]),
    ],
)
def test_staff_cannot_change_admin_fields(world, users, client_for, field, value):
    initiative = world["initiative"]
    before = Initiative.objects.get(pk=initiative.pk)
    if field == "start_year":
        value = before.start_year + 1
    response = client_for(users["lead_staff"]).patch(
        url(initiative), {field: value, "title": "Judul lain", "version": before.version}, format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()
    after = Initiative.objects.get(pk=initiative.pk)
    assert (after.title, after.version, after.code, after.lead_opd_id) == (
        before.title,
        before.version,
        before.code,
        before.lead_opd_id,
    )


@pytest.mark.parametrize(
    "field", ["id", "health", "budget_planned", "masterplan", "updated_at", "lead_opd", "password"]
)
def test_unknown_and_read_only_fields_are_rejected(world, users, client_for, field):
    response = client_for(users["admin"]).patch(url(world["initiative"]), {field: 1, "title": "T"}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    world["initiative"].refresh_from_db()
    assert world["initiative"].title != "T"


def test_admin_changes_admin_fields(world, users, client_for):
    response = client_for(users["admin"]).patch(
        url(world["initiative"]),
        {
            "opd": "DINHUB",
            "supporting_opds": ["DLH", "DINKES"],
            "horizon": "long",
            "version": world["initiative"].version,
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["opd"] == "DINHUB"
    assert sorted(response.json()["supporting_opds"]) == ["DINKES", "DLH"]


def test_unknown_codes_are_field_errors(world, users, client_for):
    response = client_for(users["admin"]).patch(
        url(world["initiative"]), {"opd": "NOPE", "sub_dimension": "x"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"opd"}


def test_model_rules_come_back_as_field_errors(world, users, client_for):
    response = client_for(users["admin"]).patch(
        url(world["initiative"]), {"end_year": 2031, "version": 1}, format="json"
    )
    assert response.status_code == 400
    assert "end_year" in response.json()


# --- create ---------------------------------------------------------------------------------------------------------


def test_admin_creates_initiative(world, users, client_for):
    payload = {
        "code": "LIV-20",
        "title": "Telemedisin",
        "dimension": "living",
        "sub_dimension": "kesehatan",
        "opd": "DINKES",
        "supporting_opds": ["DLH"],
        "start_year": 2026,
        "end_year": 2028,
        "horizon": "medium",
    }
    response = client_for(users["admin"]).post(f"{V1}/initiatives/", payload, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["sub_dimension"] == "kesehatan" and data["supporting_opds"] == ["DLH"] and data["version"] == 1
    assert response["Location"].endswith(f"/api/v1/initiatives/{data['id']}/")
    assert response["ETag"] == f'W/"{data["id"]}-1"'
    assert Initiative.objects.get(pk=data["id"]).masterplan == world["masterplan"]


def test_create_validates_required_fields_and_duplicates(world, users, client_for):
    api = client_for(users["admin"])
    response = api.post(f"{V1}/initiatives/", {"title": "x"}, format="json")
    assert response.status_code == 400
    assert {"code", "dimension", "opd", "start_year", "end_year"} <= set(response.json())
    duplicate = {
        "code": world["initiative"].code,
        "title": "x",
        "dimension": "living",
        "opd": "DINKES",
        "start_year": 2026,
        "end_year": 2026,
    }
    response = api.post(f"{V1}/initiatives/", duplicate, format="json")
    assert response.status_code == 400


# --- reports --------------------------------------------------------------------------------------------------------


def test_staff_creates_updates_and_submits_a_report(world, users, client_for):
    api = client_for(users["lead_staff"])
    endpoint = f"{V1}/initiatives/{world['initiative'].pk}/reports/"
    created = api.post(endpoint, {"year": 2026, "quarter": 4, "progress": 65, "narrative": "Baik"}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["state"] == "draft"
    assert created["Location"].endswith(f"/api/v1/reports/{created.json()['id']}/")
    updated = api.post(
        endpoint,
        {"year": 2026, "quarter": 4, "obstacles": "Hujan", "submit": True, "version": created.json()["version"]},
        format="json",
    )
    assert updated.status_code == 200, updated.content
    body = updated.json()
    assert body["state"] == "submitted" and body["obstacles"] == "Hujan" and body["progress"] == 65
    again = api.post(endpoint, {"year": 2026, "quarter": 4, "progress": 1, "version": body["version"]}, format="json")
    assert again.status_code == 409  # submitted reports are no longer edited


def test_report_for_future_quarter_or_unknown_field_is_400(world, users, client_for):
    api = client_for(users["lead_staff"])
    endpoint = f"{V1}/initiatives/{world['initiative'].pk}/reports/"
    assert api.post(endpoint, {"year": 2027, "quarter": 1}, format="json").status_code == 400
    response = api.post(endpoint, {"year": 2026, "quarter": 4, "state": "approved"}, format="json")
    assert response.status_code == 400 and "state" in response.json()
    assert not ProgressReport.objects.filter(year=2026, quarter=4).exists()


def test_approve_with_stale_if_match_is_412(world, users, client_for):
    api = client_for(users["admin"])
    report = world["submitted"]
    response = api.post(
        f"{V1}/reports/{report.pk}/approve/", {}, format="json", HTTP_IF_MATCH=f'W/"{report.pk}-{report.version + 1}"'
    )
    assert response.status_code == 412
    report.refresh_from_db()
    assert report.state == "submitted"


# --- measurements ---------------------------------------------------------------------------------------------------


def test_measurement_is_recorded_then_corrected(world, users, client_for):
    api = client_for(users["lead_staff"])
    endpoint = f"{V1}/indicators/{world['indicator'].pk}/measurements/"
    first = api.post(endpoint, {"year": 2026, "quarter": 3, "value": "22.5", "source": "BPS"}, format="json")
    assert first.status_code == 201, first.content
    assert first.json()["value"] == 22.5
    second = api.post(endpoint, {"year": 2026, "quarter": 3, "value": 23}, format="json")
    assert second.status_code == 200
    assert Measurement.objects.get(indicator=world["indicator"], year=2026, quarter=3).value == 23
    assert (
        Measurement.objects.get(indicator=world["indicator"], year=2026, quarter=3).recorded_by == users["lead_staff"]
    )


@pytest.mark.parametrize(
    "payload",
    [
        {"year": 2026, "quarter": 5, "value": 1},
        {"year": 1800, "value": 1},
        {"year": 2026},
        {"year": 2026, "value": "abc"},
        {"year": 2026, "value": 1, "indicator": 9},
    ],
)
def test_invalid_measurements_are_400(world, users, client_for, payload):
    response = client_for(users["admin"]).post(
        f"{V1}/indicators/{world['indicator'].pk}/measurements/", payload, format="json"
    )
    assert response.status_code == 400
    assert Measurement.objects.count() == 2
