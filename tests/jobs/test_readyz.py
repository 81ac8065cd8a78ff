"""/healthz answers while the process runs; /readyz names each dependency (database, migrations, Redis, a Celery
worker) and answers 503 when one is down; every response carries a request id, and LOG_FORMAT=json logs it."""

import io
import json
import logging

import pytest
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings

from core.logs import JsonFormatter, RequestIdFilter
from tests.conftest import redis_available, redis_url, require_service

from .conftest import DOWN_BROKER

pytestmark = pytest.mark.jobs


def test_healthz_answers_with_a_request_id(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert len(response["X-Request-ID"]) == 32
    assert client.get("/healthz", HTTP_X_REQUEST_ID="proxy-42")["X-Request-ID"] == "proxy-42"
    assert client.get("/healthz", HTTP_X_REQUEST_ID="bad id\n")["X-Request-ID"] != "bad id\n"


@pytest.mark.django_db(transaction=True)
def test_readyz_is_ready_with_a_worker(client, celery_worker_on_redis, settings):
    settings.REDIS_URL = redis_url()
    body = client.get("/readyz").json()
    assert body["status"] == "ok", body
    assert list(body["checks"]) == ["database", "migrations", "redis", "celery"]


@pytest.mark.django_db
def test_readyz_names_a_missing_worker(client, settings):
    if not redis_available():
        require_service("Redis", False, f"no Redis at {redis_url()}")
    settings.REDIS_URL = redis_url()
    settings.READYZ_WORKER_TIMEOUT = 0.3
    response = client.get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"]["ok"] and checks["migrations"]["ok"] and checks["redis"]["ok"]
    assert not checks["celery"]["ok"] and "no Celery worker" in checks["celery"]["detail"]
    # the web container's own healthcheck leaves the worker out
    assert client.get("/readyz?only=database,migrations,redis").status_code == 200


@pytest.mark.django_db
def test_readyz_names_redis_when_it_is_down(client, settings, broker_down):
    settings.REDIS_URL = DOWN_BROKER
    response = client.get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"]["ok"] and not checks["redis"]["ok"]
    assert not checks["celery"]["ok"] and "Redis" in checks["celery"]["detail"]


@pytest.mark.django_db
def test_readyz_names_unapplied_migrations(client, monkeypatch):
    monkeypatch.setattr(
        MigrationExecutor,
        "migration_plan",
        lambda self, targets: [(type("M", (), {"app_label": "revisions", "name": "0002_future"})(), False)],
    )
    body = client.get("/readyz?only=migrations").json()
    assert body["status"] == "fail" and "revisions.0002_future" in body["checks"]["migrations"]["detail"]


@pytest.mark.django_db
def test_json_log_lines_carry_the_request_id(client):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        with override_settings(DEBUG=False):
            response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="req-7")
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 404
    line = json.loads(stream.getvalue().splitlines()[-1])
    assert line["request_id"] == "req-7" and line["level"] == "WARNING" and "Not Found" in line["message"]
