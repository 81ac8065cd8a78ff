"""The OpenAPI schema, the offline docs, and a schemathesis run against the live schema."""

import threading
import time

import pytest
import schemathesis
from django.db import connections

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
    for path in (
        "/api/v1/dimensions/",
        "/api/v1/dimensions/{code}/",
        "/api/v1/opds/",
        "/api/v1/opds/{code}/",
        "/api/v1/indicators/",
        "/api/v1/indicators/{id}/",
        "/api/v1/indicators/{id}/measurements/",
        "/api/v1/initiatives/",
        "/api/v1/initiatives/{id}/",
        "/api/v1/initiatives/{id}/reports/",
        "/api/v1/reports/",
        "/api/v1/reports/{id}/approve/",
        "/api/v1/reports/{id}/return/",
        "/api/v1/milestones/",
        "/api/v1/roadmap/",
        "/api/v1/stats/",
    ):
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
    assert set(_props(schema_json, "Stats")) == {
        "masterplan",
        "overall",
        "by_dimension",
        "by_status",
        "by_health",
        "by_opd",
        "by_year",
    }
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
# Every phase of schemathesis' engine (examples, coverage, fuzzing, stateful) over every operation, writes included,
# with an administrator's and an agency staff member's write token: any 5xx, a status code or content type the schema
# does not document, or a body that does not match the schema fails the test. Bounded to a few examples per
# operation so both runs stay well under 90 seconds together.

CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance", "response_schema_conformance")
MAX_EXAMPLES = 2


def _config(token, world, *, reads_coverage=True):
    from schemathesis.config import SchemathesisConfig

    ids = {
        "initiatives": world["initiative"].pk,
        "reports": world["submitted"].pk,
        "milestones": world["overdue"].pk,
        "indicators": world["indicator"].pk,
    }
    return SchemathesisConfig.from_dict(
        {
            "workers": 1,
            "seed": 11,
            "max-failures": 25,
            "cache": {"enabled": False},
            "headers": {"Authorization": f"Token {token}"},
            "generation": {"max-examples": MAX_EXAMPLES, "database": "none"},
            "phases": {"coverage": {"unexpected-methods": []}},
            "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
            # half the generated cases aim at the real rows (the others at random ids: 404s)
            "operations": [
                {"include-path-regex": f"^/api/v1/{prefix}/\\{{id\\}}/", "parameters": {"path.id": pk}}
                for prefix, pk in ids.items()
            ]
            + (
                []
                if reads_coverage
                else [
                    # the second role's run: the coverage phase on its writes (the reads' coverage ran with the first)
                    {"include-method": "GET", "phases": {"coverage": {"enabled": False}}}
                ]
            ),
        }
    )


def _run(config):
    from schemathesis.engine import events, from_schema

    from purbalingga.wsgi import application

    def app(environ, start_response):
        """The portal, closing the database connection the engine's thread opened once each response is read (or
        the test database could not be dropped at the end)."""
        try:
            return list(application(environ, start_response))
        finally:
            if threading.current_thread() is not threading.main_thread():
                connections.close_all()

    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", app, config=config)
    problems, statuses, phases = [], {}, []
    started = time.monotonic()
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            for interaction in event.recorder.interactions.values():
                code = getattr(getattr(interaction, "response", None), "status_code", None)
                statuses[code] = statuses.get(code, 0) + 1
            for checks in event.recorder.checks.values():
                problems += [
                    f"{event.recorder.label}: {check.name}: {check.failure_info.failure}"
                    for check in checks
                    if str(check.status) != "success" and check.failure_info
                ]
        elif isinstance(event, (events.NonFatalError, events.FatalError)):
            problems.append(f"{type(event).__name__}: {getattr(event, 'info', event)}")
        elif isinstance(event, events.PhaseFinished):
            phases.append((event.phase.name, str(event.status), round(time.monotonic() - started, 1)))
    return problems, statuses, phases


@pytest.mark.django_db(transaction=True)  # the engine calls the app from its own thread and database connection
@pytest.mark.parametrize("role", ["admin", "lead_staff"])
def test_schemathesis_every_phase_with_write_tokens(world, users, role, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None}}
    problems, statuses, phases = _run(_config(token_key(users[role], "write"), world, reads_coverage=role == "admin"))
    assert not problems, "\n".join(problems[:25])
    assert not any(code and code >= 500 for code in statuses), statuses
    print(phases, statuses)
    ran = {name for name, status, _seconds in phases}
    assert {"coverage", "fuzzing", "stateful"} <= ran, phases
    assert statuses.get(200, 0) > 20 and statuses.get(400, 0) > 20, statuses  # real reads and refused writes
