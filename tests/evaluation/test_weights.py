"""Weights of a period must add up to 100: refused with a clear message by the model, the service, the form and
the API."""

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from evaluation import services
from evaluation.forms import PeriodForm, WeightsForm
from evaluation.models import EvaluationPeriod

pytestmark = pytest.mark.db

BAD = {"baseline": 10, "output": 20, "outcome": 30, "impact": 30, "quick-win": 20}  # 110


def test_model_clean_refuses_weights_not_adding_to_100(framework):
    period = EvaluationPeriod(year=2030, weights=BAD)
    with pytest.raises(ValidationError) as exc:
        period.full_clean()
    assert "add up to 110" in str(exc.value.message_dict["weights"])


def test_service_refuses_and_creates_nothing(framework, evaluator):
    with pytest.raises(ValidationError) as exc:
        services.create_period(user=evaluator, year=2030, weights=BAD)
    assert "must add up to exactly 100" in exc.value.message_dict["weights"][0]
    assert not EvaluationPeriod.objects.exists()


def test_service_refuses_a_missing_component(framework, evaluator):
    with pytest.raises(ValidationError) as exc:
        services.create_period(user=evaluator, year=2030, weights={"baseline": 100})
    assert "missing" in exc.value.message_dict["weights"][0]


def test_form_shows_the_error(framework):
    data = {"year": 2030, **{f"weight_{k}": v for k, v in BAD.items()}}
    form = PeriodForm(data)
    assert not form.is_valid()
    assert "The weights add up to 110; they must add up to exactly 100." in form.non_field_errors()


def test_weights_page_refuses_and_keeps_the_old_weights(period, evaluator, client):
    client.force_login(evaluator)
    data = {"version": period.version, **{f"weight_{k}": v for k, v in BAD.items()}}
    response = client.post(f"/evaluation/{period.year}/weights/", data)
    assert response.status_code == 200
    assert "must add up to exactly 100" in response.content.decode()
    period.refresh_from_db()
    assert period.weights["quick-win"] == "10"
    form = WeightsForm(period=period)
    assert form.initial["version"] == period.version


def test_api_refuses_with_a_field_error(period, evaluator):
    api = APIClient()
    api.force_authenticate(evaluator)
    response = api.patch("/api/v1/evaluations/2025/", {"version": period.version, "weights": BAD}, format="json")
    assert response.status_code == 400
    assert "must add up to exactly 100" in response.json()["weights"][0]
    ok = api.patch(
        "/api/v1/evaluations/2025/",
        {
            "version": period.version,
            "weights": {"baseline": 10, "output": 20, "outcome": 30, "impact": 20, "quick-win": 20},
        },
        format="json",
    )
    assert ok.status_code == 200 and ok.json()["index"] == 3.97
