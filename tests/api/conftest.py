"""Fixtures of the API tests: clients authenticated by issued tokens, and a small masterplan with every kind of row."""

import datetime as dt

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from dimensions.models import Measurement
from initiatives.choices import ReportState
from opd.services import issue_token
from tests.factories import (
    BudgetLineFactory,
    DimensionFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    InitiativeFactory,
    MilestoneFactory,
    ProgressReportFactory,
    SubDimensionFactory,
    make_user,
)

pytestmark = [pytest.mark.api]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Users are created in every test here; the production hasher's iterations would dominate the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """Throttle counters live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


def token_key(user, scope="write", name="test tool"):
    return issue_token(None, user=user, name=name, scope=scope).key


@pytest.fixture
def client_for(db):
    """``client_for(user, scope="write")``: an APIClient sending a fresh token of ``user``; anonymous for None."""

    def make(user=None, scope="write"):
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {token_key(user, scope)}")
        return client

    return make


@pytest.fixture
def users(admin_user, viewer_user, staff_user, other_staff_user, supporting_staff_user):
    return {
        "admin": admin_user,
        "viewer": viewer_user,
        "lead_staff": staff_user,
        "other_staff": other_staff_user,
        "supporting_staff": supporting_staff_user,
    }


@pytest.fixture
def no_role_user(db):
    return make_user(None, username="norole")


@pytest.fixture
def world(masterplan, dimension, opd, other_opd, supporting_opd, initiative):
    """Two dimensions, three agencies, three initiatives (one of another agency, one cancelled), budget lines,
    milestones (one overdue), reports in each state and an indicator with targets and measurements."""
    economy = DimensionFactory(code="economy", name="Ekonomi Cerdas", order=1)
    sub = SubDimensionFactory(dimension=dimension, code="kesehatan", name="Kesehatan")
    initiative.sub_dimension = sub
    initiative.save()
    other = InitiativeFactory(
        masterplan=masterplan,
        dimension=economy,
        lead_opd=other_opd,
        code="ECO-01",
        title="Pasar digital",
        description="Marketplace UMKM",
        status="planned",
        progress=0,
        horizon="medium",
        start_year=2027,
        end_year=2029,
    )
    cancelled = InitiativeFactory(
        masterplan=masterplan,
        dimension=dimension,
        lead_opd=opd,
        code="LIV-09",
        title="Batal",
        status="cancelled",
        progress=5,
    )
    BudgetLineFactory(initiative=initiative, year=2025, planned=100_000_000, realized=40_000_000)
    BudgetLineFactory(initiative=initiative, year=2026, planned=50_000_000, realized=0)
    BudgetLineFactory(initiative=other, year=2027, planned=10_000_000, realized=0)
    overdue = MilestoneFactory(initiative=initiative, title="Tender", due_date=dt.date(2026, 3, 31))
    done = MilestoneFactory(
        initiative=initiative, title="Kontrak", due_date=dt.date(2026, 1, 31), completed_date=dt.date(2026, 1, 20)
    )
    future = MilestoneFactory(initiative=other, title="Peluncuran", due_date=dt.date(2027, 6, 30))
    draft = ProgressReportFactory(initiative=initiative, year=2026, quarter=2, state=ReportState.DRAFT)
    submitted = ProgressReportFactory(
        initiative=initiative,
        year=2026,
        quarter=3,
        state=ReportState.SUBMITTED,
        progress=55,
        budget_realized=60_000_000,
    )
    approved = ProgressReportFactory(
        initiative=initiative, year=2026, quarter=1, state=ReportState.APPROVED, progress=40
    )
    indicator = IndicatorFactory(code="IND-KES-1", dimension=dimension, opd=opd, direction="up", baseline=10)
    IndicatorTargetFactory(indicator=indicator, year=2025, value=20)
    IndicatorTargetFactory(indicator=indicator, year=2026, value=25)
    Measurement.objects.create(indicator=indicator, year=2025, quarter=None, value=18)
    Measurement.objects.create(indicator=indicator, year=2026, quarter=2, value=20)
    other_indicator = IndicatorFactory(code="IND-ECO-1", dimension=economy, opd=other_opd)
    return {
        "masterplan": masterplan,
        "living": dimension,
        "economy": economy,
        "sub": sub,
        "opd": opd,
        "other_opd": other_opd,
        "supporting_opd": supporting_opd,
        "initiative": initiative,
        "other": other,
        "cancelled": cancelled,
        "overdue": overdue,
        "done": done,
        "future": future,
        "draft": draft,
        "submitted": submitted,
        "approved": approved,
        "indicator": indicator,
        "other_indicator": other_indicator,
    }


def bulk_initiatives(n, masterplan, dimension, opd, supporting):
    """``n`` initiatives with a budget line, a milestone, a report and a supporting agency each (bulk inserts)."""
    from initiatives.models import BudgetLine, Initiative, Milestone, ProgressReport

    rows = Initiative.objects.bulk_create(
        [
            Initiative(
                masterplan=masterplan,
                code=f"BULK-{i:04d}",
                title=f"Bulk {i}",
                dimension=dimension,
                lead_opd=opd,
                start_year=2025,
                end_year=2027,
                status="in_progress",
                progress=i % 100,
            )
            for i in range(n)
        ]
    )
    rows = list(Initiative.objects.filter(code__startswith="BULK-"))
    BudgetLine.objects.bulk_create([BudgetLine(initiative=r, year=2025, planned=1000 + r.pk) for r in rows])
    Milestone.objects.bulk_create([Milestone(initiative=r, title="M", due_date=dt.date(2026, 1, 1)) for r in rows])
    ProgressReport.objects.bulk_create([ProgressReport(initiative=r, year=2025, quarter=4) for r in rows])
    Through = Initiative.supporting_opds.through
    Through.objects.bulk_create([Through(initiative_id=r.pk, opd_id=supporting.pk) for r in rows])
    return rows


def bulk_reference_data(n, dimension, opd):
    """``n`` agencies, indicators (with a target and a measurement each) and sub-dimensions."""
    from dimensions.models import Indicator, IndicatorTarget, SubDimension
    from opd.models import Opd

    Opd.objects.bulk_create([Opd(code=f"BOPD{i:04d}", abbreviation=f"B{i}", name=f"Badan {i}") for i in range(n)])
    SubDimension.objects.bulk_create(
        [SubDimension(dimension=dimension, code=f"bsub{i}", name=f"S{i}") for i in range(n)]
    )
    Indicator.objects.bulk_create(
        [Indicator(code=f"BIND-{i:04d}", name=f"I{i}", dimension=dimension, opd=opd) for i in range(n)]
    )
    indicators = list(Indicator.objects.filter(code__startswith="BIND-"))
    IndicatorTarget.objects.bulk_create([IndicatorTarget(indicator=i, year=2026, value=10) for i in indicators])
    Measurement.objects.bulk_create([Measurement(indicator=i, year=2026, value=5) for i in indicators])
    return indicators
