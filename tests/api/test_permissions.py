"""The permission matrix, role × method × endpoint, through the API (the same rules as the portal's pages)."""

import pytest

pytestmark = [pytest.mark.api, pytest.mark.django_db]

V1 = "/api/v1"
ROLES = ["anonymous", "no_role", "viewer", "lead_staff", "supporting_staff", "other_staff", "admin"]
READERS = {"viewer", "lead_staff", "supporting_staff", "other_staff", "admin"}


def expected(role, allowed, success):
    if role == "anonymous":
        return 401
    return success if role in allowed else 403


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, world, users, no_role_user, client_for):
    user = {"anonymous": None, "no_role": no_role_user, **users}[role]
    if role == "no_role":  # no token can be issued for a user without a role: use the session
        api = client_for(None)
        api.force_login(user)
    else:
        api = client_for(user, "write")
    initiative, indicator = world["initiative"], world["indicator"]
    reads = [
        f"{V1}/dimensions/",
        f"{V1}/dimensions/living/",
        f"{V1}/opds/",
        f"{V1}/opds/DINKES/",
        f"{V1}/indicators/",
        f"{V1}/indicators/{indicator.pk}/",
        f"{V1}/indicators/{indicator.pk}/measurements/",
        f"{V1}/initiatives/",
        f"{V1}/initiatives/{initiative.pk}/",
        f"{V1}/initiatives/{initiative.pk}/reports/",
        f"{V1}/reports/",
        f"{V1}/milestones/",
        f"{V1}/milestones/{world['overdue'].pk}/",
        f"{V1}/roadmap/",
        f"{V1}/stats/",
    ]
    failures = []

    def check(label, response, want):
        if response.status_code != want:
            failures.append(f"{label}: {response.status_code} != {want} {response.content[:200]!r}")

    for url in reads:
        check(f"GET {url}", api.get(url), expected(role, READERS, 200))
    # a draft is the lead agency's until it is submitted: the others do not learn it exists (404)
    draft = api.get(f"{V1}/reports/{world['draft'].pk}/")
    check(
        "GET draft report",
        draft,
        401 if role == "anonymous" else 403 if role == "no_role" else 200 if role in {"admin", "lead_staff"} else 404,
    )

    new = {
        "code": "NEW-01",
        "title": "Baru",
        "dimension": "living",
        "opd": "DINKES",
        "start_year": 2026,
        "end_year": 2027,
    }
    check("POST initiatives", api.post(f"{V1}/initiatives/", new, format="json"), expected(role, {"admin"}, 201))
    check(
        "PATCH initiative",
        api.patch(
            f"{V1}/initiatives/{initiative.pk}/",
            {"location": "Bojongsari"},
            format="json",
            HTTP_IF_MATCH=f'W/"{initiative.pk}-1"',
        ),
        expected(role, {"admin", "lead_staff"}, 200),
    )
    check(
        "PATCH initiative's progress",
        api.patch(
            f"{V1}/initiatives/{initiative.pk}/",
            {"progress": 50},
            format="json",
            HTTP_IF_MATCH=f'W/"{initiative.pk}-2"',
        ),
        expected(role, {"admin", "lead_staff"}, 400),
    )  # staff: not theirs to set; admin: a reason is missing
    check(
        "PATCH initiative's progress with a reason",
        api.patch(
            f"{V1}/initiatives/{initiative.pk}/",
            {"progress": 50, "reason": "Koreksi data"},
            format="json",
            HTTP_IF_MATCH=f'W/"{initiative.pk}-2"',
        ),
        expected(role, {"admin"}, 200) if role != "lead_staff" else 400,
    )
    check(
        "PATCH other agency's initiative",
        api.patch(f"{V1}/initiatives/{world['other'].pk}/", {"title": "Pasar daring", "version": 1}, format="json"),
        expected(role, {"admin", "other_staff"}, 200),
    )  # other_staff is DINHUB, ECO-01's lead agency
    report = {"year": 2026, "quarter": 4, "progress": 60, "narrative": "Q4"}
    check(
        "POST report",
        api.post(f"{V1}/initiatives/{initiative.pk}/reports/", report, format="json"),
        expected(role, {"admin", "lead_staff"}, 201),
    )
    check(
        "POST report on other agency's initiative",
        api.post(f"{V1}/initiatives/{world['other'].pk}/reports/", {"year": 2026, "quarter": 1}, format="json"),
        expected(role, {"admin", "other_staff"}, 400),
    )  # allowed, but ECO-01 only starts in 2027
    check(
        "POST measurement",
        api.post(f"{V1}/indicators/{indicator.pk}/measurements/", {"year": 2026, "value": 21}, format="json"),
        expected(role, {"admin", "lead_staff"}, 201),
    )
    check(
        "POST measurement of another agency's indicator",
        api.post(
            f"{V1}/indicators/{world['other_indicator'].pk}/measurements/", {"year": 2026, "value": 3}, format="json"
        ),
        expected(role, {"admin", "other_staff"}, 201),
    )
    check(
        "POST return",
        api.post(f"{V1}/reports/{world['submitted'].pk}/return/", {"note": "Lengkapi"}, format="json"),
        expected(role, {"admin"}, 200),
    )
    check(
        "POST approve",
        api.post(f"{V1}/reports/{world['approved'].pk}/approve/", {}, format="json"),
        expected(role, {"admin"}, 409),
    )  # an approved report cannot be approved again: a 409, after the 403 gate
    milestone = {"initiative": initiative.pk, "title": "Uji", "due_date": "2026-10-01"}
    check(
        "POST milestone",
        api.post(f"{V1}/milestones/", milestone, format="json"),
        expected(role, {"admin", "lead_staff"}, 201),
    )
    check(
        "PATCH milestone",
        api.patch(f"{V1}/milestones/{world['overdue'].pk}/", {"title": "Tender ulang", "version": 1}, format="json"),
        expected(role, {"admin", "lead_staff"}, 200),
    )
    check(
        "PATCH other agency's milestone",
        api.patch(f"{V1}/milestones/{world['future'].pk}/", {"title": "x", "version": 1}, format="json"),
        expected(role, {"admin", "other_staff"}, 200),
    )
    check(
        "DELETE milestone",
        api.delete(f"{V1}/milestones/{world['done'].pk}/?version=1"),
        expected(role, {"admin", "lead_staff"}, 204),
    )
    check(
        "DELETE initiative",
        api.delete(f"{V1}/initiatives/{world['cancelled'].pk}/", HTTP_IF_MATCH=f'W/"{world["cancelled"].pk}-1"'),
        expected(role, {"admin"}, 204),
    )
    assert not failures, "\n".join(failures)


def test_staff_write_is_refused_without_applying_anything(world, users, client_for):
    api = client_for(users["other_staff"])
    initiative = world["initiative"]
    response = api.patch(f"{V1}/initiatives/{initiative.pk}/", {"title": "Dibajak"}, format="json")
    assert response.status_code == 403
    initiative.refresh_from_db()
    assert initiative.title != "Dibajak"


def test_admin_approves_a_submitted_report_and_it_updates_the_initiative(world, users, client_for):
    api = client_for(users["admin"])
    response = api.post(f"{V1}/reports/{world['submitted'].pk}/approve/", {"note": "OK"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "approved" and response.json()["review_note"] == "OK"
    world["initiative"].refresh_from_db()
    assert world["initiative"].progress == 55


def test_return_requires_a_note(world, users, client_for):
    api = client_for(users["admin"])
    response = api.post(f"{V1}/reports/{world['submitted'].pk}/return/", {}, format="json")
    assert response.status_code == 400 and "note" in response.json()
    response = api.post(f"{V1}/reports/{world['submitted'].pk}/return/", {"note": "  "}, format="json")
    assert response.status_code == 400 and "note" in response.json()


def test_approving_a_draft_is_a_409_with_message(world, users, client_for):
    response = client_for(users["admin"]).post(f"{V1}/reports/{world['draft'].pk}/approve/", {}, format="json")
    assert response.status_code == 409
    assert response.json()["detail"]


def test_token_of_user_who_lost_their_role_grants_nothing(world, users, client_for):
    api = client_for(users["viewer"], "read")
    users["viewer"].membership.delete()
    assert api.get(f"{V1}/initiatives/").status_code == 403
