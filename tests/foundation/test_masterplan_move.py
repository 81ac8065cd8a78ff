"""The masterplan moved from ``roadmap`` to ``masterplans`` without a row moving: a database made before the move
(its masterplan, years, initiatives, their history and an import job) migrates in place with everything kept."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.db

BEFORE_MOVE = [
    ("roadmap", "0004_cleanup_uploads_schedule"),
    ("initiatives", "0003_milestone_version"),
    ("dimensions", "0001_initial"),
    ("opd", "0002_api_token"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_keeps_every_row():
    old = _migrate(BEFORE_MOVE)
    Masterplan = old.get_model("roadmap", "Masterplan")
    plan = Masterplan.objects.create(title="Masterplan lama", start_year=2025, end_year=2029, status="active")
    old.get_model("roadmap", "MasterplanYear").objects.create(masterplan=plan, year=2026, theme="Tema 2026")
    opd = old.get_model("opd", "Opd").objects.create(code="DKI", abbreviation="Dinkominfo", name="Dinas", kind="dinas")
    dim = old.get_model("dimensions", "Dimension").objects.create(code="economy", name="Ekonomi Cerdas")
    initiative = old.get_model("initiatives", "Initiative").objects.create(
        masterplan=plan,
        code="EC-01",
        title="Pasar daring",
        dimension=dim,
        lead_opd=opd,
        horizon="quick_win",
        start_year=2025,
        end_year=2026,
    )
    old.get_model("initiatives", "HistoricalInitiative").objects.create(
        id=initiative.pk,
        masterplan_id=plan.pk,
        code="EC-01",
        title="Pasar daring",
        dimension_id=dim.pk,
        lead_opd_id=opd.pk,
        horizon="quick_win",
        start_year=2025,
        end_year=2026,
        status="planned",
        progress=0,
        version=1,
        created_at=initiative.created_at,
        history_date=initiative.created_at,
        history_type="+",
    )

    new = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    moved = new.get_model("masterplans", "Masterplan").objects.get()
    assert (moved.pk, moved.title, moved.status) == (plan.pk, "Masterplan lama", "active")
    assert list(new.get_model("masterplans", "MasterplanYear").objects.values_list("year", "theme")) == [
        (2026, "Tema 2026")
    ]
    kept = new.get_model("initiatives", "Initiative").objects.get()
    assert (kept.pk, kept.masterplan_id, kept.masterplan.title) == (initiative.pk, plan.pk, "Masterplan lama")
    assert new.get_model("initiatives", "HistoricalInitiative").objects.get().masterplan_id == plan.pk
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    assert {"roadmap_masterplan", "roadmap_masterplanyear"} <= set(tables)
