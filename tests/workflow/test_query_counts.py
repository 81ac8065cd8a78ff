"""The workflow pages load in a fixed number of queries, whatever the amount of data (checked at two sizes)."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatives import services
from initiatives.choices import FundingSource, ReportState
from initiatives.models import Comment, Evidence
from tests.factories import (
    BudgetLineFactory,
    IndicatorFactory,
    InitiativeFactory,
    MilestoneFactory,
    ProgressReportFactory,
)

pytestmark = [pytest.mark.db, pytest.mark.django_db]

PERIODS = [(y, q) for y in (2025, 2026) for q in (1, 2, 3, 4)]


def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def grow_initiative(initiative, n, staff, admin):
    combos = list(itertools.product((2025, 2026, 2027), FundingSource.values))[:n]
    for year, source in combos:
        BudgetLineFactory(initiative=initiative, year=year, funding_source=source, planned=1000, realized=10)
    for i in range(n):
        MilestoneFactory(initiative=initiative, title=f"M{i}")
        Comment.objects.create(initiative=initiative, author=staff, text=f"c{i}")
        initiative.indicators.add(IndicatorFactory())
    for year, quarter in PERIODS[:n]:
        report = ProgressReportFactory(
            initiative=initiative,
            year=year,
            quarter=quarter,
            state=ReportState.APPROVED,
            submitted_by=staff,
            reviewed_by=admin,
            created_by=staff,
        )
        Evidence.objects.create(
            initiative=initiative,
            report=report,
            file=f"evidence/{report.pk}.pdf",
            original_name="a.pdf",
            content_type="application/pdf",
            size=10,
            uploaded_by=staff,
        )
    for i in range(n):
        initiative.refresh_from_db()
        services.update_initiative(
            staff if i % 2 else admin, initiative, {"title": f"T{i}"}, expected_version=initiative.version
        )


def test_detail_queries_do_not_grow(client, staff_user, admin_user, initiative, masterplan, dimension, opd):
    client.force_login(staff_user)
    grow_initiative(initiative, 2, staff_user, admin_user)
    small = count_queries(client, reverse("initiatives:detail", args=[initiative.pk]))
    big_one = InitiativeFactory(masterplan=masterplan, dimension=dimension, lead_opd=opd)
    grow_initiative(big_one, 8, staff_user, admin_user)
    big = count_queries(client, reverse("initiatives:detail", args=[big_one.pk]))
    assert small == big
    assert big <= 26  # 25 + the evidence history table in the change history (constant at both sizes)


def test_my_agency_queries_do_not_grow(client, staff_user, admin_user, masterplan, dimension, opd, supporting_opd):
    client.force_login(staff_user)

    def add(n):
        for _ in range(n):
            initiative = InitiativeFactory(
                masterplan=masterplan, dimension=dimension, lead_opd=opd, supporting_opds=[supporting_opd]
            )
            BudgetLineFactory(initiative=initiative, year=2026)
            ProgressReportFactory(initiative=initiative, year=2026, quarter=4, state=ReportState.DRAFT)
            ProgressReportFactory(initiative=initiative, year=2026, quarter=2, state=ReportState.APPROVED)

    add(2)
    small = count_queries(client, reverse("initiatives:mine"))
    add(25)
    big = count_queries(client, reverse("initiatives:mine"))
    assert small == big
    assert big <= 16  # +1 (issue 15): the returned reports of any quarter, listed first


def test_review_queue_queries_do_not_grow(client, staff_user, admin_user, masterplan, dimension, opd):
    client.force_login(admin_user)

    def add(n):
        for _ in range(n):
            initiative = InitiativeFactory(masterplan=masterplan, dimension=dimension, lead_opd=opd)
            ProgressReportFactory(
                initiative=initiative, year=2026, quarter=3, state=ReportState.SUBMITTED, submitted_by=staff_user
            )

    add(2)
    small = count_queries(client, reverse("initiatives:review-queue"))
    add(30)
    big = count_queries(client, reverse("initiatives:review-queue"))
    assert small == big
    filtered = count_queries(client, reverse("initiatives:review-queue"), {"opd": opd.code, "year": 2026})
    assert filtered <= big + 2
    assert big <= 15
