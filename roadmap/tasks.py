"""Celery tasks of the roadmap app: they only call services."""

from celery import shared_task

from .services import delete_old_import_uploads, run_import_job


@shared_task(name="roadmap.run_import_job")
def run_import_job_task(job_id: str, dry_run: bool):
    run_import_job(job_id, dry_run=dry_run)


@shared_task(name="roadmap.delete_old_import_uploads")
def delete_old_import_uploads_task():
    return delete_old_import_uploads()
