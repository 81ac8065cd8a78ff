"""Administrators edit the masterplan's narrative and each dimension's findings in the portal, with versions (a
stale save is refused, naming what changed) and history; other roles only read."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.exceptions import ConflictError
from dimensions import services as dimension_services
from dimensions.models import ConditionFinding
from masterplans import services as masterplan_services
from masterplans.choices import MasterplanStatus
from opd.choices import Role
from tests.factories import DimensionFactory, MasterplanFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return MasterplanFactory(start_year=2026, end_year=2030, status=MasterplanStatus.ACTIVE, vision="Lama")


@pytest.fixture
def admin():
    return make_user(Role.ADMIN, username="admin1")


def test_admin_edits_the_vision_and_a_stale_form_is_refused_with_what_changed(client, plan, admin):
    client.force_login(admin)
    url = reverse("masterplan:overview")
    loaded = plan.version
    data = {"title": plan.title, "vision": "Visi baru", "mission": "Misi", "description": "", "version": loaded}
    assert client.post(url, data).status_code == 302
    plan.refresh_from_db()
    assert (plan.vision, plan.mission, plan.version) == ("Visi baru", "Misi", loaded + 1)
    assert plan.history.latest().history_user == admin

    stale = client.post(url, {**data, "vision": "Visi lain"})
    assert stale.status_code == 409
    assert "Visi baru" in stale.content.decode()  # what the other person saved
    plan.refresh_from_db()
    assert plan.vision == "Visi baru"


def test_admin_sets_a_yearly_theme(client, plan, admin):
    client.force_login(admin)
    response = client.post(
        reverse("masterplan:overview"),
        {"year": 2027, "y2027-theme": "Transformasi", "y2027-focus": "Layanan", "y2027-version": ""},
    )
    assert response.status_code == 302
    year = plan.roadmap_years.get(year=2027)
    assert (year.theme, year.version, year.history.count()) == ("Transformasi", 1, 1)
    assert "Transformasi" in client.get(reverse("masterplan:overview")).content.decode()


def test_viewer_reads_but_may_not_edit(client, plan):
    viewer = make_user(Role.VIEWER, username="viewer1")
    client.force_login(viewer)
    assert client.get(reverse("masterplan:overview")).status_code == 200
    assert client.post(reverse("masterplan:overview"), {"title": "x", "version": plan.version}).status_code == 403
    with pytest.raises(PermissionDenied):
        masterplan_services.update_masterplan(viewer, plan, data={"vision": "x"})


def test_findings_add_edit_reorder_delete(client, plan, admin):
    dimension = DimensionFactory(code="society")
    client.force_login(admin)
    url = reverse("roadmap:findings", args=["society"])
    for text in ("Pertama", "Kedua"):
        assert (
            client.post(url, {"action": "add", "new-kind": "problem", "new-text": text, "new-source": ""}).status_code
            == 302
        )
    first, second = ConditionFinding.objects.filter(dimension=dimension).order_by("order")
    assert (first.order, second.order) == (1, 2)

    assert client.post(url, {"action": "up", "finding": second.pk, "version": second.version}).status_code == 302
    assert list(ConditionFinding.objects.order_by("order").values_list("text", flat=True)) == ["Kedua", "Pertama"]

    first.refresh_from_db()
    response = client.post(
        url,
        {
            "action": "edit",
            "finding": first.pk,
            f"f{first.pk}-kind": "potential",
            f"f{first.pk}-text": "Pertama (ubah)",
            f"f{first.pk}-source": "BPS",
            f"f{first.pk}-version": first.version,
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.kind, first.text, first.source) == ("potential", "Pertama (ubah)", "BPS")
    assert first.history.latest().history_user == admin

    stale = client.post(url, {"action": "delete", "finding": first.pk, "version": first.version - 1})
    assert stale.status_code == 409 and ConditionFinding.objects.filter(pk=first.pk).exists()
    assert client.post(url, {"action": "delete", "finding": first.pk, "version": first.version}).status_code == 302
    assert not ConditionFinding.objects.filter(pk=first.pk).exists()
    assert "Kedua" in client.get(url).content.decode()
    assert client.get(reverse("roadmap:dimension", args=["society"])).status_code == 200


def test_a_stale_finding_edit_names_the_change(admin):
    finding = dimension_services.add_finding(admin, DimensionFactory(), kind="problem", text="A")
    dimension_services.update_finding(admin, finding, kind="problem", text="B", expected_version=1)
    with pytest.raises(ConflictError) as excinfo:
        dimension_services.update_finding(admin, finding, kind="problem", text="C", expected_version=1)
    assert [(label, before, now) for label, before, now in excinfo.value.changes] == [("text", "A", "B")]


def test_staff_may_not_edit_findings(client, plan):
    from tests.factories import OpdFactory

    staff = make_user(Role.OPD_STAFF, opd=OpdFactory())
    DimensionFactory(code="living")
    client.force_login(staff)
    url = reverse("roadmap:findings", args=["living"])
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "add", "new-kind": "problem", "new-text": "x"}).status_code == 403


def test_the_pages_list_who_changed_what(client, plan, admin):
    client.force_login(admin)
    masterplan_services.update_masterplan(admin, plan, data={"vision": "Visi 2"}, expected_version=plan.version)
    page = client.get(reverse("masterplan:overview")).content.decode()
    assert "Recent changes" in page and "admin1" in page
    dimension = DimensionFactory(code="branding")
    finding = dimension_services.add_finding(admin, dimension, kind="uniqueness", text="Batik khas")
    dimension_services.delete_finding(admin, finding, expected_version=finding.version)
    page = client.get(reverse("roadmap:findings", args=["branding"])).content.decode()
    assert "deleted" in page and "Batik khas" in page


def test_the_django_admin_shows_the_narrative_read_only(client, plan):
    superuser = make_user(None, username="root")
    superuser.is_superuser = superuser.is_staff = True
    superuser.save()
    finding = dimension_services.add_finding(superuser, DimensionFactory(), kind="problem", text="A")
    client.force_login(superuser)
    assert client.get(f"/admin/masterplans/masterplan/{plan.pk}/change/").status_code == 200
    assert client.post(f"/admin/masterplans/masterplan/{plan.pk}/change/", {"title": "x"}).status_code == 403
    assert client.post(f"/admin/dimensions/conditionfinding/{finding.pk}/change/", {"text": "B"}).status_code == 403
    assert client.get("/admin/masterplans/masterplan/add/").status_code == 403
    plan.refresh_from_db()
    finding.refresh_from_db()
    assert plan.title != "x" and finding.text == "A"
