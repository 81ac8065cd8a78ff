"""The demo: default framework, mapping, a filled evaluation of the last full year, risks; a second run changes
nothing; and the demo's index against a hand computation."""

import datetime as dt
from decimal import Decimal

import pytest

from evaluation import selectors, services
from evaluation.models import Answer, DimensionMapping, EvaluationPeriod, Item, Risk
from roadmap.demo import load_demo

pytestmark = pytest.mark.db
TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def demo(db):
    load_demo(today=TODAY)


def test_demo_is_idempotent(demo):
    counts = load_demo(today=TODAY)
    assert counts.line() == "nothing changed"
    assert EvaluationPeriod.objects.count() == 1 and Risk.objects.count() == 4
    assert services.install_default_framework() == {
        "national dimensions": 0,
        "components": 0,
        "items": 0,
        "mappings": 0,
    }


def test_demo_scorecard_matches_a_hand_computation(demo):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="demo-evaluator")
    card = selectors.scorecard(user, 2025)
    # Baseline: BAS-01 has no previous period (unanswered), BAS-02 3 → 3.00
    # Output: OUT-01 3 (two documents), OUT-02 4, OUT-03 5 (6 of 6 dimensions budgeted), OUT-04 3 → 15 / 4 = 3.75
    # Outcome: OCM-01 5, OCM-02 5, OCM-03 5 (rules on the demo data), OCM-04 4 → 19 / 4 = 4.75
    # Impact: 3, 2, 3, 3, 3, 2 → 16 / 6 = 2.67;  Quick Win: QW-01 5 (all quick wins done), QW-02 4 → 4.50
    scores = {c["code"]: c["score"] for c in card["components"]}
    assert scores == {
        "baseline": Decimal("3.00"),
        "output": Decimal("3.75"),
        "outcome": Decimal("4.75"),
        "impact": Decimal("2.67"),
        "quick-win": Decimal("4.50"),
    }
    # (10 × 3 + 20 × 3.75 + 30 × 4.75 + 30 × 16/6 + 10 × 4.5) / 100 = (30 + 75 + 142.5 + 80 + 45) / 100 = 3.725
    assert card["index"] == Decimal("3.73")
    period = card["period"]
    services.update_weights(
        user=user,
        period=period,
        version=period.version,
        weights={"baseline": 10, "output": 20, "outcome": 30, "impact": 20, "quick-win": 20},
    )
    # (30 + 75 + 142.5 + 20 × 16/6 + 20 × 4.5) / 100 = (247.5 + 53.33 + 90) / 100 = 3.908
    assert selectors.scorecard(user, 2025)["index"] == Decimal("3.91")


def test_demo_has_mapping_evidence_and_unmapped_dimensions_show(demo):
    from django.contrib.auth import get_user_model

    from dimensions.models import Dimension

    assert DimensionMapping.objects.filter(dimension__code="mobility", national_dimension__code="living").exists()
    assert Answer.objects.filter(period__year=2025, initiatives__isnull=False).exists()
    assert Item.objects.filter(prefillable=True).count() == 7
    assert Answer.objects.get(period__year=2025, item__code="IMP-04").assigned_opd.code == "DINKES"
    Dimension.objects.create(code="tourism", name="Pariwisata", order=9)
    user = get_user_model().objects.get(username="demo-evaluator")
    assert "Pariwisata" in selectors.scorecard(user, 2025)["unmapped"]
