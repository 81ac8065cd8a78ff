"""The index and every component against a hand computation, with the default weights and the 20/20 variant; a
final period keeps its scores when the framework is edited later."""

from decimal import Decimal

import pytest

from evaluation import selectors, services
from evaluation.models import Answer, Component, Item
from tests.evaluation.conftest import answer_all

pytestmark = pytest.mark.db

# Hand computation (tests/evaluation/conftest.py HAND):
#   Baseline  (3 + 4) / 2     = 3.50      Output (4 + 2) / 2 = 3.00     Outcome (5 + 4) / 2 = 4.50
#   Impact    (3 + 3 + 4) / 3 = 3.333…    Quick Win 5 / 1    = 5.00
#   default 10/20/30/30/10: (35 + 60 + 135 + 100 + 50) / 100 = 3.80
#   20/20 variant 10/20/30/20/20: (35 + 60 + 135 + 66.67 + 100) / 100 = 3.9667 → 3.97
COMPONENTS = {
    "baseline": Decimal("3.50"),
    "output": Decimal("3.00"),
    "outcome": Decimal("4.50"),
    "impact": Decimal("3.33"),
    "quick-win": Decimal("5.00"),
}
VARIANT = {"baseline": 10, "output": 20, "outcome": 30, "impact": 20, "quick-win": 20}


def _components(card):
    return {c["code"]: c["score"] for c in card["components"]}


def test_index_and_components_match_hand_computation(period, evaluator):
    card = selectors.scorecard(evaluator, 2025)
    assert _components(card) == COMPONENTS
    assert card["index"] == Decimal("3.80")
    contributions = {c["code"]: c["contribution"] for c in card["components"]}
    assert contributions == {
        "baseline": Decimal("0.35"),
        "output": Decimal("0.60"),
        "outcome": Decimal("1.35"),
        "impact": Decimal("1.00"),
        "quick-win": Decimal("0.50"),
    }


def test_twenty_twenty_weights_change_the_index_not_the_components(period, evaluator):
    services.update_weights(user=evaluator, period=period, version=period.version, weights=VARIANT)
    card = selectors.scorecard(evaluator, 2025)
    assert _components(card) == COMPONENTS
    assert card["index"] == Decimal("3.97")


def test_national_dimension_scores_are_means_of_their_items(period, evaluator):
    card = selectors.scorecard(evaluator, 2025)
    national = {n["code"]: n["score"] for n in card["national"]}
    # governance: B1 3, O1 4 → 3.50; economy: O2 2, C2 4, I3 4 → 3.33; living: I1 3, I2 3 → 3.00
    assert national == {"governance": Decimal("3.50"), "economy": Decimal("3.33"), "living": Decimal("3.00")}


def test_unanswered_items_are_left_out_and_an_empty_component_scores_zero(framework, evaluator):
    p = services.create_period(user=evaluator, year=2024)
    answer = Answer.objects.get(period=p, item__code="I1")
    services.save_answer(user=evaluator, answer=answer, version=answer.version, level=4)
    card = selectors.scorecard(evaluator, 2024)
    impact = next(c for c in card["components"] if c["code"] == "impact")
    assert (impact["score"], impact["answered"], impact["items"]) == (Decimal("4.00"), 1, 3)
    assert card["index"] == Decimal("1.20")  # only Impact counts: 30 × 4 / 100
    assert card["scores"]["complete"] is False


def test_previous_year_is_shown_beside_and_the_movers_explain_the_change(period, evaluator):
    services.finalise_period(user=evaluator, period=period, version=period.version)
    services.create_period(user=evaluator, year=2026)
    p2026 = selectors.periods_for_user(evaluator).get(year=2026)
    answer_all(
        evaluator, p2026, {"B1": 3, "B2": 4, "O1": 4, "O2": 2, "C1": 5, "C2": 4, "I1": 4, "I2": 4, "I3": 4, "Q1": 5}
    )
    card = selectors.scorecard(evaluator, 2026)
    assert card["previous"] == {"year": 2025, "index": Decimal("3.80")}
    assert card["index"] == Decimal("4.00")  # Impact 4.00 instead of 3.33: 30 × 0.667 / 100 = +0.20 points
    assert card["index_change"] == Decimal("0.20")
    top = card["movers"][0]
    assert top["code"] == "impact" and top["contribution_change"] == Decimal("0.20")
    impact = next(c for c in card["components"] if c["code"] == "impact")
    assert impact["previous_score"] == Decimal("3.33")
    assert next(r for r in impact["rows"] if r["code"] == "I1")["previous_level"] == 3


def test_final_period_does_not_change_when_the_framework_is_edited(period, evaluator):
    services.finalise_period(user=evaluator, period=period, version=period.version)
    before = selectors.scorecard(evaluator, 2025)
    Component.objects.filter(code="impact").update(weight=50, name="Dampak baru")
    item = Item.objects.get(code="I1")
    item.question = "Pertanyaan yang diubah?"
    item.save()
    Item.objects.create(
        component=Component.objects.get(code="impact"),
        code="I9",
        question="Baru?",
        level_1="a",
        level_2="b",
        level_3="c",
        level_4="d",
        level_5="e",
    )
    after = selectors.scorecard(evaluator, 2025)
    assert after["index"] == before["index"] == Decimal("3.80")
    assert _components(after) == COMPONENTS
    impact = next(c for c in after["components"] if c["code"] == "impact")
    assert impact["name"] == "Impact" and [r["code"] for r in impact["rows"]] == ["I1", "I2", "I3"]
    assert impact["rows"][0]["question"] == "Pertanyaan I1?"
    assert after["weights"]["impact"] == "30"


def test_final_period_refuses_every_change(period, evaluator):
    from django.core.exceptions import ValidationError

    from evaluation import permissions

    services.finalise_period(user=evaluator, period=period, version=period.version)
    period.refresh_from_db()
    with pytest.raises(ValidationError):
        services.update_weights(user=evaluator, period=period, version=period.version, weights=VARIANT)
    answer = Answer.objects.filter(period=period).first()
    assert not permissions.can_edit_answer(evaluator, answer)
