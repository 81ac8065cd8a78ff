"""Issue 11 through the API: every change names its version (428 otherwise), progress and status only through
approved reports, four eyes on review, drafts private to the lead agency, evidence only on open reports, and no 500
for hostile input."""

import logging

import pytest

from initiatives import services
from initiatives.choices import ReportState
from initiatives.models import Initiative, Milestone, ProgressReport
from tests.factories import make_user

pytestmark = [pytest.mark.api, pytest.mark.django_db]

V1 = "/api/v1"


# --- 1. every change names its version ------------------------------------------------------------------------------


def test_two_clients_without_a_version_cannot_overwrite_each_other(world, users, client_for):
    initiative = world["initiative"]
    first, second = client_for(users["lead_staff"]), client_for(users["admin"])
    for api, body in ((first, {"title": "Versi A"}), (second, {"title": "Versi B"})):
        response = api.patch(f"{V1}/initiatives/{initiative.pk}/", body, format="json")
        assert response.status_code == 428
        assert "If-Match" in response.json()["detail"] and response["ETag"] == f'W/"{initiative.pk}-1"'
    initiative.refresh_from_db()
    assert initiative.version == 1 and initiative.title not in ("Versi A", "Versi B")


@pytest.mark.parametrize(
    "method, path",
    [
        ("patch", "milestones/{overdue}/"),
        ("delete", "milestones/{overdue}/"),
        ("delete", "initiatives/{cancelled}/"),
    ],
)
def test_change_or_delete_without_a_version_is_428_and_changes_nothing(world, users, client_for, method, path):
    url = f"{V1}/" + path.format(overdue=world["overdue"].pk, cancelled=world["cancelled"].pk)
    api = client_for(users["admin"])
    response = getattr(api, method)(url, {"title": "x"} if method == "patch" else None, format="json")
    assert response.status_code == 428
    assert Milestone.objects.filter(pk=world["overdue"].pk, title="Tender").exists()
    assert Initiative.objects.filter(pk=world["cancelled"].pk).exists()
    # named: it works (If-Match, or ?version= on DELETE)
    assert api.delete(f"{V1}/milestones/{world['overdue'].pk}/?version=1").status_code == 204


def test_report_update_without_version_is_428_and_the_draft_is_kept(world, users, client_for):
    api = client_for(users["lead_staff"])
    endpoint = f"{V1}/initiatives/{world['initiative'].pk}/reports/"
    draft = world["draft"]
    response = api.post(endpoint, {"year": draft.year, "quarter": draft.quarter, "narrative": "timpa"}, format="json")
    assert response.status_code == 428
    draft.refresh_from_db()
    assert draft.narrative != "timpa"
    stale = api.post(
        endpoint,
        {"year": draft.year, "quarter": draft.quarter, "narrative": "timpa"},
        format="json",
        HTTP_IF_MATCH=f'W/"{draft.pk}-{draft.version + 1}"',
    )
    assert stale.status_code == 412
    ok = api.post(
        endpoint,
        {"year": draft.year, "quarter": draft.quarter, "narrative": "benar"},
        format="json",
        HTTP_IF_MATCH=f'W/"{draft.pk}-{draft.version}"',
    )
    assert ok.status_code == 200 and ok.json()["narrative"] == "benar"
    # a new quarter needs no version
    assert api.post(endpoint, {"year": 2026, "quarter": 4}, format="json").status_code == 201


def test_schema_documents_428_on_versioned_writes(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path, method in (
        ("/api/v1/initiatives/{id}/", "patch"),
        ("/api/v1/initiatives/{id}/", "delete"),
        ("/api/v1/milestones/{id}/", "patch"),
        ("/api/v1/milestones/{id}/", "delete"),
        ("/api/v1/initiatives/{id}/reports/", "post"),
    ):
        assert "428" in schema["paths"][path][method]["responses"], (path, method)
    assert "428" not in schema["paths"]["/api/v1/initiatives/"]["post"]["responses"]


# --- 3. progress and status through approved reports ----------------------------------------------------------------


@pytest.mark.parametrize("field, value", [("progress", 99), ("status", "completed")])
def test_staff_cannot_set_progress_or_status_directly(world, users, client_for, field, value):
    initiative = world["initiative"]
    response = client_for(users["lead_staff"]).patch(
        f"{V1}/initiatives/{initiative.pk}/", {field: value}, format="json", HTTP_IF_MATCH=f'W/"{initiative.pk}-1"'
    )
    assert response.status_code == 400 and field in response.json()
    initiative.refresh_from_db()
    assert getattr(initiative, field) != value and initiative.version == 1


def test_admin_corrects_progress_only_with_a_reason_shown_in_the_history(world, users, client_for):
    initiative = world["initiative"]
    api = client_for(users["admin"])
    url = f"{V1}/initiatives/{initiative.pk}/"
    response = api.patch(url, {"progress": 61, "version": 1}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    response = api.patch(url, {"progress": 61, "version": 1, "reason": "Salah ketik di laporan Q2"}, format="json")
    assert response.status_code == 200 and response.json()["progress"] == 61
    from initiatives.selectors import initiative_history

    newest = initiative_history(initiative)[0]
    assert newest.reason == "Salah ketik di laporan Q2" and newest.user == users["admin"]


# --- 4. four eyes -----------------------------------------------------------------------------------------------------


def test_submitter_cannot_approve_or_return_their_own_report(world, users, client_for):
    admin = users["admin"]
    report = services.save_report(admin, world["initiative"], year=2026, quarter=4, data={"progress": 70}, submit=True)
    api = client_for(admin)
    for action, body in (("approve", {}), ("return", {"note": "x"})):
        response = api.post(f"{V1}/reports/{report.pk}/{action}/", {**body, "version": report.version}, format="json")
        assert response.status_code == 403
        assert "four-eyes" in response.json()["detail"]
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    other_admin = make_user("admin", username="admin2")
    response = client_for(other_admin).post(
        f"{V1}/reports/{report.pk}/approve/", {"version": report.version}, format="json"
    )
    assert response.status_code == 200


def test_four_eyes_can_be_switched_off(world, users, client_for, settings):
    settings.REVIEW_FOUR_EYES = False
    admin = users["admin"]
    report = services.save_report(admin, world["initiative"], year=2026, quarter=4, data={}, submit=True)
    response = client_for(admin).post(f"{V1}/reports/{report.pk}/approve/", {"version": report.version}, format="json")
    assert response.status_code == 200


# --- 5. drafts are private --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, sees",
    [("viewer", False), ("supporting_staff", False), ("other_staff", False), ("lead_staff", True), ("admin", True)],
)
def test_drafts_and_returned_reports_only_for_the_lead_agency_and_admins(world, users, client_for, role, sees):
    returned = ProgressReport.objects.create(
        initiative=world["initiative"], year=2025, quarter=4, state=ReportState.RETURNED, narrative="rahasia"
    )
    api = client_for(users[role], "read")
    states = {r["state"] for r in api.get(f"{V1}/reports/", {"page_size": 100}).json()["results"]}
    assert ({"draft", "returned"} <= states) == sees and ({"draft", "returned"} & states != set()) == sees
    nested = api.get(f"{V1}/initiatives/{world['initiative'].pk}/reports/").json()["results"]
    assert any(r["state"] == "draft" for r in nested) == sees
    assert api.get(f"{V1}/reports/{returned.pk}/").status_code == (200 if sees else 404)
    csv = api.get(f"{V1}/reports/", {"format": "csv"}).content.decode()
    assert ("rahasia" in csv) == sees


# --- 8. no 500 for hostile input --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "method, url",
    [
        ("post", "/api/v1/reports/abc/approve/"),
        ("post", "/api/v1/reports/null/return/"),
        ("post", "/api/v1/indicators/abc/measurements/"),
        ("get", "/api/v1/indicators/abc/measurements/"),
        ("get", "/api/v1/opds/%00/"),
        ("get", "/api/v1/dimensions/%00/"),
        ("get", "/api/v1/initiatives/?q=%00"),
        ("patch", "/api/v1/milestones/abc/"),
        ("get", "/api/v1/nothing-here/"),
    ],
)
def test_hostile_ids_are_json_4xx_not_500(world, users, client_for, method, url):
    response = getattr(client_for(users["admin"]), method)(url, {}, format="json")
    assert response.status_code in (400, 404), response.content[:200]
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json() or response.json()


@pytest.mark.parametrize(
    "since",
    [
        "2026-01-01T00:00:00+20:00",
        "2026-01-01T00:00:00-23:59",
        "0001-01-01T00:00:00+05:00",
        "9999-12-31T23:59:59-12:00",
        "2026-13-01T00:00:00",
    ],
)
@pytest.mark.parametrize("path", ["initiatives/", "reports/", "milestones/", "stats/"])
def test_updated_since_with_extreme_offsets_is_never_a_server_error(world, users, client_for, since, path):
    response = client_for(users["viewer"], "read").get(f"{V1}/{path}", {"updated_since": since})
    assert response.status_code in (200, 400), response.content[:300]
    if response.status_code == 400:
        assert "updated_since" in response.json()


def test_updated_since_with_a_large_offset_still_filters(world, users, client_for):
    rows = (
        client_for(users["viewer"], "read")
        .get(f"{V1}/initiatives/", {"updated_since": "2000-01-01T00:00:00+20:00"})
        .json()
    )
    assert rows["count"] == 3


@pytest.mark.parametrize("field", ["title", "location", "description"])
def test_control_characters_are_refused_naming_the_field(world, users, client_for, field):
    initiative = world["initiative"]
    response = client_for(users["lead_staff"]).patch(
        f"{V1}/initiatives/{initiative.pk}/", {field: "Jalan\u0001raya", "version": 1}, format="json"
    )
    assert response.status_code == 400 and field in response.json()
    # tab and new lines are text
    ok = client_for(users["lead_staff"]).patch(
        f"{V1}/initiatives/{initiative.pk}/", {"description": "baris 1\n\tbaris 2", "version": 1}, format="json"
    )
    assert ok.status_code == 200


def test_stored_control_characters_are_stripped_from_exports(world, users, client_for, client):
    Initiative.objects.filter(pk=world["initiative"].pk).update(title="Sistem\u0001Rujukan\u001f")
    csv = client_for(users["viewer"], "read").get(f"{V1}/initiatives/", {"format": "csv"}).content.decode()
    assert "SistemRujukan" in csv and "\u0001" not in csv
    client.force_login(users["viewer"])
    xlsx = client.get("/initiatives/export.xlsx")
    assert xlsx.status_code == 200
    import io

    from openpyxl import load_workbook

    content = b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content
    titles = [row[1] for row in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]
    assert "SistemRujukan" in titles
    assert client.get("/initiatives/export.csv").status_code == 200


# --- 11. refused once, in one line ------------------------------------------------------------------------------------


def test_a_refused_request_is_logged_once_without_a_traceback(world, users, client, caplog):
    client.force_login(users["viewer"])
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(f"/initiatives/{world['initiative'].pk}/edit/")
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    from core.logging import OneLineClientErrors

    assert OneLineClientErrors().filter(records[0]) and records[0].exc_info is None
