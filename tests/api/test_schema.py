"""The OpenAPI schema, the offline docs, and a schemathesis run against the live schema."""
import pytest
import schemathesis
from django.test import override_settings
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .conftest import token_key

pytestmark = [pytest.mark.api, pytest.mark.django_db]


@pytest.fixture
def schema_json(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def _params(schema, path, method="get"):
    return {p["name"]: p["schema"] for p in schema["paths"][path][method].get("parameters", [])}


def _props(schema, name):
    return schema["components"]["schemas"][name]["properties"]


def test_schema_lists_every_resource(schema_json):
    assert schema_json["openapi"].startswith("3.")
    for path in ("/api/v1/dimensions/", "/api/v1/dimensions/{code}/", "/api/v1/opds/", "/api/v1/opds/{code}/",
                 "/api/v1/indicators/", "/api/v1/indicators/{id}/", "/api/v1/indicators/{id}/measurements/",
                 "/api/v1/initiatives/", "/api/v1/initiatives/{id}/", "/api/v1/initiatives/{id}/reports/",
                 "/api/v1/reports/", "/api/v1/reports/{id}/approve/", "/api/v1/reports/{id}/return/",
                 "/api/v1/milestones/", "/api/v1/roadmap/", "/api/v1/stats/"):
        assert path in schema_json["paths"], path
    assert schema_json["components"]["securitySchemes"]["tokenAuth"]["name"] == "Authorization"
    detail = schema_json["paths"]["/api/v1/initiatives/{id}/"]
    assert "ETag" in detail["get"]["responses"]["200"]["headers"]
    assert {"412", "409", "400", "403"} <= set(detail["patch"]["responses"])
    assert "If-Match" in {p["name"] for p in detail["patch"]["parameters"]}


def test_schema_types_every_filter(schema_json):
    initiatives = _params(schema_json, "/api/v1/initiatives/")
    assert initiatives["dimension"]["type"] == "string"
    assert initiatives["status"]["items"]["enum"] == ["cancelled", "completed", "in_progress", "on_hold", "planned"]
    assert initiatives["health"]["items"]["enum"] == ["at_risk", "late", "on_track"]
    assert "quick_win" in initiatives["horizon"]["items"]["enum"]
    assert initiatives["year"]["type"] in ("number", "integer")
    assert initiatives["q"]["type"] == "string"
    assert initiatives["updated_since"] == {"type": "string", "format": "date-time"}
    assert "-progress" in initiatives["ordering"]["items"]["enum"]
    assert "password" not in initiatives["ordering"]["items"]["enum"]
    assert {"page", "page_size", "opd"} <= set(initiatives)
    reports = _params(schema_json, "/api/v1/reports/")
    assert {"state", "opd", "dimension", "year", "quarter"} <= set(reports)
    milestones = _params(schema_json, "/api/v1/milestones/")
    assert milestones["due_before"] == {"type": "string", "format": "date"}
    assert milestones["overdue"]["type"] == "boolean"
    assert milestones["initiative"]["type"] in ("number", "integer")


def test_schema_types_every_field(schema_json):
    initiative = _props(schema_json, "Initiative")
    assert initiative["supporting_opds"]["type"] == "array"
    assert initiative["budget_planned"]["type"] == "integer"
    assert initiative["updated_at"]["format"] == "date-time"
    assert set(_props(schema_json, "InitiativeDetail")) >= {"budget_lines", "milestones"}
    indicator = _props(schema_json, "Indicator")
    assert indicator["targets"]["type"] == "object"
    assert indicator["targets"]["additionalProperties"]["type"] == "number"
    assert indicator["latest_value"]["type"] == "number" and indicator["latest_value"]["nullable"] is True
    assert indicator["achievement"]["type"] == "number"
    assert _props(schema_json, "Dimension")["progress"]["type"] == "number"
    assert _props(schema_json, "Opd")["initiative_count"]["type"] == "integer"
    assert _props(schema_json, "Milestone")["overdue"]["type"] == "boolean"
    assert "submit" in _props(schema_json, "ReportInputRequest")
    assert set(_props(schema_json, "Stats")) == {"masterplan", "overall", "by_dimension", "by_status", "by_health",
                                                  "by_opd", "by_year"}
    for component in schema_json["components"]["schemas"].values():
        for name, prop in component.get("properties", {}).items():
            assert prop.get("type") or "$ref" in prop or "allOf" in prop or "oneOf" in prop, name


def test_schema_generates_without_warnings(tmp_path):
    """Every view, field and filter is typed: drf-spectacular would warn about anything it had to guess."""
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert (tmp_path / "schema.yml").read_text().startswith("openapi: 3.")


def test_docs_work_offline_with_vendored_assets(client):
    html = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower() and "https://" not in html
    assert "/static/drf_spectacular_sidecar/" in html


# --- schemathesis ---------------------------------------------------------------------------------------------------

SAFE_WRITES = {
    ("PATCH", "/api/v1/initiatives/{id}/"),
    ("POST", "/api/v1/indicators/{id}/measurements/"),
    ("POST", "/api/v1/initiatives/{id}/reports/"),
    ("POST", "/api/v1/reports/{id}/return/"),
    ("POST", "/api/v1/milestones/"),
    ("PATCH", "/api/v1/milestones/{id}/"),
}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def wsgi_without_connection_recycling():
    """The WSGI app called in-process, like Django's test client: the request signals must not close the test's
    database connection (which holds the test transaction)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from purbalingga.wsgi import application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield application
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@override_settings(REST_FRAMEWORK={**__import__("django.conf").conf.settings.REST_FRAMEWORK,
                                   "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None}})
def test_schemathesis_against_live_schema(world, admin_user, wsgi_without_connection_recycling):
    """Generated requests for every GET and a few writes: no 5xx, and every response conforms to the schema."""
    application = wsgi_without_connection_recycling
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    headers = {"Authorization": f"Token {token_key(admin_user, 'write')}"}
    real_ids = {"/api/v1/indicators/": world["indicator"].pk, "/api/v1/initiatives/": world["initiative"].pk,
                "/api/v1/reports/": world["submitted"].pk, "/api/v1/milestones/": world["overdue"].pk}
    tested = []
    for result in schema.get_all_operations():
        operation = result.ok()
        method, path = operation.method.upper(), operation.path
        if method != "GET" and (method, path) not in SAFE_WRITES:
            continue
        path_parameters = None
        if "{id}" in path:
            prefix = path.split("{id}")[0]
            path_parameters = {"id": real_ids[prefix]}
        elif "{code}" in path:
            path_parameters = {"code": "living" if "dimensions" in path else "DINKES"}
        strategies = [operation.as_strategy()]
        if path_parameters:
            strategies.append(operation.as_strategy(path_parameters=path_parameters))
        for strategy in strategies:
            @hypothesis_settings(max_examples=12, deadline=None, database=None, derandomize=True,
                                 suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
            @given(case=strategy)
            def run(case):
                case.call_and_validate(headers=headers, checks=CHECKS)

            run()
        tested.append(f"{method} {path}")
    assert len(tested) >= 19, tested
