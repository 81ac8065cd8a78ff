"""Reads of the masterplan import jobs."""

from ..models import ImportJob


def recent_import_jobs(limit: int = 10):
    """The latest masterplan import jobs for the admin import page."""
    return ImportJob.objects.select_related("created_by").order_by("-created_at")[:limit]
