"""Query counts stay flat at two data sizes: the scorecard, the periods list, the risk register (page and API)."""

import pytest
from rest_framework.test import APIClient

from evaluation import services
from evaluation.models import Answer
from initiatives.models import Initiative
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.db


def _risks(evaluator, n, masterplan, dimension, opd):
    for _ in range(n):
        initiative = InitiativeFactory(masterplan=masterplan, dimension=dimension, lead_opd=opd)
        services.create_risk(user=evaluator, initiative=initiative, title="Risiko", likelihood=2, impact=3)


def _link_evidence(evaluator, period, n):
    initiatives = list(Initiative.objects.all()[:n])
    for answer in Answer.objects.filter(period=period):
        services.save_answer(
            user=evaluator, answer=answer, version=answer.version, level=3, links={"initiatives": initiatives}
        )


def _count(django_assert_max_num_queries, fn):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


@pytest.mark.parametrize("path", ["/risks/", "/evaluation/2025/", "/evaluation/"])
def test_pages_are_flat(client, period, evaluator, masterplan, dimension, opd, path, django_assert_max_num_queries):
    client.force_login(evaluator)
    _risks(evaluator, 2, masterplan, dimension, opd)
    _link_evidence(evaluator, period, 1)
    client.get(path)  # warm caches (session, content types)
    small = _count(django_assert_max_num_queries, lambda: client.get(path))
    _risks(evaluator, 12, masterplan, dimension, opd)
    _link_evidence(evaluator, period, 10)
    services.create_period(user=evaluator, year=2026)
    large = _count(django_assert_max_num_queries, lambda: client.get(path))
    assert small == large, f"{path}: {small} queries with little data, {large} with more"


@pytest.mark.api
@pytest.mark.parametrize("path", ["/api/v1/risks/", "/api/v1/evaluations/", "/api/v1/evaluations/2025/"])
def test_api_is_flat(period, evaluator, masterplan, dimension, opd, path, django_assert_max_num_queries):
    api = APIClient()
    api.force_authenticate(evaluator)
    _risks(evaluator, 2, masterplan, dimension, opd)
    _link_evidence(evaluator, period, 1)
    api.get(path)
    small = _count(django_assert_max_num_queries, lambda: api.get(path))
    _risks(evaluator, 12, masterplan, dimension, opd)
    _link_evidence(evaluator, period, 10)
    services.create_period(user=evaluator, year=2026)
    large = _count(django_assert_max_num_queries, lambda: api.get(path))
    assert small == large, f"{path}: {small} queries with little data, {large} with more"
