"""Rate limits (anonymous stricter than tokens, 429 with Retry-After) and CORS (allowed origins from settings)."""

import pytest
from django.conf import settings as django_settings
from rest_framework.test import APIClient

pytestmark = [pytest.mark.api, pytest.mark.django_db]


@pytest.fixture
def rates(settings):
    def set_rates(anon, user):
        settings.REST_FRAMEWORK = {
            **django_settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": anon, "user": user},
        }

    return set_rates


def test_default_rates_are_stricter_for_anonymous_callers():
    rates = django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]

    def per_second(rate):
        num, period = rate.split("/")
        return int(num) / {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]

    assert per_second(rates["anon"]) < per_second(rates["user"])


def test_anonymous_callers_are_throttled_with_retry_after(rates, db):
    rates("2/minute", "100/minute")
    client = APIClient()
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/schema/").status_code == 200
    response = client.get("/api/schema/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_each_token_has_its_own_budget(rates, client_for, viewer_user, world):
    rates("1/minute", "3/minute")
    first, second = client_for(viewer_user, "read"), client_for(viewer_user, "read")
    for _ in range(3):
        assert first.get("/api/v1/opds/").status_code == 200
    throttled = first.get("/api/v1/opds/")
    assert throttled.status_code == 429 and "Retry-After" in throttled
    assert second.get("/api/v1/opds/").status_code == 200


def test_cors_allows_only_configured_origins(settings, client_for, viewer_user, world):
    api = client_for(viewer_user, "read")
    settings.CORS_ALLOWED_ORIGINS = []
    response = api.get("/api/v1/opds/", HTTP_ORIGIN="https://data.example.go.id")
    assert "Access-Control-Allow-Origin" not in response
    settings.CORS_ALLOWED_ORIGINS = ["https://data.example.go.id"]
    response = api.get("/api/v1/opds/", HTTP_ORIGIN="https://data.example.go.id")
    assert response["Access-Control-Allow-Origin"] == "https://data.example.go.id"
    response = api.get("/api/v1/opds/", HTTP_ORIGIN="https://evil.example.com")
    assert "Access-Control-Allow-Origin" not in response
