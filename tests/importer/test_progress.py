"""Progress of a portal import: rows checked, then rows written, saved on the job while the import runs, so the job
page (another request, another database connection) can show it before the import's transaction commits."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from initiatives.models import Initiative
from roadmap import services
from roadmap.choices import ImportJobState
from roadmap.masterplan_io.importer.sheets import budget_lines, initiatives
from roadmap.models import ImportJob
from tests.conftest import require_service

from .conftest import INITIATIVE_HEADER, initiative_row, write_xlsx


def _job(admin_user, tmp_path, state=ImportJobState.IMPORTING):
    path = write_xlsx(
        tmp_path / "plan.xlsx",
        {
            "opds": [["code", "abbreviation", "name"], ["DINKES", "Dinkes", "Dinas Kesehatan"]],
            "initiatives": [INITIATIVE_HEADER, initiative_row("NEW-01"), initiative_row("NEW-02")],
        },
    )
    job = services.create_import_job(admin_user, SimpleUploadedFile("plan.xlsx", path.read_bytes()))
    ImportJob.objects.filter(pk=job.pk).update(state=state)
    return job


def _seen_from_another_connection(job_pk):
    """What a second session (the portal's job page) reads now: the job's progress and the new initiatives."""
    other = connection.copy()
    try:
        with other.cursor() as cursor:
            cursor.execute(
                f"SELECT stage, rows_checked, progress_done, progress_total FROM {ImportJob._meta.db_table} "
                "WHERE id = %s",
                [job_pk],
            )
            progress = cursor.fetchone()
            cursor.execute(f"SELECT COUNT(*) FROM {Initiative._meta.db_table} WHERE code LIKE %s", ["NEW-%"])
            initiatives = cursor.fetchone()[0]
    finally:
        other.close()
    return progress, initiatives


@pytest.mark.db
@pytest.mark.django_db(transaction=True)
def test_progress_written_during_the_import_is_visible_from_another_connection(
    admin_user, plan_data, tmp_path, monkeypatch
):
    require_service(
        "PostgreSQL",
        connection.vendor == "postgresql",
        "progress during the write needs a second connection; run with DATABASE_URL=postgres://…",
    )
    job = _job(admin_user, tmp_path)
    seen = []
    for sheet in (initiatives, budget_lines):
        original = sheet.apply

        def observed(*args, _original=original, **kwargs):
            seen.append(_seen_from_another_connection(job.pk))
            return _original(*args, **kwargs)

        monkeypatch.setattr(sheet, "apply", observed)

    job = services.run_import_job(job.pk, dry_run=False)

    # 1 agency + 2 initiatives checked; before the initiatives: the agency written; before the budget: all three;
    # and all the while the other connection sees no new initiative (all or nothing holds).
    assert seen == [(("writing", 3, 1, 3), 0), (("writing", 3, 3, 3), 0)]
    assert job.state == ImportJobState.DONE and job.rows_checked == 3
    assert Initiative.objects.filter(code__startswith="NEW-").count() == 2


@pytest.mark.db
def test_a_failed_write_keeps_nothing_but_the_failure(admin_user, plan_data, tmp_path, monkeypatch):
    job = _job(admin_user, tmp_path)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(budget_lines, "apply", broken)
    job = services.run_import_job(job.pk, dry_run=False)

    assert job.state == ImportJobState.FAILED and "disk full" in job.error
    assert not Initiative.objects.filter(code__startswith="NEW-").exists()


@pytest.mark.db
def test_check_records_rows_checked_and_a_heartbeat(admin_user, plan_data, tmp_path):
    job = _job(admin_user, tmp_path, state=ImportJobState.CHECKING)
    before = ImportJob.objects.get(pk=job.pk).updated_at

    job = services.run_import_job(job.pk, dry_run=True)

    assert job.state == ImportJobState.CHECKED and job.rows_checked == 3
    assert job.stage == "writing" and job.progress_done == job.progress_total == 3
    assert job.updated_at > before


@pytest.mark.db
def test_job_page_shows_rows_checked_and_rows_written(client, admin_user, plan_data):
    client.force_login(admin_user)
    job = ImportJob.objects.create(
        original_name="plan.xlsx",
        size=10,
        created_by=admin_user,
        state=ImportJobState.IMPORTING,
        stage="writing",
        rows_checked=5000,
        progress_done=2600,
        progress_total=5200,
    )
    page = client.get(reverse("masterplan:import-job", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' in page
    assert 'id="rows-checked">5.000<' in page
    assert 'id="rows-written">2.600 / 5.200<' in page
    assert 'aria-valuenow="50"' in page


@pytest.mark.db
def test_rows_written_move_batch_by_batch_and_the_command_line_bar_gets_them(plan_data, tmp_path, monkeypatch):
    from roadmap.management.commands.import_masterplan import ProgressBar
    from roadmap.masterplan_io import importer

    monkeypatch.setattr(importer.writer, "BATCH_SIZE", 2)
    path = write_xlsx(
        tmp_path / "plan.xlsx", {"initiatives": [INITIATIVE_HEADER, *(initiative_row(f"NEW-{i}") for i in range(5))]}
    )
    calls = []

    class Stream(list):
        def write(self, text):
            self.append(text)

        def flush(self):
            pass

        def isatty(self):
            return False

    bar = ProgressBar(Stream())
    report = importer.import_masterplan(path, progress=lambda *a: (calls.append(a), bar(*a)))

    assert report.applied
    writing = [done for stage, done, total in calls if stage == "writing"]
    # announced (0), then after each batch of two initiatives (2, 4, 5), then the budget lines (still 5)
    assert writing[:4] == [0, 2, 4, 5] and writing == sorted(writing)
    assert "writing  [" in "".join(bar.stream) and "] 5/5" in "".join(bar.stream)
