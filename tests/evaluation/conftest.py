"""Fixtures of the evaluation tests: a small hand-made framework (five components, nine items) whose scores are easy
to compute by hand, a draft period answered with known levels, and users of every role."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from evaluation import services
from evaluation.models import Answer, Component, Item, NationalDimension
from opd.choices import Role
from tests.factories import make_user

LEVELS = ["satu", "dua", "tiga", "empat", "lima"]

# component code → (default weight, [(item code, national dimension code, level)])
HAND = {
    "baseline": ("10", [("B1", "governance", 3), ("B2", None, 4)]),
    "output": ("20", [("O1", "governance", 4), ("O2", "economy", 2)]),
    "outcome": ("30", [("C1", None, 5), ("C2", "economy", 4)]),
    "impact": ("30", [("I1", "living", 3), ("I2", "living", 3), ("I3", "economy", 4)]),
    "quick-win": ("10", [("Q1", None, 5)]),
}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def framework(db):
    nds = {
        code: NationalDimension.objects.create(code=code, name=code.title(), order=n)
        for n, code in enumerate(["governance", "economy", "living"], start=1)
    }
    for order, (code, (weight, items)) in enumerate(HAND.items(), start=1):
        component = Component.objects.create(code=code, name=code.title(), weight=Decimal(weight), order=order)
        for n, (item_code, nd, _level) in enumerate(items, start=1):
            Item.objects.create(
                component=component,
                code=item_code,
                question=f"Pertanyaan {item_code}?",
                national_dimension=nds.get(nd),
                order=n,
                level_1=LEVELS[0],
                level_2=LEVELS[1],
                level_3=LEVELS[2],
                level_4=LEVELS[3],
                level_5=LEVELS[4],
            )
    return nds


@pytest.fixture
def evaluator(db):
    return make_user(Role.ADMIN, username="evaluator")


def answer_all(user, period, levels=None):
    wanted = levels or {code: level for _w, items in HAND.values() for code, _nd, level in items}
    for answer in Answer.objects.filter(period=period).select_related("item"):
        if answer.item.code in wanted:
            services.save_answer(
                user=user,
                answer=answer,
                version=answer.version,
                level=wanted[answer.item.code],
                justification=f"Alasan {answer.item.code}",
            )


@pytest.fixture
def period(framework, evaluator):
    p = services.create_period(user=evaluator, year=2025)
    answer_all(evaluator, p)
    p.refresh_from_db()
    return p
