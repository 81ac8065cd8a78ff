"""Every list endpoint runs the same number of queries for a page of 10 and a page of 200 (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dimensions.models import Dimension, Measurement

from .conftest import bulk_initiatives, bulk_reference_data

pytestmark = [pytest.mark.api, pytest.mark.django_db]

V1 = "/api/v1"
N = 210


@pytest.fixture
def big(world):
    bulk_initiatives(N, world["masterplan"], world["living"], world["opd"], world["supporting_opd"])
    indicators = bulk_reference_data(N, world["living"], world["opd"])
    Dimension.objects.bulk_create([Dimension(code=f"bdim{i}", name=f"D{i}", order=100 + i) for i in range(N)])
    ind = indicators[0]
    Measurement.objects.filter(indicator=ind).delete()
    Measurement.objects.bulk_create(
        [Measurement(indicator=ind, year=1990 + i // 5, quarter=(i % 5) or None, value=i) for i in range(N)]
    )
    return {**world, "measured": ind}


def count_queries(api, url, params):
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(url, params)
    assert response.status_code == 200, response.content
    return len(ctx), response.json()


@pytest.mark.parametrize(
    "endpoint",
    [
        "dimensions",
        "opds",
        "indicators",
        "initiatives",
        "reports",
        "milestones",
        "measurements",
        "initiative-reports",
    ],
)
def test_list_query_count_does_not_grow_with_page_size(big, client_for, admin_user, endpoint):
    api = client_for(admin_user, "read")
    url = {
        "measurements": f"{V1}/indicators/{big['measured'].pk}/measurements/",
        "initiative-reports": f"{V1}/initiatives/{big['initiative'].pk}/reports/",
    }.get(endpoint, f"{V1}/{endpoint}/")
    api.get(url)  # the token's first use records last_used_at; later requests within a minute do not
    small, small_body = count_queries(api, url, {"page_size": 10})
    large, large_body = count_queries(api, url, {"page_size": 200})
    assert len(small_body["results"]) == min(10, small_body["count"])
    if endpoint != "initiative-reports":  # at most 20 quarters per initiative
        assert len(large_body["results"]) == 200
    assert small == large, f"{endpoint}: {small} queries for 10 rows, {large} for 200"
    assert large <= 12, f"{endpoint}: {large} queries"
