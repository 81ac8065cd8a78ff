"""The new list pages read in a fixed number of queries whatever the size of the masterplan."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dimensions.models import ConditionFinding, Dimension
from initiatives.models import BudgetLine, Initiative
from masterplans.models import Masterplan
from opd.choices import Role
from revisions import services
from roadmap.masterplan_io.importer import import_masterplan
from tests.factories import BudgetLineFactory, IndicatorFactory, IndicatorTargetFactory, InitiativeFactory, make_user

from . import workbook

pytestmark = pytest.mark.django_db


def grow(plan, n):
    dimension, opd = Dimension.objects.first(), Initiative.objects.first().lead_opd
    for i in range(n):
        initiative = InitiativeFactory(
            masterplan=plan,
            code=f"X-{Initiative.objects.count()}",
            dimension=dimension,
            lead_opd=opd,
            start_year=2027,
            end_year=2028,
        )
        BudgetLineFactory(initiative=initiative, year=2027, planned=1000)
        indicator = IndicatorFactory(dimension=dimension, opd=None)
        IndicatorTargetFactory(indicator=indicator, year=2027, value=i)
        ConditionFinding.objects.create(dimension=dimension, kind="problem", text=f"t{i}", order=100 + i)


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_revisions_findings_and_masterplan_pages_have_fixed_query_counts(client, tmp_path):
    assert import_masterplan(workbook.write(tmp_path / "plan.xlsx")).ok
    plan = Masterplan.objects.get()
    admin = make_user(Role.ADMIN, username="admin-qc")
    baseline = services.freeze_baseline(admin, plan, name="Murni")
    client.force_login(admin)
    code = Dimension.objects.first().code
    urls = [
        "/revisions/",
        f"/revisions/changes/?from={baseline.pk}&to=today",
        f"/dimensions/{code}/findings/",
        "/masterplan/",
        "/",
    ]
    grow(plan, 2)
    small = {url: count(client, url) for url in urls}
    grow(plan, 20)
    services.freeze_baseline(admin, plan, name="Perubahan")
    large = {url: count(client, url) for url in urls}
    assert large == small
    assert BudgetLine.objects.count() > 30
