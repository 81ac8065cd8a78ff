"""Writes of the roadmap app: masterplan import jobs (upload, check, confirm, run) for the admin portal.

The import itself lives in ``roadmap.masterplan_io``; these functions store the upload, run the importer as a Celery
task when a worker answers (inline otherwise), and keep the job's progress and result for the portal to show.
"""

from __future__ import annotations

import logging
import socket
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.exceptions import TransitionError
from masterplans.selectors import active_masterplan
from opd.permissions import require_admin

from .choices import ImportJobState
from .masterplan_io.importer import import_masterplan
from .models import ImportJob

log = logging.getLogger(__name__)
ALLOWED_SUFFIXES = (".xlsx", ".csv", ".zip")
PROGRESS_EVERY = 250  # rows between progress writes


def create_import_job(user, uploaded_file) -> ImportJob:
    """Store an uploaded masterplan file (generated name under MEDIA_ROOT, size limit) as a new job."""
    require_admin(user)
    suffix = Path(uploaded_file.name or "").suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise ValidationError(_("Upload an .xlsx workbook, a .csv file or a .zip of CSV files."))
    limit = settings.MASTERPLAN_IMPORT_MAX_BYTES
    if uploaded_file.size > limit:
        raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)})
    job = ImportJob(
        masterplan=active_masterplan(),
        original_name=Path(uploaded_file.name).name[:255],
        size=uploaded_file.size,
        created_by=user,
        language=translation.get_language() or "id",
    )
    job.file.save(uploaded_file.name, uploaded_file, save=False)
    job.save()
    return job


def worker_available() -> bool:
    """True when import jobs should go to Celery: enabled, the broker answers and a worker replies to a ping."""
    if not settings.MASTERPLAN_IMPORT_ASYNC or settings.CELERY_TASK_ALWAYS_EAGER:
        return False
    broker = urlparse(settings.CELERY_BROKER_URL)
    try:
        with socket.create_connection((broker.hostname or "127.0.0.1", broker.port or 6379), timeout=0.3):
            pass
    except OSError:
        return False
    try:
        from celery import current_app  # the project's app; a test's own app when it has made it current

        return bool(current_app.control.ping(timeout=0.8))
    except Exception:  # noqa: BLE001 - any broker trouble means: run inline
        log.warning("Celery ping failed; running the masterplan import inline", exc_info=True)
        return False


def _dispatch(job: ImportJob, dry_run: bool):
    if worker_available():
        from .tasks import run_import_job_task

        transaction.on_commit(lambda: run_import_job_task.delay(str(job.pk), dry_run))
        return "queued"
    run_import_job(job.pk, dry_run=dry_run)
    return "inline"


def start_check(job: ImportJob) -> str:
    """Check the uploaded file (a dry run): the preview the admin confirms."""
    return _dispatch(job, dry_run=True)


def confirm_import(user, job: ImportJob) -> str:
    """Import a checked file whose preview had no problem."""
    require_admin(user)
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.state != ImportJobState.CHECKED or job.preview.get("problems") or not job.file:
            raise TransitionError(_("Only a checked file without problems can be imported."))
        job.state, job.stage, job.progress_done = ImportJobState.IMPORTING, "", 0
        job.save(update_fields=["state", "stage", "progress_done", "updated_at"])
    return _dispatch(job, dry_run=False)


class ProgressRecorder:
    """Saves an import's progress on its job, also while the import's own transaction is open.

    Progress written inside the import's transaction would stay invisible until the commit (and vanish with a
    rollback), so while that transaction is open the progress goes through a second, autocommitting connection to
    the same database. The import's all-or-nothing is unaffected: the second connection touches only the job row,
    which the import never writes. This needs PostgreSQL: on SQLite a second connection would wait for the lock the
    import holds, so there the job shows the counts before the write ("writing 0 of N") and after it (the result).
    A caller that already holds a transaction (a test case, a request inside ``ATOMIC_REQUESTS``) keeps the job's
    progress on its own connection too: the job row may be locked by that transaction, and the side connection would
    wait for it forever.

    Every saved progress also moves ``updated_at``: the heartbeat by which a job whose worker died is recognised
    (``expire_stuck_import_jobs``).
    """

    def __init__(self, job_id):
        self.job_id = job_id
        self.last = {"done": -PROGRESS_EVERY, "stage": None}
        self.connection = connections[ImportJob.objects.db]
        self.outer_atomic = self.connection.in_atomic_block
        self.side, self.checked = None, 0
        if self.connection.vendor == "postgresql" and not self.outer_atomic:
            self.side = self.connection.copy()

    def __call__(self, stage, done, total):
        if stage == "reading":
            self.checked = done
        # Reading reports every row; writing reports per written batch of 500 and per kind, always saved.
        if (
            stage == self.last["stage"]
            and stage != "writing"
            and done - self.last["done"] < PROGRESS_EVERY
            and done != total
        ):
            return
        self.last.update(stage=stage, done=done)
        values = {
            "stage": stage,
            "rows_checked": self.checked,
            "progress_done": done,
            "progress_total": total,
            "updated_at": timezone.now(),
        }
        inside_import = self.connection.in_atomic_block and not self.outer_atomic
        if not inside_import:
            ImportJob.objects.filter(pk=self.job_id).update(**values)
        elif self.side is not None:
            self._save_on_side(values)
        # else: SQLite inside the import's transaction: nothing until the write ends (see the class docstring)

    def _save_on_side(self, values):
        quote = self.side.ops.quote_name
        assignments = ", ".join(f"{quote(ImportJob._meta.get_field(name).column)} = %s" for name in values)
        table, pk = quote(ImportJob._meta.db_table), quote(ImportJob._meta.pk.column)
        sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"
        try:
            with self.side.cursor() as cursor:
                cursor.execute(sql, [*values.values(), self.job_id])
        except DatabaseError:  # progress is a courtesy: it must never break the import
            log.warning("Could not save the progress of import job %s", self.job_id, exc_info=True)

    def close(self):
        if self.side is not None:
            self.side.close()


STUCK_STAGE = "stuck"


def expire_stuck_import_jobs(now=None) -> int:
    """Mark as failed every checking/importing job whose progress has not moved for
    ``MASTERPLAN_IMPORT_STUCK_MINUTES`` (the worker running it died, or no worker ever took it). Returns how many.

    An import whose worker died wrote nothing: its transaction ended with the connection. Should the worker be alive
    after all, its result still replaces the failure when it ends; a run that had not started yet is skipped.
    """
    now = now or timezone.now()
    minutes = settings.MASTERPLAN_IMPORT_STUCK_MINUTES
    return ImportJob.objects.filter(
        state__in=(ImportJobState.CHECKING, ImportJobState.IMPORTING),
        updated_at__lt=now - timedelta(minutes=minutes),
    ).update(
        state=ImportJobState.FAILED,
        stage=STUCK_STAGE,
        updated_at=now,
        error=f"No progress for {minutes} minutes; the worker running this job probably stopped.",
    )


def restart_import_job(user, job: ImportJob) -> str:
    """Check a failed job's file again from the start (the admin confirms the new preview as usual)."""
    require_admin(user)
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.state != ImportJobState.FAILED or not job.file:
            raise TransitionError(_("Only a failed job whose file is still stored can be started again."))
        job.state, job.stage, job.error = ImportJobState.CHECKING, "", ""
        job.rows_checked = job.progress_done = 0
        job.progress_total, job.preview, job.result, job.imported_at = None, {}, {}, None
        job.save()
    return _dispatch(job, dry_run=True)


FINISHED_STATES = (ImportJobState.CHECKED, ImportJobState.DONE, ImportJobState.FAILED)


def delete_old_import_uploads(days: int | None = None, now=None, dry_run: bool = False) -> int:
    """Delete the uploaded files of jobs finished (checked, imported or failed) and untouched for ``days`` (default
    ``MASTERPLAN_IMPORT_KEEP_DAYS``); the job rows, their previews and results stay. Returns how many files.

    A checked job whose file is gone can no longer be confirmed: the admin uploads the file again.
    """
    days = settings.MASTERPLAN_IMPORT_KEEP_DAYS if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    old = ImportJob.objects.filter(state__in=FINISHED_STATES, updated_at__lt=cutoff).exclude(file="")
    deleted = 0
    for job in old.only("id", "file").iterator(chunk_size=200):
        deleted += 1
        if dry_run:
            continue
        try:
            job.file.storage.delete(job.file.name)  # a file already missing is no error
        except OSError:
            log.warning("Could not delete the upload %s of import job %s", job.file.name, job.pk, exc_info=True)
            deleted -= 1
            continue
        # Only the file column: updated_at keeps the job's last activity.
        ImportJob.objects.filter(pk=job.pk).update(file="")
    return deleted


def run_import_job(job_id, dry_run: bool) -> ImportJob:
    """Run the check or the import of a job (in a Celery worker or inline), saving progress and the result."""
    job = ImportJob.objects.select_related("created_by", "masterplan").get(pk=job_id)
    expected = ImportJobState.CHECKING if dry_run else ImportJobState.IMPORTING
    if job.state != expected:
        # A task delivered late (a busy or restarted worker) for a job given up as stuck meanwhile: the admin was
        # told nothing was written, so nothing is; "Check the file again" starts a fresh run.
        log.warning("Import job %s is %s, not %s; this run is skipped", job.pk, job.state, expected)
        return job
    progress = ProgressRecorder(job.pk)
    progress("reading", 0, None)  # the first heartbeat: a worker has the job
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            report = import_masterplan(
                job.file.path, masterplan=job.masterplan, dry_run=dry_run, user=job.created_by, progress=progress
            )
        except Exception as exc:  # noqa: BLE001 - the job records the failure for the admin
            log.exception("Masterplan import job %s failed", job.pk)
            ImportJob.objects.filter(pk=job.pk).update(
                state=ImportJobState.FAILED, error=str(exc)[:2000], updated_at=timezone.now()
            )
            job.refresh_from_db()
            return job
        finally:
            progress.close()
    job.refresh_from_db()
    job.rows_checked = report.rows
    if dry_run:
        job.preview = report.as_dict()
        job.state = ImportJobState.CHECKED
    else:
        job.result = report.as_dict()
        job.state = ImportJobState.DONE if report.applied else ImportJobState.FAILED
        job.imported_at = timezone.now() if report.applied else None
    job.save()
    return job
