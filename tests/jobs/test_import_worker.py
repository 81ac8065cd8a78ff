"""A portal masterplan import end to end through a real Celery worker on the real Redis: the upload's check and the
confirmed import both run as the roadmap task on this run's queue, and the data is written."""

import pytest
from celery.signals import task_prerun
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import roadmap.tasks  # noqa: F401 - registers the import task on the worker's app when it finalises
from initiatives.models import Initiative
from roadmap.choices import ImportJobState
from roadmap.models import ImportJob
from tests.importer.conftest import INITIATIVE_HEADER, initiative_row, plan_data, write_xlsx  # noqa: F401

from .conftest import RUN_QUEUE, wait_for

pytestmark = [pytest.mark.jobs, pytest.mark.django_db(transaction=True)]


def _state(job_pk):
    return ImportJob.objects.values_list("state", flat=True).get(pk=job_pk)


def test_portal_import_runs_on_a_real_worker(
    client,
    admin_user,
    plan_data,  # noqa: F811 - the fixture imported above
    tmp_path,
    settings,
    celery_worker_on_redis,
):
    settings.MASTERPLAN_IMPORT_ASYNC = True
    ran_in = []

    def record(sender=None, **kwargs):
        ran_in.append((sender.name, kwargs["task"].request.delivery_info.get("routing_key")))

    task_prerun.connect(record, weak=False)
    try:
        client.force_login(admin_user)
        path = write_xlsx(
            tmp_path / "plan.xlsx",
            {"initiatives": [INITIATIVE_HEADER, initiative_row("NEW-01"), initiative_row("NEW-02", budget_2026=5)]},
        )
        response = client.post(
            reverse("masterplan:import"), {"file": SimpleUploadedFile("plan.xlsx", path.read_bytes())}
        )
        job = ImportJob.objects.get()
        assert response.status_code == 302

        assert wait_for(lambda: _state(job.pk) == ImportJobState.CHECKED), _state(job.pk)
        job.refresh_from_db()
        assert job.preview["counts"]["initiatives"] == {"created": 2, "updated": 0, "unchanged": 0}
        assert not Initiative.objects.filter(code__startswith="NEW-").exists()  # the check writes nothing

        client.post(reverse("masterplan:import-confirm", args=[job.pk]))

        assert wait_for(lambda: _state(job.pk) == ImportJobState.DONE), _state(job.pk)
    finally:
        task_prerun.disconnect(record)
    job.refresh_from_db()
    assert job.imported_at is not None and job.rows_checked == 2
    assert job.result["counts"]["initiatives"]["created"] == 2
    assert set(Initiative.objects.filter(code__startswith="NEW-").values_list("code", flat=True)) == {
        "NEW-01",
        "NEW-02",
    }
    assert Initiative.objects.get(code="NEW-02").budget_lines.get(year=2026).planned == 5
    assert Initiative.objects.get(code="NEW-01").history.get().history_user == admin_user
    # both runs went through the worker, from this run's own queue
    assert ran_in == [("roadmap.run_import_job", RUN_QUEUE)] * 2
