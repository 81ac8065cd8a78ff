"""``updated_since`` on /reports/ and /milestones/ (ISO 8601, inclusive, like /initiatives/): a client syncing the
portal fetches only what changed since its last run; a malformed date is a 400 naming the field."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives.choices import ReportState
from initiatives.models import Milestone, ProgressReport
from tests.factories import ProgressReportFactory

pytestmark = [pytest.mark.api, pytest.mark.django_db]

V1 = "/api/v1"


@pytest.fixture
def api(client_for, viewer_user):
    return client_for(viewer_user, "read")


def ids(response):
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


@pytest.mark.parametrize(
    "endpoint, model, recent", [("reports", ProgressReport, "submitted"), ("milestones", Milestone, "future")]
)
def test_updated_since_returns_only_what_changed_since(api, world, endpoint, model, recent):
    old = timezone.now() - dt.timedelta(days=30)
    model.objects.exclude(pk=world[recent].pk).update(updated_at=old)
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()
    assert ids(api.get(f"{V1}/{endpoint}/", {"updated_since": since})) == [world[recent].pk]
    everything = ids(api.get(f"{V1}/{endpoint}/"))
    assert len(everything) > 1
    assert ids(api.get(f"{V1}/{endpoint}/", {"updated_since": "2000-01-01T00:00:00Z"})) == everything
    # inclusive: an object saved exactly at the given moment is included
    assert world[recent].pk in ids(api.get(f"{V1}/{endpoint}/", {"updated_since": old.isoformat()}))
    # combines with the other filters
    assert ids(api.get(f"{V1}/{endpoint}/", {"updated_since": since, "opd": "DINKES"})) == (
        [world[recent].pk] if endpoint == "reports" else []
    )


def test_a_milestone_edited_through_the_api_shows_up_in_the_next_sync(world, users, client_for):
    old = timezone.now() - dt.timedelta(days=30)
    Milestone.objects.update(updated_at=old)
    since = (timezone.now() - dt.timedelta(minutes=1)).isoformat()
    reader = client_for(users["viewer"], "read")
    assert ids(reader.get(f"{V1}/milestones/", {"updated_since": since})) == []
    writer = client_for(users["lead_staff"])
    assert (
        writer.patch(
            f"{V1}/milestones/{world['overdue'].pk}/",
            {"completed_date": "2026-04-01", "version": world["overdue"].version},
            format="json",
        ).status_code
        == 200
    )
    assert ids(reader.get(f"{V1}/milestones/", {"updated_since": since})) == [world["overdue"].pk]


@pytest.mark.parametrize("endpoint", ["reports", "milestones"])
@pytest.mark.parametrize("value", ["yesterday", "2026-13-45T99:00:00", "1e9"])
def test_bad_dates_are_400_naming_the_field(api, world, endpoint, value):
    response = api.get(f"{V1}/{endpoint}/", {"updated_since": value})
    assert response.status_code == 400, response.content
    assert "updated_since" in response.json()


@pytest.mark.parametrize(
    "endpoint, model, recent", [("reports", ProgressReport, "submitted"), ("milestones", Milestone, "future")]
)
def test_csv_export_respects_updated_since(api, world, endpoint, model, recent):
    model.objects.exclude(pk=world[recent].pk).update(updated_at=timezone.now() - dt.timedelta(days=30))
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()
    response = api.get(f"{V1}/{endpoint}/", {"updated_since": since, "format": "csv"})
    assert response.status_code == 200
    header, *rows = response.content.decode("utf-8-sig").strip().splitlines()
    assert header.startswith("id,") and [row.split(",")[0] for row in rows] == [str(world[recent].pk)]


def test_schema_types_updated_since_on_reports_and_milestones(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path in ("/api/v1/reports/", "/api/v1/milestones/"):
        params = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        assert params["updated_since"]["schema"] == {"type": "string", "format": "date-time"}
        assert params["updated_since"].get("required", False) is False


@pytest.mark.db
def test_review_queue_still_works_and_does_not_offer_updated_since(client, admin_user, initiative):
    report = ProgressReportFactory(initiative=initiative, state=ReportState.SUBMITTED, year=2026, quarter=3)
    client.force_login(admin_user)
    url = reverse("initiatives:review-queue")
    response = client.get(url)
    assert response.status_code == 200
    assert [r.pk for r in response.context["reports"]] == [report.pk]
    assert 'name="updated_since"' not in response.content.decode()
    # the form as the browser submits it, without the field, filters as before
    response = client.get(url, {"state": "submitted", "opd": "", "dimension": "", "year": "", "quarter": ""})
    assert response.context["filterset"].is_valid()
    assert [r.pk for r in response.context["reports"]] == [report.pk]
    # a link carrying the field still works
    later = (timezone.now() + dt.timedelta(days=1)).isoformat()
    assert list(client.get(url, {"updated_since": later}).context["reports"]) == []
