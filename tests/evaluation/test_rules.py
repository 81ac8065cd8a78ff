"""Pre-fill rules from the portal's own data, the rule shown next to the level, and the override with a reason."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from evaluation import rules, selectors, services
from evaluation.choices import AnswerSource
from evaluation.models import Answer, Component, Item
from initiatives.choices import Horizon, InitiativeStatus, ReportState
from opd.choices import Role
from tests.factories import BudgetLineFactory, InitiativeFactory, ProgressReportFactory, make_user

pytestmark = pytest.mark.db
TODAY = dt.date(2026, 3, 1)


def _rule_item(code, rule, component="outcome"):
    comp = Component.objects.get(code=component)
    return Item.objects.create(
        component=comp,
        code=code,
        question=f"{code}?",
        prefillable=True,
        rule=rule,
        level_1="a",
        level_2="b",
        level_3="c",
        level_4="d",
        level_5="e",
    )


@pytest.fixture
def plan_data(masterplan, dimension, opd):
    # 2025: 4 running initiatives, 3 of them on track or completed; budget 1.000 planned, 800 realised (80% → Baik)
    done = InitiativeFactory(
        masterplan=masterplan,
        dimension=dimension,
        lead_opd=opd,
        start_year=2025,
        end_year=2025,
        status=InitiativeStatus.COMPLETED,
        progress=100,
        horizon=Horizon.QUICK_WIN,
    )
    InitiativeFactory(
        masterplan=masterplan,
        dimension=dimension,
        lead_opd=opd,
        start_year=2025,
        end_year=2025,
        status=InitiativeStatus.PLANNED,
        progress=0,
        horizon=Horizon.QUICK_WIN,
    )
    for _ in range(2):  # on schedule (30% of four years after one) and reporting: on track
        running = InitiativeFactory(
            masterplan=masterplan,
            dimension=dimension,
            lead_opd=opd,
            start_year=2025,
            end_year=2028,
            status=InitiativeStatus.IN_PROGRESS,
            progress=30,
        )
        ProgressReportFactory(
            initiative=running,
            year=2025,
            quarter=4,
            progress=30,
            state=ReportState.APPROVED,
            reviewed_at=timezone.make_aware(dt.datetime(2025, 12, 20, 10, 0)),
        )
    BudgetLineFactory(initiative=done, year=2025, planned=1000, realized=800)
    return done


def test_outcome_quick_win_and_output_rules_read_the_portal(framework, plan_data, evaluator):
    period = services.create_period(user=evaluator, year=2025)
    inputs = rules.gather(period, today=TODAY)
    assert (inputs.active, inputs.on_track_or_completed) == (4, 3)
    assert rules.outcome_on_track(inputs).level == 4  # 75% → 60–79% → 4
    result = rules.outcome_budget(inputs)
    assert result.level == 4 and "80.0%" in result.note  # 80% realisation → Baik → 4
    assert rules.quick_win(inputs).level == 1  # 1 of 2 quick wins completed: 50% → Sangat Kurang → 1
    assert rules.output_budget(inputs).level == 5  # the only dimension has a ceiling
    assert rules.output_documents(inputs).level == 1  # no document on file
    assert rules.baseline_change(inputs).level is None  # no previous period


def test_apply_rules_fills_the_level_and_shows_the_rule(framework, plan_data, evaluator, settings):
    settings.LANGUAGE_CODE = "en"
    _rule_item("R-ONTRACK", "outcome_on_track")
    period = services.create_period(user=evaluator, year=2025)
    services.apply_rules(user=evaluator, period=period, today=TODAY)
    answer = Answer.objects.get(period=period, item__code="R-ONTRACK")
    assert (answer.level, answer.rule_level, answer.source) == (4, 4, AnswerSource.RULE)
    assert "3 of 4 initiatives" in answer.rule_note
    row = next(
        r for c in selectors.scorecard(evaluator, 2025)["components"] for r in c["rows"] if r["code"] == "R-ONTRACK"
    )
    assert row["rule_level"] == 4 and "3 of 4" in row["rule_note"]


def test_override_needs_an_admin_and_a_reason_and_history_keeps_it(framework, plan_data, evaluator, opd):
    _rule_item("R-ONTRACK", "outcome_on_track")
    period = services.create_period(user=evaluator, year=2025)
    services.apply_rules(user=evaluator, period=period, today=TODAY)
    answer = Answer.objects.get(period=period, item__code="R-ONTRACK")
    with pytest.raises(ValidationError) as exc:
        services.save_answer(user=evaluator, answer=answer, version=answer.version, level=2)
    assert "override_reason" in exc.value.message_dict
    staff = make_user(Role.OPD_STAFF, opd=opd, username="staf-rule")
    answer.assigned_opd = opd
    answer.save()
    with pytest.raises(ValidationError) as exc:
        services.save_answer(user=staff, answer=answer, version=answer.version, level=2)
    assert "Only an administrator" in exc.value.message_dict["level"][0]
    services.save_answer(
        user=evaluator,
        answer=answer,
        version=answer.version,
        level=2,
        override_reason="Dua inisiatif belum melaporkan triwulan IV.",
    )
    answer.refresh_from_db()
    assert (answer.level, answer.source, answer.rule_level) == (2, AnswerSource.OVERRIDE, 4)
    latest = answer.history.first()
    assert latest.override_reason == "Dua inisiatif belum melaporkan triwulan IV." and latest.history_user == evaluator
    # applying the rules again keeps the override
    services.apply_rules(user=evaluator, period=period, today=TODAY)
    answer.refresh_from_db()
    assert answer.level == 2


def test_baseline_rule_compares_with_the_previous_period(framework, evaluator):
    from tests.evaluation.conftest import answer_all

    _rule_item("R-BASE", "baseline_change", component="baseline")
    first = services.create_period(user=evaluator, year=2024)
    answer_all(
        evaluator, first, {"B1": 2, "B2": 2, "O1": 2, "O2": 2, "C1": 2, "C2": 2, "I1": 2, "I2": 2, "I3": 2, "Q1": 2}
    )
    second = services.create_period(user=evaluator, year=2025)
    answer_all(
        evaluator, second, {"B1": 3, "B2": 3, "O1": 3, "O2": 3, "C1": 3, "C2": 3, "I1": 3, "I2": 3, "I3": 3, "Q1": 3}
    )
    services.apply_rules(user=evaluator, period=second, today=TODAY)
    answer = Answer.objects.get(period=second, item__code="R-BASE")
    assert answer.level == 5  # the index without Baseline rose from 2.00 to 3.00: +1.00 ≥ 0.50
    assert "+1.00" in answer.rule_note


def test_item_page_shows_the_history_and_a_stale_save_is_refused(client, period, evaluator):
    answer = Answer.objects.get(period=period, item__code="I1")
    stale = answer.version
    services.save_answer(user=evaluator, answer=answer, version=answer.version, level=2, justification="Baru.")
    client.force_login(evaluator)
    page = client.get("/evaluation/2025/items/I1/").content.decode()
    assert page.count('<tr><td class="nowrap">') >= 2  # the first answer and the change
    response = client.post("/evaluation/2025/items/I1/", {"version": stale, "level": 5, "justification": "Lama."})
    assert response.status_code == 200 and "Someone else saved this in the meantime" in response.content.decode()
    answer.refresh_from_db()
    assert answer.level == 2


@pytest.mark.api
def test_schema_lists_the_evaluation_endpoints(client, db):
    schema = client.get("/api/schema/?format=json").json()
    assert {"/api/v1/evaluations/", "/api/v1/evaluations/{year}/", "/api/v1/risks/"} <= set(schema["paths"])
