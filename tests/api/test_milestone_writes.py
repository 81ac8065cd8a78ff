"""Milestone writes through the API: who may add, change and delete, field errors, and the same service as the
portal (history with the acting user)."""

import datetime as dt

import pytest

from initiatives.models import Milestone

pytestmark = [pytest.mark.api, pytest.mark.django_db]

V1 = "/api/v1"
ROLES = ["anonymous", "viewer", "lead_staff", "supporting_staff", "other_staff", "admin"]
WRITERS = {"lead_staff", "admin"}


def api_for(role, users, client_for, scope="write"):
    return client_for(None if role == "anonymous" else users[role], scope)


def status_for(role, success):
    if role == "anonymous":
        return 401
    return success if role in WRITERS else 403


@pytest.mark.parametrize("role", ROLES)
def test_post_milestone_by_role(role, world, users, client_for):
    api = api_for(role, users, client_for)
    body = {"initiative": world["initiative"].pk, "title": "Uji API", "due_date": "2026-12-15"}
    response = api.post(f"{V1}/milestones/", body, format="json")
    assert response.status_code == status_for(role, 201), response.content
    created = Milestone.objects.filter(title="Uji API")
    assert created.exists() == (response.status_code == 201)
    if response.status_code == 201:
        data = response.json()
        assert data["initiative"] == world["initiative"].pk and data["opd"] == "DINKES"
        assert data["due_date"] == "2026-12-15" and data["completed_date"] is None and data["overdue"] is False
        assert response["Location"].endswith(f"/api/v1/milestones/{data['id']}/")
        record = created.get().history.get()
        assert record.history_user == users[role]


@pytest.mark.parametrize("role", ROLES)
def test_patch_and_delete_milestone_by_role(role, world, users, client_for):
    api = api_for(role, users, client_for)
    milestone = world["overdue"]
    response = api.patch(
        f"{V1}/milestones/{milestone.pk}/",
        {"completed_date": "2026-04-02", "version": milestone.version},
        format="json",
    )
    assert response.status_code == status_for(role, 200), response.content
    milestone.refresh_from_db()
    assert (milestone.completed_date == dt.date(2026, 4, 2)) == (response.status_code == 200)
    response = api.delete(f"{V1}/milestones/{milestone.pk}/", HTTP_IF_MATCH=f'W/"{milestone.pk}-{milestone.version}"')
    assert response.status_code == status_for(role, 204)
    assert Milestone.objects.filter(pk=milestone.pk).exists() == (response.status_code != 204)


def test_staff_cannot_add_to_or_change_another_agencys_initiative(world, users, client_for):
    api = client_for(users["lead_staff"])
    response = api.post(
        f"{V1}/milestones/",
        {"initiative": world["other"].pk, "title": "Bukan milik kami", "due_date": "2027-05-01"},
        format="json",
    )
    assert response.status_code == 403
    response = api.patch(f"{V1}/milestones/{world['future'].pk}/", {"title": "x"}, format="json")
    assert response.status_code == 403
    assert api.delete(f"{V1}/milestones/{world['future'].pk}/").status_code == 403
    assert not Milestone.objects.filter(title__in=["Bukan milik kami", "x"]).exists()


def test_read_scope_token_never_writes(world, users, client_for):
    api = client_for(users["admin"], "read")
    body = {"initiative": world["initiative"].pk, "title": "Baca saja", "due_date": "2026-12-15"}
    assert api.post(f"{V1}/milestones/", body, format="json").status_code == 403
    assert api.patch(f"{V1}/milestones/{world['overdue'].pk}/", {"title": "x"}, format="json").status_code == 403
    assert api.delete(f"{V1}/milestones/{world['overdue'].pk}/").status_code == 403
    assert Milestone.objects.filter(pk=world["overdue"].pk, title="Tender").exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "Jauh", "due_date": "2031-01-01"}, "due_date"),
        ({"title": "Masa depan", "due_date": "2026-06-01", "completed_date": "2099-01-01"}, "completed_date"),
        ({"title": "", "due_date": "2026-06-01"}, "title"),
        ({"title": "Tanggal", "due_date": "31-12-2026"}, "due_date"),
        ({"title": "Tanpa tanggal"}, "due_date"),
        ({"title": "Asing", "due_date": "2026-06-01", "overdue": True}, "overdue"),
    ],
)
def test_bad_input_is_400_with_field_errors(body, field, world, users, client_for):
    api = client_for(users["lead_staff"])
    response = api.post(f"{V1}/milestones/", {"initiative": world["initiative"].pk, **body}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert Milestone.objects.count() == 3


def test_unknown_initiative_is_400_and_initiative_cannot_be_moved(world, users, client_for):
    api = client_for(users["admin"])
    response = api.post(
        f"{V1}/milestones/", {"initiative": 999999, "title": "x", "due_date": "2026-01-01"}, format="json"
    )
    assert response.status_code == 400 and "initiative" in response.json()
    response = api.patch(f"{V1}/milestones/{world['overdue'].pk}/", {"initiative": world["other"].pk}, format="json")
    assert response.status_code == 400 and "initiative" in response.json()
    world["overdue"].refresh_from_db()
    assert world["overdue"].initiative_id == world["initiative"].pk


def test_patch_null_reopens_and_keeps_other_fields(world, users, client_for):
    api = client_for(users["lead_staff"])
    done = world["done"]
    response = api.patch(
        f"{V1}/milestones/{done.pk}/", {"completed_date": None, "version": done.version}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["completed_date"] is None and response.json()["title"] == "Kontrak"
    response = api.patch(
        f"{V1}/milestones/{done.pk}/", {"due_date": "2030-01-01", "version": done.version + 1}, format="json"
    )
    assert response.status_code == 400 and "due_date" in response.json()


def test_put_is_not_allowed(world, users, client_for):
    api = client_for(users["admin"])
    response = api.put(
        f"{V1}/milestones/{world['overdue'].pk}/", {"title": "x", "due_date": "2026-01-01"}, format="json"
    )
    assert response.status_code == 405
