"""masterplan_stats and roadmap_overview combine a few grouped rows (initiatives.metrics.rollup_query) instead of a
dozen scans; on random data they give exactly the numbers of the plain roll-ups (progress_by, initiative_counts_by
per dimension, agency, status, health and year). And the cached roll-ups (initiatives.snapshots) follow every
committed change, and never show a transaction's own uncommitted rows to others."""

import datetime as dt
import random

import pytest
from django.db import transaction

from initiatives.choices import Health, InitiativeStatus
from initiatives.metrics import initiative_counts_by, progress_by
from initiatives.models import Initiative
from initiatives.selectors import initiatives_for_user
from opd.choices import Role
from roadmap.selectors import masterplan_stats, roadmap_overview
from tests.factories import (
    BudgetLineFactory,
    DimensionFactory,
    InitiativeFactory,
    MasterplanFactory,
    MilestoneFactory,
    OpdFactory,
    make_user,
)

TODAY = dt.date(2026, 11, 28)


def _round(rollup):
    return None if rollup is None or rollup.progress is None else round(rollup.progress, 1)


def _random_portal(masterplan, seed=12):
    rng = random.Random(seed)
    dims = [DimensionFactory(code=f"d{n}", order=n) for n in range(3)]
    opds = [OpdFactory(code=f"O{n}", abbreviation=f"O{n}") for n in range(4)]
    for n in range(60):
        start = rng.randint(masterplan.start_year, masterplan.end_year)
        initiative = InitiativeFactory(
            masterplan=masterplan,
            code=f"R{n:03d}",
            dimension=rng.choice(dims),
            lead_opd=rng.choice(opds),
            start_year=start,
            end_year=rng.randint(start, masterplan.end_year),
            status=rng.choice(InitiativeStatus.values),
            progress=rng.randint(0, 100),
        )
        for year in rng.sample(
            range(start, masterplan.end_year + 1), min(rng.randint(0, 2), masterplan.end_year + 1 - start)
        ):
            BudgetLineFactory(
                initiative=initiative,
                year=year,
                planned=rng.choice([0, 1, 7, 250_000_000, 1_234_567_891]),
                realized=rng.randint(0, 10_000_000),
            )
        if rng.random() < 0.5:
            MilestoneFactory(initiative=initiative, due_date=TODAY + dt.timedelta(days=rng.randint(-90, 60)))
    return dims, opds


@pytest.mark.parametrize("seed", [3, 12])
def test_fast_stats_equal_the_plain_rollups_on_random_data(admin_user, masterplan, seed):
    dims, opds = _random_portal(masterplan, seed)
    qs = initiatives_for_user(admin_user, masterplan, today=TODAY)
    stats = masterplan_stats(admin_user, today=TODAY, qs=qs)

    assert stats["overall"]["progress"] == _round(progress_by(qs, None).get(None))
    plain_by_dim = progress_by(qs, "dimension_id")
    for item in stats["by_dimension"]:
        dim = next(d for d in dims if d.code == item["code"])
        one = qs.filter(dimension=dim)
        assert item["progress"] == _round(plain_by_dim.get(dim.pk))
        assert item["budget_planned"] == (plain_by_dim[dim.pk].budget_planned if dim.pk in plain_by_dim else 0)
        assert item["by_status"] == {s: initiative_counts_by(one, "status").get(s, 0) for s in InitiativeStatus.values}
        assert item["by_health"] == {h: initiative_counts_by(one, "health").get(h, 0) for h in Health.values}
    assert stats["by_health"] == {h: initiative_counts_by(qs, "health").get(h, 0) for h in Health.values}
    plain_by_opd = progress_by(qs, "lead_opd_id")
    counts_by_opd = initiative_counts_by(qs, "lead_opd_id")
    for item in stats["by_opd"]:
        opd = next(o for o in opds if o.code == item["code"])
        assert item["progress"] == _round(plain_by_opd.get(opd.pk))
        assert item["count"] == counts_by_opd[opd.pk]
        assert item["budget_realized"] == (plain_by_opd[opd.pk].budget_realized if opd.pk in plain_by_opd else 0)
    overview = roadmap_overview(admin_user, today=TODAY)
    for row in stats["by_year"]:
        active = qs.filter(start_year__lte=row["year"], end_year__gte=row["year"])
        rollup = progress_by(active, None).get(None)
        assert row["progress"] == _round(rollup)
        assert row["active"] == (rollup.count if rollup else 0)
        live = qs.exclude(status=InitiativeStatus.CANCELLED).filter(end_year=row["year"])
        assert row["planned_to_finish"] == live.count()
        assert row["completed"] == live.filter(status=InitiativeStatus.COMPLETED).count()
        per_dim = progress_by(active, "dimension_id")
        for item in overview["dimensions"]:
            dim = next(d for d in dims if d.code == item["code"])
            assert item["progress_by_year"][row["year"]] == _round(per_dim.get(dim.pk))


@pytest.mark.django_db(transaction=True)
def test_cached_rollups_follow_every_committed_change_and_never_leak_uncommitted_rows():
    plan = MasterplanFactory()
    admin = make_user(Role.ADMIN, username="cache-admin")
    dim = DimensionFactory(code="c1")
    initiative = InitiativeFactory(masterplan=plan, dimension=dim, progress=40)
    BudgetLineFactory(initiative=initiative, planned=100)

    first = masterplan_stats(admin, today=TODAY)
    assert masterplan_stats(admin, today=TODAY) == first  # served again (from the cache)
    assert first["overall"]["progress"] == 40.0

    Initiative.objects.filter(pk=initiative.pk).update(progress=80)  # a committed write, not through a service
    assert masterplan_stats(admin, today=TODAY)["overall"]["progress"] == 80.0

    BudgetLineFactory(initiative=InitiativeFactory(masterplan=plan, dimension=dim, progress=0), planned=300)
    assert masterplan_stats(admin, today=TODAY)["overall"]["progress"] == 20.0  # (80×100 + 0×300) / 400

    with transaction.atomic():
        Initiative.objects.filter(pk=initiative.pk).update(progress=0)
        assert masterplan_stats(admin, today=TODAY)["overall"]["progress"] == 0.0  # sees its own write
        transaction.set_rollback(True)
    assert masterplan_stats(admin, today=TODAY)["overall"]["progress"] == 20.0  # the rolled-back rows never cached
