"""A job whose worker died: no progress for MASTERPLAN_IMPORT_STUCK_MINUTES → failed with a clear message, the page
stops refreshing and offers to check the file again."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatives.models import Initiative
from roadmap import services
from roadmap.choices import ImportJobState
from roadmap.models import ImportJob

from .conftest import INITIATIVE_HEADER, initiative_row, write_xlsx

pytestmark = pytest.mark.db
START = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def queued_job(admin_user, plan_data, tmp_path):
    """A job handed to a worker that never reported back (still "checking")."""
    path = write_xlsx(tmp_path / "plan.xlsx", {"initiatives": [INITIATIVE_HEADER, initiative_row("NEW-01")]})
    with time_machine.travel(START, tick=False):
        return services.create_import_job(admin_user, SimpleUploadedFile("plan.xlsx", path.read_bytes()))


def _page(client, job, minutes):
    with time_machine.travel(START + dt.timedelta(minutes=minutes), tick=False):
        return client.get(reverse("masterplan:import-job", args=[job.pk])).content.decode()


def test_job_without_progress_for_15_minutes_fails_and_can_be_started_again(client, admin_user, queued_job):
    with time_machine.travel(START, tick=False):  # the portal logs out idle sessions: log in on the test's clock
        client.force_login(admin_user)

    page = _page(client, queued_job, 14)
    assert 'http-equiv="refresh"' in page and 'id="stuck"' not in page
    assert ImportJob.objects.get().state == ImportJobState.CHECKING

    page = _page(client, queued_job, 16)
    job = ImportJob.objects.get()
    assert job.state == ImportJobState.FAILED and "15 minutes" in job.error
    assert 'http-equiv="refresh"' not in page
    assert 'id="stuck"' in page and "no progress for 15 minutes" in page
    assert reverse("masterplan:import-restart", args=[job.pk]) in page

    with time_machine.travel(START + dt.timedelta(minutes=17), tick=False):
        response = client.post(reverse("masterplan:import-restart", args=[job.pk]))

    assert response.status_code == 302 and response.url == reverse("masterplan:import-job", args=[job.pk])
    job.refresh_from_db()  # checked again (inline: no worker in tests)
    assert job.state == ImportJobState.CHECKED and job.error == "", job.error
    assert job.preview["counts"]["initiatives"]["created"] == 1


def test_progress_is_a_heartbeat(client, admin_user, queued_job):
    with time_machine.travel(START, tick=False):
        client.force_login(admin_user)
    with time_machine.travel(START + dt.timedelta(minutes=10), tick=False):
        services.ProgressRecorder(queued_job.pk)("reading", 250, 5000)  # the worker reports rows checked

    page = _page(client, queued_job, 24)

    assert ImportJob.objects.get().state == ImportJobState.CHECKING
    assert 'http-equiv="refresh"' in page

    _page(client, queued_job, 26)
    assert ImportJob.objects.get().state == ImportJobState.FAILED


def test_the_limit_comes_from_the_setting_and_the_upload_page_lists_stuck_jobs(
    client, admin_user, queued_job, settings
):
    settings.MASTERPLAN_IMPORT_STUCK_MINUTES = 5
    with time_machine.travel(START, tick=False):
        client.force_login(admin_user)
    with time_machine.travel(START + dt.timedelta(minutes=6), tick=False):
        page = client.get(reverse("masterplan:import")).content.decode()
    assert ImportJob.objects.get().state == ImportJobState.FAILED
    assert "Failed" in page


def test_an_importing_job_is_expired_too_and_finished_jobs_are_left_alone(admin_user, queued_job):
    done = ImportJob.objects.create(original_name="old.xlsx", size=1, created_by=admin_user, state=ImportJobState.DONE)
    ImportJob.objects.filter(pk=queued_job.pk).update(state=ImportJobState.IMPORTING)
    ImportJob.objects.filter(pk__in=[queued_job.pk, done.pk]).update(updated_at=START)

    assert services.expire_stuck_import_jobs(now=START + dt.timedelta(minutes=16)) == 1

    assert ImportJob.objects.get(pk=queued_job.pk).state == ImportJobState.FAILED
    assert ImportJob.objects.get(pk=done.pk).state == ImportJobState.DONE


def test_only_a_failed_job_can_be_started_again(client, admin_user, queued_job):
    client.force_login(admin_user)
    client.post(reverse("masterplan:import-restart", args=[queued_job.pk]))
    assert ImportJob.objects.get().state == ImportJobState.CHECKING


def test_a_late_task_for_a_job_given_up_as_stuck_writes_nothing(admin_user, queued_job):
    ImportJob.objects.filter(pk=queued_job.pk).update(state=ImportJobState.IMPORTING)
    services.expire_stuck_import_jobs(now=START + dt.timedelta(minutes=16))

    job = services.run_import_job(queued_job.pk, dry_run=False)  # the worker finally takes the queued task

    assert job.state == ImportJobState.FAILED and job.stage == services.STUCK_STAGE
    assert not Initiative.objects.filter(code="NEW-01").exists()
