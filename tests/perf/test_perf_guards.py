"""Time-independent guards of issue 12: the summary the roll-ups read is never stale, the bench's data builder
works, the roadmap page renders one page of rows whatever the number of initiatives, exports stream."""

import datetime as dt
import importlib.util
from pathlib import Path

import pytest
from django.db.models import Max, Min, Sum
from django.urls import reverse
from django.utils import timezone

from initiatives.models import BudgetLine, Initiative, InitiativeSummary, Milestone, ProgressReport
from opd.choices import Role
from opd.models import Membership
from roadmap.selectors.pages import ROADMAP_PAGE_SIZE

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _load_bench_data():
    spec = importlib.util.spec_from_file_location("bench_data", ROOT / "scripts" / "bench_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _expected(initiative_id):
    lines = BudgetLine.objects.filter(initiative_id=initiative_id).aggregate(p=Sum("planned"), r=Sum("realized"))
    return {
        "budget_planned": lines["p"] or 0,
        "budget_realized": lines["r"] or 0,
        "first_open_due": Milestone.objects.filter(initiative_id=initiative_id, completed_date__isnull=True).aggregate(
            d=Min("due_date")
        )["d"],
        "last_approved_at": ProgressReport.objects.filter(initiative_id=initiative_id, state="approved").aggregate(
            d=Max("reviewed_at")
        )["d"],
    }


def _summary(initiative_id):
    row = (
        InitiativeSummary.objects.filter(initiative_id=initiative_id)
        .values("budget_planned", "budget_realized", "first_open_due", "last_approved_at")
        .first()
    )
    return row or {"budget_planned": 0, "budget_realized": 0, "first_open_due": None, "last_approved_at": None}


@pytest.fixture
def bench():
    return _load_bench_data().build(40, 3)


def test_bench_builder_makes_a_masterplan_the_portal_serves(bench, client):
    assert Initiative.objects.count() == 40
    assert BudgetLine.objects.count() == 80 and Milestone.objects.count() == 80
    assert Membership.objects.filter(role=Role.OPD_STAFF).count() >= 400  # ~500 reminder recipients
    assert len(bench["submitters"]) == 3
    client.cookies[bench["session_cookie"]] = bench["session"]
    assert client.get(reverse("roadmap:home")).status_code == 200


def test_summary_follows_every_write_of_lines_milestones_and_reports(bench):
    ini = Initiative.objects.order_by("pk").first()
    other = Initiative.objects.order_by("pk").last()
    assert _summary(ini.pk) == _expected(ini.pk)
    line = BudgetLine.objects.filter(initiative=ini).first()
    line.planned += 5
    line.save()
    BudgetLine.objects.filter(initiative=ini).exclude(pk=line.pk).delete()
    BudgetLine.objects.filter(pk=line.pk).update(initiative=other)  # moved: both sides follow
    Milestone.objects.create(initiative=ini, title="x", due_date=dt.date(2020, 1, 1))
    Milestone.objects.filter(initiative=other).update(completed_date=dt.date(2020, 1, 1))
    ProgressReport.objects.filter(initiative=ini).delete()
    ProgressReport.objects.create(
        initiative=ini, year=ini.start_year, quarter=1, state="approved", reviewed_at=timezone.now()
    )
    for pk in (ini.pk, other.pk):
        assert _summary(pk) == _expected(pk)
    ini_pk = ini.pk
    Initiative.objects.filter(pk=ini_pk).delete()
    assert not InitiativeSummary.objects.filter(initiative_id=ini_pk).exists()


def test_roadmap_page_renders_one_page_whatever_the_number_of_initiatives(bench, client):
    _load_bench_data()  # the builder made 40; add enough for three pages
    plan = Initiative.objects.first().masterplan
    template = Initiative.objects.first()
    Initiative.objects.bulk_create(
        [
            Initiative(
                masterplan=plan,
                code=f"X-{n:04d}",
                title="x",
                dimension_id=template.dimension_id,
                lead_opd_id=template.lead_opd_id,
                start_year=plan.start_year,
                end_year=plan.end_year,
            )
            for n in range(2 * ROADMAP_PAGE_SIZE)
        ]
    )
    client.cookies[bench["session_cookie"]] = bench["session"]
    response = client.get(reverse("roadmap:roadmap"))
    assert response.context["count"] == 40 + 2 * ROADMAP_PAGE_SIZE
    assert sum(len(g["rows"]) for g in response.context["groups"]) == ROADMAP_PAGE_SIZE
    last = client.get(reverse("roadmap:roadmap"), {"page": 3})
    assert sum(len(g["rows"]) for g in last.context["groups"]) == 40
    printable = client.get(reverse("roadmap:roadmap-print"))
    assert printable.streaming
    html = b"".join(printable.streaming_content).decode()
    assert html.count("<tr><td>") == 40 + 2 * ROADMAP_PAGE_SIZE


def test_exports_stream(bench, client):
    client.cookies[bench["session_cookie"]] = bench["session"]
    for name in ("initiatives:export-csv", "initiatives:export-xlsx"):
        response = client.get(reverse(name))
        assert response.status_code == 200 and response.streaming
