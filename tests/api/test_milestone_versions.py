"""Milestones through the API are never silently overwritten: ``version`` and an ETag on reads, a stale ``If-Match``
is refused with 412, a stale ``version`` in the body with 409 (both naming the current version)."""

import pytest

from initiatives.models import Milestone

pytestmark = [pytest.mark.api, pytest.mark.django_db]


def url(milestone):
    return f"/api/v1/milestones/{milestone.pk}/"


def test_milestone_has_version_and_etag_and_304_when_unchanged(world, users, client_for):
    api = client_for(users["viewer"], "read")
    milestone = world["overdue"]
    response = api.get(url(milestone))
    assert response.status_code == 200
    assert response.json()["version"] == 1
    assert response["ETag"] == f'W/"{milestone.pk}-1"'
    assert api.get(url(milestone), HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    listed = api.get("/api/v1/milestones/").json()["results"]
    assert {row["id"]: row["version"] for row in listed}[milestone.pk] == 1


def test_patch_with_current_if_match_succeeds_and_returns_the_new_etag(world, users, client_for):
    api = client_for(users["lead_staff"])
    milestone = world["overdue"]
    etag = api.get(url(milestone))["ETag"]
    response = api.patch(url(milestone), {"completed_date": "2026-04-02"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2 and response.json()["completed_date"] == "2026-04-02"
    assert response["ETag"] == f'W/"{milestone.pk}-2"'


def test_patch_with_stale_if_match_is_412_and_keeps_the_newer_save(world, users, client_for):
    api = client_for(users["lead_staff"])
    milestone = world["overdue"]
    stale = api.get(url(milestone))["ETag"]
    assert (
        client_for(users["admin"])
        .patch(url(milestone), {"title": "Tender ulang"}, HTTP_IF_MATCH=stale, format="json")
        .status_code
        == 200
    )  # someone else saves
    response = api.patch(url(milestone), {"title": "Versi lama"}, format="json", HTTP_IF_MATCH=stale)
    assert response.status_code == 412
    assert response.json()["version"] == 2 and response.json()["changed_by"] == users["admin"].username
    milestone.refresh_from_db()
    assert (milestone.title, milestone.version) == ("Tender ulang", 2)


def test_stale_version_in_body_is_409_with_what_changed_and_who(world, users, client_for):
    api = client_for(users["lead_staff"])
    milestone = world["overdue"]
    assert (
        client_for(users["admin"])
        .patch(url(milestone), {"title": "Tender ulang", "version": 1}, format="json")
        .status_code
        == 200
    )
    response = api.patch(url(milestone), {"completed_date": "2026-04-02", "version": 1}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["version"] == 2 and body["changed_by"] == users["admin"].username
    assert body["changes"] == [{"field": "title", "yours": "Tender", "current": "Tender ulang"}]
    milestone.refresh_from_db()
    assert milestone.completed_date is None
    ok = api.patch(url(milestone), {"completed_date": "2026-04-02", "version": 2}, format="json")
    assert ok.status_code == 200 and ok.json()["version"] == 3


def test_body_version_disagreeing_with_if_match_is_400(world, users, client_for):
    api = client_for(users["lead_staff"])
    milestone = world["overdue"]
    response = api.patch(
        url(milestone), {"title": "X", "version": 2}, format="json", HTTP_IF_MATCH=f'W/"{milestone.pk}-1"'
    )
    assert response.status_code == 400 and "version" in response.json()


def test_delete_with_stale_if_match_is_412_and_keeps_the_milestone(world, users, client_for):
    api = client_for(users["admin"])
    milestone = world["done"]
    response = api.delete(url(milestone), HTTP_IF_MATCH=f'W/"{milestone.pk}-7"')
    assert response.status_code == 412 and response.json()["version"] == 1
    assert Milestone.objects.filter(pk=milestone.pk).exists()
    assert api.delete(url(milestone), HTTP_IF_MATCH=f'W/"{milestone.pk}-1"').status_code == 204
    assert not Milestone.objects.filter(pk=milestone.pk).exists()


def test_schema_documents_milestone_version_and_if_match(client_for, users):
    schema = (
        client_for(users["viewer"], "read").get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    )
    assert "version" in schema["components"]["schemas"]["Milestone"]["properties"]
    body = schema["paths"]["/api/v1/milestones/{id}/"]["patch"]["requestBody"]["content"]["application/json"]
    request_schema = body["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "version" in schema["components"]["schemas"][request_schema]["properties"]
    params = {p["name"] for p in schema["paths"]["/api/v1/milestones/{id}/"]["patch"]["parameters"]}
    assert "If-Match" in params
