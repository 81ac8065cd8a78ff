"""The admin pages: upload → preview (every problem listed) → confirm; template and export downloads; 403 for others."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatives.models import Initiative
from roadmap.choices import ImportJobState
from roadmap.models import ImportJob

from .conftest import INITIATIVE_HEADER, initiative_row, snapshot, write_xlsx

pytestmark = pytest.mark.db


def _upload(client, path, name=None):
    with open(path, "rb") as fh:
        upload = SimpleUploadedFile(name or path.name, fh.read())
    return client.post(reverse("masterplan:import"), {"file": upload})


def test_admin_uploads_sees_preview_then_confirms(client, admin_user, plan_data, tmp_path, settings):
    client.force_login(admin_user)
    assert client.get(reverse("masterplan:import")).status_code == 200
    path = write_xlsx(
        tmp_path / "Masterplan final (2).xlsx",
        {"initiatives": [INITIATIVE_HEADER, initiative_row("NEW-01"), initiative_row("NEW-02")]},
    )
    before = snapshot()

    response = _upload(client, path)

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("masterplan:import-job", args=[job.pk])
    assert job.state == ImportJobState.CHECKED and job.created_by == admin_user
    assert job.original_name == "Masterplan final (2).xlsx"
    assert job.file.name.startswith("masterplan-imports/") and "final" not in job.file.name  # a generated name
    assert str(settings.MEDIA_ROOT) in job.file.path
    assert snapshot() == before  # the preview writes nothing
    page = client.get(response.url).content.decode()
    assert 'id="summary"' in page and 'id="problems"' not in page
    assert reverse("masterplan:import-confirm", args=[job.pk]) in page

    response = client.post(reverse("masterplan:import-confirm", args=[job.pk]))

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == ImportJobState.DONE and job.imported_at is not None
    assert job.result["counts"]["initiatives"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert set(Initiative.objects.filter(code__startswith="NEW-").values_list("code", flat=True)) == {
        "NEW-01",
        "NEW-02",
    }
    assert Initiative.objects.get(code="NEW-01").history.get().history_user == admin_user
    assert client.get(response.url).status_code == 200


def test_preview_lists_every_problem_and_cannot_be_confirmed(client, admin_user, plan_data, tmp_path):
    client.force_login(admin_user)
    path = write_xlsx(
        tmp_path / "plan.xlsx",
        {
            "initiatives": [
                INITIATIVE_HEADER,
                initiative_row("BAD-1", opd="NOPE"),
                initiative_row("BAD-2", progress=300),
            ]
        },
    )
    before = snapshot()

    response = _upload(client, path)
    page = client.get(response.url).content.decode()

    job = ImportJob.objects.get()
    assert [(p["sheet"], p["row"], p["column"]) for p in job.preview["problems"]] == [
        ("initiatives", 2, "opd"),
        ("initiatives", 3, "progress"),
    ]
    assert 'id="problems"' in page and "NOPE" in page
    assert "<td>initiatives</td><td>3</td><td>progress</td>" in page.replace("\n", "")
    assert reverse("masterplan:import-confirm", args=[job.pk]) not in page

    client.post(reverse("masterplan:import-confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == ImportJobState.CHECKED
    assert snapshot() == before
    problems_csv = client.get(reverse("masterplan:import-problems", args=[job.pk])).content.decode()
    assert "initiatives,3,progress" in problems_csv


def test_a_file_that_is_not_a_spreadsheet_is_reported_in_the_portal(client, admin_user, plan_data):
    client.force_login(admin_user)
    upload = SimpleUploadedFile("plan.xlsx", b"%PDF-1.7\x00\x01\x02" * 100)
    response = client.post(reverse("masterplan:import"), {"file": upload})
    job = ImportJob.objects.get()
    assert job.preview["problems"][0]["sheet"] == "file"
    assert 'id="problems"' in client.get(response.url).content.decode()


def test_upload_too_large_or_of_another_type_is_refused(client, admin_user, plan_data, settings):
    client.force_login(admin_user)
    settings.MASTERPLAN_IMPORT_MAX_BYTES = 100
    response = client.post(reverse("masterplan:import"), {"file": SimpleUploadedFile("plan.csv", b"x" * 101)})
    assert response.status_code == 200 and not ImportJob.objects.exists()
    response = client.post(reverse("masterplan:import"), {"file": SimpleUploadedFile("plan.exe", b"MZ")})
    assert response.status_code == 200 and not ImportJob.objects.exists()


def test_template_and_export_downloads(client, admin_user, plan_data):
    client.force_login(admin_user)
    response = client.get(reverse("masterplan:template"))
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert {"opds", "dimensions", "sub_dimensions", "indicators", "initiatives", "budget_lines", "milestones"} <= set(
        workbook.sheetnames
    )
    header = [c.value for c in workbook["initiatives"][1]]
    assert header[:11] == [
        "code",
        "title",
        "description",
        "dimension",
        "opd",
        "supporting_opds",
        "horizon",
        "start_year",
        "end_year",
        "status",
        "progress",
    ]
    assert [c for c in header if c.startswith("budget_")] == [f"budget_{y}" for y in range(2025, 2030)]
    assert workbook["initiatives"].max_row == 2  # header and one example row

    response = client.get(reverse("masterplan:export"))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook["initiatives"]["A2"].value == "LIV-01"
    response = client.get(reverse("masterplan:export-csv"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"


@pytest.mark.parametrize("name", ["import", "template", "export", "export-csv"])
@pytest.mark.parametrize("who", ["viewer_user", "staff_user"])
def test_non_admins_get_403(client, request, plan_data, name, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(f"masterplan:{name}")).status_code == 403


def test_non_admins_cannot_see_or_confirm_a_job(client, viewer_user, admin_user, plan_data, tmp_path):
    client.force_login(admin_user)
    _upload(client, write_xlsx(tmp_path / "plan.xlsx", {"initiatives": [INITIATIVE_HEADER, initiative_row()]}))
    job = ImportJob.objects.get()
    client.force_login(viewer_user)
    assert client.get(reverse("masterplan:import-job", args=[job.pk])).status_code == 403
    assert client.post(reverse("masterplan:import-confirm", args=[job.pk])).status_code == 403
    assert client.post(reverse("masterplan:import"), {}).status_code == 403
    job.refresh_from_db()
    assert job.state == ImportJobState.CHECKED


def test_anonymous_goes_to_login(client, db):
    response = client.get(reverse("masterplan:import"))
    assert response.status_code == 302 and reverse("login") in response.url


def test_running_job_shows_progress_and_refreshes(client, admin_user, plan_data):
    client.force_login(admin_user)
    job = ImportJob.objects.create(
        original_name="plan.xlsx",
        size=10,
        created_by=admin_user,
        state=ImportJobState.IMPORTING,
        stage="reading",
        progress_done=1250,
        progress_total=5000,
    )
    page = client.get(reverse("masterplan:import-job", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' in page and 'aria-valuenow="25"' in page and "1.250" in page


def test_with_a_worker_the_check_is_queued_as_a_celery_task(
    client, admin_user, plan_data, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    from roadmap import services, tasks

    queued = []
    monkeypatch.setattr(services, "worker_available", lambda: True)
    monkeypatch.setattr(tasks.run_import_job_task, "delay", lambda *args: queued.append(args))
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, write_xlsx(tmp_path / "plan.xlsx", {"initiatives": [INITIATIVE_HEADER, initiative_row()]}))
    job = ImportJob.objects.get()
    assert queued == [(str(job.pk), True)]
    assert job.state == ImportJobState.CHECKING  # the worker will run it; the page shows progress meanwhile
    tasks.run_import_job_task(str(job.pk), True)  # what the worker does
    job.refresh_from_db()
    assert job.state == ImportJobState.CHECKED and job.preview["counts"]["initiatives"]["created"] == 1


def test_without_a_reachable_broker_no_worker_is_assumed(settings):
    from roadmap.services import worker_available

    settings.MASTERPLAN_IMPORT_ASYNC = True
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    assert worker_available() is False


@pytest.mark.parametrize("jobs", [1, 12])
def test_import_page_queries_do_not_grow_with_jobs(client, admin_user, plan_data, jobs):
    ImportJob.objects.bulk_create(
        [
            ImportJob(original_name=f"f{i}.xlsx", size=1, created_by=admin_user, state=ImportJobState.DONE)
            for i in range(jobs)
        ]
    )
    client.force_login(admin_user)
    client.get(reverse("masterplan:import"))  # warm the session and the user
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("masterplan:import"))
    assert response.status_code == 200
    assert response.content.decode().count("/masterplan/import/") >= min(jobs, 10)
    assert len(ctx.captured_queries) <= 12, [q["sql"] for q in ctx.captured_queries]
