"""Known test data for the dashboard tests: two dimensions, two agencies, five initiatives with budgets, reports and
milestones whose expected numbers are computed by hand in the tests (today is frozen at 2026-11-28)."""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine

from dimensions.models import Measurement
from initiatives.choices import InitiativeStatus, ReportState
from tests.factories import (
    BudgetLineFactory,
    DimensionFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    InitiativeFactory,
    MilestoneFactory,
    OpdFactory,
    ProgressReportFactory,
)

JAKARTA = ZoneInfo("Asia/Jakarta")
TODAY = dt.date(2026, 11, 28)


def at(year, month, day, hour=12, minute=0, second=0):
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=JAKARTA)


@pytest.fixture
def frozen_today():
    with time_machine.travel(at(2026, 11, 28, 9), tick=False):
        yield TODAY


@pytest.fixture
def known(db, masterplan, frozen_today):
    eco = DimensionFactory(code="eco", name="Ekonomi Cerdas", name_en="Smart Economy", order=1, colour="#b45309")
    liv = DimensionFactory(code="liv", name="Kehidupan Cerdas", name_en="Smart Living", order=2, colour="#be123c")
    x = OpdFactory(code="DINKES", abbreviation="Dinkes", name="Dinas Kesehatan")
    y = OpdFactory(code="DINHUB", abbreviation="Dinhub", name="Dinas Perhubungan")
    common = {"masterplan": masterplan}
    a1 = InitiativeFactory(
        code="A1",
        dimension=eco,
        lead_opd=x,
        progress=20,
        start_year=2025,
        end_year=2027,
        status=InitiativeStatus.IN_PROGRESS,
        horizon="medium",
        **common,
    )
    a2 = InitiativeFactory(
        code="A2",
        dimension=eco,
        lead_opd=y,
        progress=80,
        start_year=2026,
        end_year=2026,
        status=InitiativeStatus.IN_PROGRESS,
        horizon="quick_win",
        supporting_opds=[x],
        **common,
    )
    a3 = InitiativeFactory(
        code="A3",
        dimension=eco,
        lead_opd=x,
        progress=0,
        start_year=2025,
        end_year=2026,
        status=InitiativeStatus.CANCELLED,
        **common,
    )
    b1 = InitiativeFactory(
        code="B1",
        dimension=liv,
        lead_opd=y,
        progress=100,
        start_year=2025,
        end_year=2025,
        status=InitiativeStatus.COMPLETED,
        title="Layanan kesehatan keliling",
        **common,
    )
    b2 = InitiativeFactory(
        code="B2",
        dimension=liv,
        lead_opd=y,
        progress=30,
        start_year=2026,
        end_year=2028,
        status=InitiativeStatus.IN_PROGRESS,
        horizon="long",
        **common,
    )
    BudgetLineFactory(initiative=a1, year=2025, planned=300_000_000, realized=100_000_000)
    BudgetLineFactory(initiative=a2, year=2026, planned=100_000_000, realized=50_000_000)
    BudgetLineFactory(initiative=a3, year=2025, planned=1_000_000_000, realized=10_000_000)  # cancelled: left out
    # a1: submitted on time for Q3 2026 (deadline 10 Oct 2026), awaiting review.
    ProgressReportFactory(
        initiative=a1, year=2026, quarter=3, state=ReportState.SUBMITTED, submitted_at=at(2026, 10, 5)
    )
    # b2: approved for Q3 2026 but submitted two days late.
    ProgressReportFactory(
        initiative=b2,
        year=2026,
        quarter=3,
        state=ReportState.APPROVED,
        progress=30,
        submitted_at=at(2026, 10, 12),
        reviewed_at=at(2026, 10, 14),
    )
    # b1: Q4 2025 submitted on time (deadline 10 Jan 2026), approved as completed.
    ProgressReportFactory(
        initiative=b1,
        year=2025,
        quarter=4,
        state=ReportState.APPROVED,
        progress=100,
        status=InitiativeStatus.COMPLETED,
        submitted_at=at(2026, 1, 5),
        reviewed_at=at(2026, 1, 6),
    )
    MilestoneFactory(initiative=a1, title="Overdue step", due_date=dt.date(2026, 11, 10))
    MilestoneFactory(initiative=a1, title="Done step", due_date=dt.date(2026, 9, 1), completed_date=dt.date(2026, 9, 2))
    MilestoneFactory(initiative=a2, title="Soon step", due_date=dt.date(2026, 12, 20))
    MilestoneFactory(initiative=b2, title="Later step", due_date=dt.date(2027, 1, 30))
    MilestoneFactory(initiative=a3, title="Cancelled step", due_date=dt.date(2026, 6, 1))
    up = IndicatorFactory(
        code="ECO-K1", name="Digital MSMEs", dimension=eco, opd=x, direction="up", baseline=10, baseline_year=2024
    )
    IndicatorTargetFactory(indicator=up, year=2025, value=20)
    IndicatorTargetFactory(indicator=up, year=2026, value=40)
    Measurement.objects.create(indicator=up, year=2025, value=18)
    Measurement.objects.create(indicator=up, year=2026, quarter=2, value=10)
    Measurement.objects.create(indicator=up, year=2026, quarter=3, value=38)
    down = IndicatorFactory(
        code="ECO-K2", name="Permit days", dimension=eco, opd=x, direction="down", baseline=30, baseline_year=2024
    )
    IndicatorTargetFactory(indicator=down, year=2025, value=10)
    Measurement.objects.create(indicator=down, year=2025, value=20)
    return SimpleNamespace(
        eco=eco, liv=liv, x=x, y=y, a1=a1, a2=a2, a3=a3, b1=b1, b2=b2, up=up, down=down, today=frozen_today
    )
