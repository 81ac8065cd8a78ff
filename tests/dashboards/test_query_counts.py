"""Every page runs the same number of SQL queries with 10 and with 500 initiatives (built with bulk_create)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatives.choices import InitiativeStatus, ReportState
from initiatives.models import BudgetLine, Initiative, Milestone, ProgressReport
from tests.dashboards.conftest import at
from tests.factories import DimensionFactory, IndicatorFactory, IndicatorTargetFactory, OpdFactory

pytestmark = pytest.mark.db

STATUSES = [
    InitiativeStatus.PLANNED,
    InitiativeStatus.IN_PROGRESS,
    InitiativeStatus.ON_HOLD,
    InitiativeStatus.COMPLETED,
    InitiativeStatus.CANCELLED,
]


def grow(masterplan, dims, opds, start, stop):
    """Initiatives ``start``…``stop-1`` with a budget line, a milestone and a report each, in bulk."""
    items = Initiative.objects.bulk_create(
        [
            Initiative(
                masterplan=masterplan,
                code=f"Q{n:04d}",
                title=f"Inisiatif {n}",
                dimension=dims[n % 2],
                lead_opd=opds[n % 3],
                start_year=2025 + n % 3,
                end_year=2027 + n % 3,
                status=STATUSES[n % 5],
                progress=n % 101,
            )
            for n in range(start, stop)
        ]
    )
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(initiative=i, year=i.start_year, planned=1_000_000 * (1 + n % 7), realized=500_000 * (n % 3))
            for n, i in enumerate(items)
        ]
    )
    Milestone.objects.bulk_create(
        [Milestone(initiative=i, title="Tahap", due_date=dt.date(2026, 11 + n % 2, 10)) for n, i in enumerate(items)]
    )
    ProgressReport.objects.bulk_create(
        [
            ProgressReport(
                initiative=i,
                year=2026,
                quarter=3,
                progress=10,
                state=[ReportState.SUBMITTED, ReportState.APPROVED][n % 2],
                submitted_at=at(2026, 10, 5),
                reviewed_at=at(2026, 10, 6),
            )
            for n, i in enumerate(items)
            if i.start_year <= 2026 <= i.end_year
        ]
    )
    Initiative.supporting_opds.through.objects.bulk_create(
        [
            Initiative.supporting_opds.through(initiative_id=i.pk, opd_id=opds[(n + 1) % 3].pk)
            for n, i in enumerate(items)
        ]
    )


def count_queries(client, urls):
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(ctx.captured_queries)
    return counts


def test_every_page_runs_a_fixed_number_of_queries(client, admin_user, masterplan, frozen_today, settings):
    settings.PUBLIC_PORTAL = True
    dims = [DimensionFactory(code="eco"), DimensionFactory(code="liv")]
    opds = [OpdFactory(code="DINKES"), OpdFactory(code="DINHUB"), OpdFactory(code="DLH")]
    indicator = IndicatorFactory(dimension=dims[0], opd=opds[0])
    IndicatorTargetFactory(indicator=indicator, year=2025)
    urls = [
        reverse("roadmap:home"),
        reverse("roadmap:dimension", args=["eco"]),
        reverse("roadmap:opd", args=["DINKES"]),
        reverse("roadmap:roadmap"),
        reverse("roadmap:roadmap") + "?status=in_progress&status=planned&dimension=eco",
        reverse("roadmap:leadership-report", args=[2026, 3]),
        reverse("roadmap:public"),
        reverse("initiatives:list"),
        reverse("initiatives:list") + "?status=in_progress&ordering=-budget_planned&page=2",
        reverse("initiatives:export-csv") + "?dimension=eco",
        reverse("initiatives:export-xlsx"),
    ]
    client.force_login(admin_user)
    grow(masterplan, dims, opds, 0, 10)
    assert Initiative.objects.count() == 10
    small = count_queries(client, urls)
    grow(masterplan, dims, opds, 10, 500)
    assert Initiative.objects.count() == 500
    large = count_queries(client, urls)
    assert large == small, (small, large)
    assert all(n > 3 for n in small.values())
