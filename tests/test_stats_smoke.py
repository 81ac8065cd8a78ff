import pytest

from roadmap.selectors import masterplan_stats, roadmap_overview
from tests.factories import BudgetLineFactory, InitiativeFactory

pytestmark = pytest.mark.db


def test_budget_weighted_progress_by_dimension(admin_user, masterplan, dimension, opd):
    a = InitiativeFactory(masterplan=masterplan, dimension=dimension, lead_opd=opd, progress=20)
    b = InitiativeFactory(masterplan=masterplan, dimension=dimension, lead_opd=opd, progress=80)
    BudgetLineFactory(initiative=a, planned=300)
    BudgetLineFactory(initiative=b, planned=100)
    InitiativeFactory(masterplan=masterplan, dimension=dimension, lead_opd=opd, progress=0, status="cancelled")
    stats = masterplan_stats(admin_user)
    row = next(d for d in stats["by_dimension"] if d["code"] == dimension.code)
    assert row["progress"] == pytest.approx((20 * 300 + 80 * 100) / 400, abs=0.05)
    assert row["count"] == 3
    assert stats["overall"]["budget_planned"] == 400
    overview = roadmap_overview(admin_user)
    assert [y["year"] for y in overview["years"]] == [2025, 2026, 2027, 2028, 2029]
