"""remove_demo deletes what load_demo created, and refuses (listing why, deleting nothing) when real data depends
on it."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from dimensions.models import Dimension, Indicator
from initiatives.models import Comment, Initiative, ProgressReport
from masterplans.models import Masterplan
from opd.models import Opd
from roadmap.demo import load_demo
from roadmap.demo_removal import demo_blockers
from tests.factories import InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_demo(today=dt.date(2026, 11, 1))
    return Masterplan.objects.get(is_demo=True)


def test_remove_demo_leaves_an_empty_portal_and_keeps_real_accounts(demo, capsys):
    admin = UserFactory(username="admin", is_superuser=True)
    call_command("remove_demo")
    assert "Demo removed" in capsys.readouterr().out
    assert not Masterplan.objects.exists() and not Initiative.objects.exists()
    assert not Dimension.objects.exists() and not Indicator.objects.exists() and not Opd.objects.exists()
    assert not Initiative.history.exists() and not ProgressReport.history.exists()
    assert type(admin).objects.filter(pk=admin.pk).exists()
    assert not type(admin).objects.filter(username__startswith="demo-").exists()


def test_remove_demo_refuses_when_real_data_depends_on_it(demo):
    real = UserFactory(username="siti")
    initiative = demo.initiatives.order_by("code").first()
    Comment.objects.create(initiative=initiative, author=real, text="Mohon dicek.")
    InitiativeFactory(masterplan=demo, code="HAND-1", dimension=initiative.dimension, lead_opd=initiative.lead_opd)
    before = (Initiative.objects.count(), Dimension.objects.count(), Opd.objects.count())

    with pytest.raises(CommandError) as excinfo:
        call_command("remove_demo")

    message = str(excinfo.value)
    assert "added by hand" in message and "HAND-1" in message and "comment" in message
    assert (Initiative.objects.count(), Dimension.objects.count(), Opd.objects.count()) == before
    assert len(demo_blockers()) == 2


def test_an_initiative_of_the_real_masterplan_on_a_demo_dimension_blocks(demo):
    real_plan = Masterplan.objects.create(title="Real", start_year=2030, end_year=2034)
    InitiativeFactory(masterplan=real_plan, dimension=Dimension.objects.first(), lead_opd=Opd.objects.first())
    assert any("another masterplan" in reason for reason in demo_blockers())
