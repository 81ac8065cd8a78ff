"""Contract of each endpoint: the field names external tools rely on, each filter, pagination."""

import datetime as dt

import pytest
from django.utils import timezone

from roadmap.selectors import masterplan_stats, roadmap_overview

pytestmark = [pytest.mark.api, pytest.mark.django_db]

V1 = "/api/v1"

INITIATIVE_FIELDS = {
    "id",
    "code",
    "title",
    "description",
    "dimension",
    "sub_dimension",
    "opd",
    "supporting_opds",
    "horizon",
    "status",
    "progress",
    "health",
    "start_year",
    "end_year",
    "budget_planned",
    "budget_realized",
    "updated_at",
    "version",
}


@pytest.fixture
def api(client_for, viewer_user):
    return client_for(viewer_user, "read")


def codes(response, key="code"):
    assert response.status_code == 200, response.content
    return sorted(row[key] for row in response.json()["results"])


# --- dimensions and agencies ----------------------------------------------------------------------------------------


def test_dimensions_fields_progress_and_counts(api, world):
    response = api.get(f"{V1}/dimensions/")
    rows = {row["code"]: row for row in response.json()["results"]}
    living = rows["living"]
    assert {"code", "name", "description", "order", "progress", "initiative_count", "sub_dimensions"} <= set(living)
    assert living["initiative_count"] == 2  # the cancelled one counts, as on the dashboard
    # budget-weighted: only one non-cancelled initiative in living → its progress
    assert living["progress"] == pytest.approx(world["initiative"].progress)
    assert living["sub_dimensions"][0]["code"] == "kesehatan"
    assert rows["economy"]["initiative_count"] == 1
    detail = api.get(f"{V1}/dimensions/living/")
    assert detail.status_code == 200 and detail.json()["code"] == "living"
    assert api.get(f"{V1}/dimensions/nope/").status_code == 404


def test_dimension_progress_matches_dashboard_stats(api, world, viewer_user):
    stats = {d["code"]: d for d in masterplan_stats(viewer_user)["by_dimension"]}
    for row in api.get(f"{V1}/dimensions/").json()["results"]:
        assert row["progress"] == stats[row["code"]]["progress"]
        assert row["initiative_count"] == stats[row["code"]]["count"]


def test_opds_fields_lookup_and_filter(api, world):
    rows = {row["code"]: row for row in api.get(f"{V1}/opds/").json()["results"]}
    assert set(rows["DINKES"]) >= {"code", "abbreviation", "name", "kind", "initiative_count"}
    assert rows["DINKES"]["initiative_count"] == 2
    assert rows["DINHUB"]["initiative_count"] == 1
    assert rows["DLH"]["initiative_count"] == 0
    assert api.get(f"{V1}/opds/DINKES/").json()["name"] == "Dinas Kesehatan"
    assert codes(api.get(f"{V1}/opds/", {"kind": "dinas"})) == ["DINHUB", "DINKES", "DLH"]
    assert codes(api.get(f"{V1}/opds/", {"kind": "badan"})) == []


# --- indicators and measurements -------------------------------------------------------------------------------------


def test_indicator_fields(api, world):
    response = api.get(f"{V1}/indicators/{world['indicator'].pk}/")
    data = response.json()
    assert {
        "id",
        "code",
        "name",
        "unit",
        "direction",
        "dimension",
        "opd",
        "baseline",
        "baseline_year",
        "targets",
        "latest_value",
        "achievement",
    } <= set(data)
    assert data["targets"] == {"2025": 20.0, "2026": 25.0}
    assert data["dimension"] == "living" and data["opd"] == "DINKES"
    assert data["baseline"] == 10
    assert data["latest_value"] == 20.0 and data["latest_year"] == 2026 and data["latest_quarter"] == 2
    assert data["achievement"] == 80.0 and data["achievement_band"] == "baik"


def test_indicator_filters(api, world):
    assert codes(api.get(f"{V1}/indicators/", {"dimension": "economy"})) == ["IND-ECO-1"]
    assert codes(api.get(f"{V1}/indicators/", {"opd": "DINKES"})) == ["IND-KES-1"]
    assert codes(api.get(f"{V1}/indicators/", {"direction": "down"})) == []


def test_measurements_list(api, world):
    response = api.get(f"{V1}/indicators/{world['indicator'].pk}/measurements/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [(m["year"], m["quarter"], m["value"]) for m in body["results"]] == [(2025, None, 18.0), (2026, 2, 20.0)]
    assert set(body["results"][0]) >= {"id", "year", "quarter", "value", "source", "recorded_at"}


# --- initiatives ----------------------------------------------------------------------------------------------------


def test_initiative_list_fields(api, world):
    row = next(r for r in api.get(f"{V1}/initiatives/").json()["results"] if r["code"] == world["initiative"].code)
    assert INITIATIVE_FIELDS <= set(row)
    assert row["dimension"] == "living" and row["sub_dimension"] == "kesehatan"
    assert row["opd"] == "DINKES" and row["supporting_opds"] == ["DLH"]
    assert row["budget_planned"] == 150_000_000 and row["budget_realized"] == 40_000_000
    assert row["health"] in ("on_track", "at_risk", "late")
    assert row["version"] == world["initiative"].version
    assert "budget_lines" not in row and "milestones" not in row


def test_initiative_detail_has_lines_milestones_and_etag(api, world):
    initiative = world["initiative"]
    response = api.get(f"{V1}/initiatives/{initiative.pk}/")
    data = response.json()
    assert INITIATIVE_FIELDS <= set(data)
    assert [(b["year"], b["planned"], b["realized"]) for b in data["budget_lines"]] == [
        (2025, 100_000_000, 40_000_000),
        (2026, 50_000_000, 0),
    ]
    milestones = {m["title"]: m for m in data["milestones"]}
    assert milestones["Tender"]["overdue"] is True and milestones["Kontrak"]["overdue"] is False
    assert response["ETag"] == f'W/"{initiative.pk}-{initiative.version}"'
    assert api.get(f"{V1}/initiatives/{initiative.pk}/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert api.get(f"{V1}/initiatives/999999/").status_code == 404


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"dimension": "economy"}, ["ECO-01"]),
        ({"opd": "DINHUB"}, ["ECO-01"]),
        ({"status": "planned"}, ["ECO-01"]),
        ({"status": ["planned", "cancelled"]}, ["ECO-01", "LIV-09"]),
        ({"horizon": "medium"}, ["ECO-01"]),
        ({"year": 2028}, ["ECO-01"]),
        ({"q": "marketplace"}, ["ECO-01"]),
        ({"q": "eco-0"}, ["ECO-01"]),
        ({"q": "pasar DIGITAL"}, ["ECO-01"]),
        ({"health": "on_track", "status": "cancelled"}, ["LIV-09"]),
    ],
)
def test_initiative_filters(api, world, params, expected):
    assert codes(api.get(f"{V1}/initiatives/", params)) == expected


def test_initiative_health_filter_partitions_the_list(api, world):
    everything = codes(api.get(f"{V1}/initiatives/"))
    parts = []
    for health in ("on_track", "at_risk", "late"):
        rows = api.get(f"{V1}/initiatives/", {"health": health}).json()["results"]
        assert all(r["health"] == health for r in rows)
        parts += [r["code"] for r in rows]
    assert sorted(parts) == everything


def test_initiative_updated_since_filter(api, world):
    from initiatives.models import Initiative

    old = timezone.now() - dt.timedelta(days=30)
    Initiative.objects.exclude(pk=world["other"].pk).update(updated_at=old)
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()
    assert codes(api.get(f"{V1}/initiatives/", {"updated_since": since})) == ["ECO-01"]
    assert len(codes(api.get(f"{V1}/initiatives/", {"updated_since": "2000-01-01T00:00:00Z"}))) == 3


def test_initiative_ordering(api, world):
    rows = api.get(f"{V1}/initiatives/", {"ordering": "-progress"}).json()["results"]
    assert [r["progress"] for r in rows] == sorted((r["progress"] for r in rows), reverse=True)
    rows = api.get(f"{V1}/initiatives/", {"ordering": "opd,code"}).json()["results"]
    assert [r["opd"] for r in rows] == ["DINHUB", "DINKES", "DINKES"]


def test_pagination_shape_and_page_size_cap(api, world):
    first = api.get(f"{V1}/initiatives/", {"page_size": 2}).json()
    assert set(first) == {"count", "next", "previous", "results"}
    assert first["count"] == 3 and len(first["results"]) == 2 and first["previous"] is None
    assert "page=2" in first["next"] and "page_size=2" in first["next"]
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None and second["previous"]
    assert {r["code"] for r in first["results"]} | {r["code"] for r in second["results"]} == {
        "ECO-01",
        "LIV-09",
        world["initiative"].code,
    }
    assert api.get(f"{V1}/initiatives/", {"page": 9}).status_code == 404


def test_page_size_is_capped_at_500(api, world):
    from initiatives.models import Initiative

    Initiative.objects.bulk_create(
        [
            Initiative(
                masterplan=world["masterplan"],
                code=f"N-{i:03d}",
                title="n",
                dimension=world["living"],
                lead_opd=world["opd"],
                start_year=2025,
                end_year=2026,
            )
            for i in range(501)
        ]
    )
    body = api.get(f"{V1}/initiatives/", {"page_size": 1000}).json()
    assert body["count"] == 504 and len(body["results"]) == 500


# --- reports and milestones -------------------------------------------------------------------------------------------


def test_report_fields(api, world):
    data = api.get(f"{V1}/reports/{world['submitted'].pk}/").json()
    assert {
        "id",
        "initiative",
        "year",
        "quarter",
        "progress",
        "status",
        "narrative",
        "obstacles",
        "next_steps",
        "budget_realized",
        "state",
        "review_note",
        "version",
    } <= set(data)
    assert data["state"] == "submitted" and data["opd"] == "DINKES" and data["initiative"] == world["initiative"].pk


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"state": "submitted"}, {"submitted"}),
        ({"state": ["draft", "approved"]}, {"draft", "approved"}),
        ({"opd": "DINKES"}, {"draft", "submitted", "approved"}),
        ({"opd": "DINHUB"}, set()),
        ({"dimension": "living"}, {"draft", "submitted", "approved"}),
        ({"dimension": "economy"}, set()),
        ({"year": 2026, "quarter": 3}, {"submitted"}),
        ({"quarter": 1}, {"approved"}),
        ({"year": 2025}, set()),
    ],
)
def test_report_filters(client_for, staff_user, world, params, expected):
    # the lead agency's staff see its drafts too (tests/api/test_issue11_api.py: nobody else does)
    response = client_for(staff_user, "read").get(f"{V1}/reports/", params)
    assert {r["state"] for r in response.json()["results"]} == expected


def test_initiative_reports_list(client_for, staff_user, world):
    api = client_for(staff_user, "read")
    response = api.get(f"{V1}/initiatives/{world['initiative'].pk}/reports/")
    body = response.json()
    assert body["count"] == 3
    assert [(r["year"], r["quarter"]) for r in body["results"]] == [(2026, 3), (2026, 2), (2026, 1)]
    assert api.get(f"{V1}/initiatives/{world['other'].pk}/reports/").json()["count"] == 0
    assert api.get(f"{V1}/initiatives/999999/reports/").status_code == 404


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, {"Tender", "Kontrak", "Peluncuran"}),
        ({"overdue": "true"}, {"Tender"}),
        ({"overdue": "false"}, {"Kontrak", "Peluncuran"}),
        ({"due_before": "2026-02-01"}, {"Kontrak"}),
        ({"opd": "DINHUB"}, {"Peluncuran"}),
    ],
)
def test_milestone_filters(api, world, params, expected):
    rows = api.get(f"{V1}/milestones/", params).json()["results"]
    assert {m["title"] for m in rows} == expected


def test_milestone_initiative_filter_and_fields(api, world):
    rows = api.get(f"{V1}/milestones/", {"initiative": world["other"].pk}).json()["results"]
    assert [m["title"] for m in rows] == ["Peluncuran"]
    assert set(rows[0]) >= {"id", "initiative", "title", "due_date", "completed_date", "overdue"}


# --- roadmap and stats ------------------------------------------------------------------------------------------------


def test_stats_serialises_dashboard_numbers(api, world, viewer_user):
    data = api.get(f"{V1}/stats/").json()
    stats = masterplan_stats(viewer_user)
    assert data["overall"] == stats["overall"]
    assert data["by_status"] == stats["by_status"] and data["by_health"] == stats["by_health"]
    assert data["by_dimension"] == stats["by_dimension"]
    assert data["by_opd"] == stats["by_opd"]
    assert data["by_year"] == stats["by_year"]
    assert data["masterplan"]["start_year"] == 2025 and data["masterplan"]["end_year"] == 2029
    assert data["by_status"]["cancelled"] == 1


def test_stats_accept_initiative_filters(api, world):
    data = api.get(f"{V1}/stats/", {"opd": "DINHUB"}).json()
    assert data["overall"]["count"] == 1 and [o["code"] for o in data["by_opd"]] == ["DINHUB"]
    assert api.get(f"{V1}/stats/", {"status": "bogus"}).status_code == 400


def test_roadmap_serialises_overview(api, world, viewer_user):
    data = api.get(f"{V1}/roadmap/").json()
    overview = roadmap_overview(viewer_user)
    assert data["masterplan"]["vision"] == world["masterplan"].vision
    assert [y["year"] for y in data["years"]] == [2025, 2026, 2027, 2028, 2029]
    for row, expected in zip(data["years"], overview["years"], strict=True):
        assert {k: row[k] for k in ("theme", "active", "planned_to_finish", "completed", "progress")} == {
            k: expected[k] for k in ("theme", "active", "planned_to_finish", "completed", "progress")
        }
    living = next(d for d in data["dimensions"] if d["code"] == "living")
    assert set(living["progress_by_year"]) == {"2025", "2026", "2027", "2028", "2029"}
    assert (
        living["progress_by_year"]["2026"]
        == next(d for d in overview["dimensions"] if d["code"] == "living")["progress_by_year"][2026]
    )


def test_method_not_allowed_is_405(client_for, admin_user, world):
    api = client_for(admin_user)
    assert api.put(f"{V1}/initiatives/{world['initiative'].pk}/", {}, format="json").status_code == 405
    assert api.post(f"{V1}/dimensions/", {}, format="json").status_code == 405
    assert api.delete(f"{V1}/reports/{world['draft'].pk}/").status_code == 405
    assert api.post(f"{V1}/stats/", {}, format="json").status_code == 405
