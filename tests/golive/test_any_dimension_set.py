"""A masterplan with the national programme's six dimensions (governance, branding, economy, living, society,
environment), imported from a workbook into an empty database: every page, export, API endpoint, chart and the
reminders work with it — nothing assumes the demo's dimension codes."""

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from dimensions.models import Dimension, Indicator
from initiatives.models import Initiative, Milestone
from masterplans.models import Masterplan
from notifications.models import Notification
from opd.choices import Role
from opd.models import Opd
from roadmap.masterplan_io.importer import import_masterplan
from tests.factories import make_user

from . import workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def national(tmp_path, settings):
    settings.MASTERPLAN_IMPORT_ASYNC = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    report = import_masterplan(workbook.write(tmp_path / "national.xlsx"))
    assert report.ok, report.problems
    return Masterplan.objects.get()


def _urls():
    initiative = Initiative.objects.order_by("code").first()
    indicator = Indicator.objects.order_by("code").first()
    urls = [
        "/",
        "/roadmap/",
        "/public/",
        reverse("roadmap:leadership-report", args=[2027, 2]),
        "/masterplan/",
        "/masterplan/import/",
        "/masterplan/template.xlsx",
        "/masterplan/export.xlsx",
        "/masterplan/export.zip",
        "/initiatives/",
        "/initiatives/export.xlsx",
        "/initiatives/export.csv",
        "/initiatives/reviews/",
        f"/initiatives/{initiative.pk}/",
        f"/initiatives/{initiative.pk}/edit/",
        f"/initiatives/{initiative.pk}/milestones/new/",
        "/notifications/",
        "/notifications/reminders/",
        "/notifications/reminders/settings/",
        "/tokens/",
        "/opendata/",
        "/opendata/catalog.jsonld",
        "/opendata/api/3/action/package_list",
        "/api/schema/",
        "/revisions/",
        "/revisions/changes/",
        "/revisions/changes.xlsx",
        "/api/v1/dimensions/",
        "/api/v1/opds/",
        "/api/v1/indicators/",
        f"/api/v1/indicators/{indicator.pk}/",
        "/api/v1/initiatives/",
        f"/api/v1/initiatives/{initiative.pk}/",
        "/api/v1/reports/",
        "/api/v1/milestones/",
        "/api/v1/roadmap/",
        "/api/v1/stats/",
        "/api/v1/initiatives/?format=csv",
    ]
    for code in Dimension.objects.values_list("code", flat=True):
        urls += [
            f"/dimensions/{code}/",
            f"/dimensions/{code}/findings/",
            f"/api/v1/dimensions/{code}/",
            f"/initiatives/?dimension={code}",
            f"/roadmap/?dimension={code}",
        ]
    for code in Opd.objects.values_list("code", flat=True):
        urls += [f"/opd/{code}/"]
    return urls


@time_machine.travel("2027-08-15 10:00 +0700", tick=False)
def test_every_page_and_endpoint_answers_for_an_admin(client, national, settings):
    settings.PUBLIC_PORTAL = True
    settings.OPEN_DATA = "true"
    client.force_login(make_user(Role.ADMIN, username="admin-national"))
    failures = {}
    for url in _urls():
        response = client.get(url, follow=True)
        if response.status_code != 200:
            failures[url] = response.status_code
    assert not failures
    dashboard = client.get("/").content.decode()
    for _code, _name, name_en, _colour in workbook.DIMENSIONS:
        assert name_en in dashboard  # the budget chart and the dimension cards name every dimension


def test_agency_staff_see_their_pages_and_reminders_run(client, national, mailoutbox):
    staff = make_user(Role.OPD_STAFF, opd=Opd.objects.get(code="DISKOMINFO"), username="staf-kominfo")
    staff.email = "staf@contoh.go.id"
    staff.save()
    client.force_login(staff)
    for url in ("/", "/initiatives/mine/", "/dimensions/governance/", "/opd/DISKOMINFO/"):
        assert client.get(url).status_code == 200, url
    Milestone.objects.update(due_date="2027-01-15")
    call_command("send_reminders", "--date", "2027-02-20")
    assert Notification.objects.filter(recipient=staff).exists()
