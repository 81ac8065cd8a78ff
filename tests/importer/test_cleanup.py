"""Old uploads: the files of finished import jobs older than MASTERPLAN_IMPORT_KEEP_DAYS are deleted (command,
Celery task on a daily beat schedule); the jobs stay listed with their results."""

import datetime as dt
import importlib
import io
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from roadmap import services, tasks
from roadmap.choices import ImportJobState
from roadmap.models import ImportJob

pytestmark = pytest.mark.db
migration = importlib.import_module("roadmap.migrations.0004_cleanup_uploads_schedule")
NOW = dt.datetime(2026, 11, 28, 3, 0, tzinfo=dt.UTC)


def _job(admin_user, state, days_ago, name):
    with time_machine.travel(NOW - dt.timedelta(days=days_ago), tick=False):
        job = ImportJob(
            original_name=name,
            size=4,
            created_by=admin_user,
            state=state,
            result={"counts": {"initiatives": {"created": 2, "updated": 0, "unchanged": 0}}},
        )
        job.file.save("plan.xlsx", ContentFile(b"data"), save=False)
        job.save()
    return job


@pytest.fixture
def jobs(admin_user):
    return {
        "old_done": _job(admin_user, ImportJobState.DONE, 31, "old_done.xlsx"),
        "old_failed": _job(admin_user, ImportJobState.FAILED, 40, "old_failed.xlsx"),
        "old_checked": _job(admin_user, ImportJobState.CHECKED, 35, "old_checked.xlsx"),
        "recent_done": _job(admin_user, ImportJobState.DONE, 29, "recent_done.xlsx"),
        "old_running": _job(admin_user, ImportJobState.IMPORTING, 31, "old_running.xlsx"),
    }


def _files(jobs):
    return {key: Path(job.file.path).exists() for key, job in jobs.items()}


def test_command_deletes_old_uploads_of_finished_jobs_and_keeps_the_rows(jobs):
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("cleanup_import_uploads", stdout=out)

    assert "3 upload(s) deleted" in out.getvalue()
    assert _files(jobs) == {
        "old_done": False,
        "old_failed": False,
        "old_checked": False,
        "recent_done": True,
        "old_running": True,
    }
    assert ImportJob.objects.count() == 5
    old_done = ImportJob.objects.get(pk=jobs["old_done"].pk)
    assert old_done.file.name == "" and old_done.result["counts"]["initiatives"]["created"] == 2
    assert old_done.updated_at == jobs["old_done"].updated_at  # its last activity is kept

    with time_machine.travel(NOW, tick=False):  # a second run finds nothing left to delete
        assert services.delete_old_import_uploads() == 0


def test_days_option_setting_and_dry_run(jobs, settings):
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("cleanup_import_uploads", "--days", "36", "--dry-run", stdout=out)
        assert "1 upload(s) would be deleted" in out.getvalue()
        assert all(_files(jobs).values())

        settings.MASTERPLAN_IMPORT_KEEP_DAYS = 10
        assert tasks.delete_old_import_uploads_task() == 4  # the beat task uses the setting

    assert _files(jobs)["old_running"] is True


def test_the_daily_schedule_is_installed_idempotently_keeping_admin_edits(db):
    # Installed by the migration; transactional tests may have flushed it since, so install it here again.
    PeriodicTask.objects.filter(task="roadmap.delete_old_import_uploads").delete()
    migration.install(apps, None)
    PeriodicTask.objects.filter(task="roadmap.delete_old_import_uploads").update(enabled=False)
    migration.install(apps, None)
    task = PeriodicTask.objects.get(task="roadmap.delete_old_import_uploads")
    assert not task.enabled and task.crontab.hour == "2" and task.crontab.minute == "30"


def test_a_checked_job_without_its_file_cannot_be_confirmed(client, admin_user, jobs):
    job = jobs["old_checked"]
    with time_machine.travel(NOW, tick=False):
        services.delete_old_import_uploads()
        client.force_login(admin_user)
        page = client.get(reverse("masterplan:import-job", args=[job.pk])).content.decode()
        client.post(reverse("masterplan:import-confirm", args=[job.pk]))

    assert 'id="file-deleted"' in page
    assert reverse("masterplan:import-confirm", args=[job.pk]) not in page
    assert ImportJob.objects.get(pk=job.pk).state == ImportJobState.CHECKED
