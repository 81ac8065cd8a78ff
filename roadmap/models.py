"""Masterplan import jobs: an uploaded workbook, its preview and its import."""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from masterplans.models import Masterplan

from .choices import ImportJobState


def import_upload_to(instance, filename):
    """Uploads are stored under a generated name; the admin's file name is kept only as data."""
    suffix = Path(filename).suffix.lower()[:6]
    return f"masterplan-imports/{instance.pk.hex}{suffix}"


class ImportJob(TimeStampedModel):
    """One uploaded masterplan file, its preview (dry run) and, once confirmed, its import; holds the progress shown
    in the portal and the result (counts per kind, every problem as sheet/row/column/message)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    masterplan = models.ForeignKey(
        Masterplan,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="import_jobs",
        verbose_name=_("masterplan"),
    )
    file = models.FileField(_("file"), upload_to=import_upload_to, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by")
    )
    language = models.CharField(_("language"), max_length=8, default="id")
    state = models.CharField(_("state"), max_length=10, choices=ImportJobState.choices, default=ImportJobState.CHECKING)
    stage = models.CharField(_("stage"), max_length=20, blank=True)
    rows_checked = models.PositiveIntegerField(_("rows checked"), default=0)
    progress_done = models.PositiveIntegerField(_("rows done"), default=0)
    progress_total = models.PositiveIntegerField(_("rows in total"), null=True, blank=True)
    preview = models.JSONField(_("preview"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("masterplan import")
        verbose_name_plural = _("masterplan imports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ImportJobState.values),
                name="import_job_state_valid",
                violation_error_message=_("Unknown import state."),
            ),
        ]

    def __str__(self):
        return f"{self.original_name} ({self.get_state_display()})"

    @property
    def running(self) -> bool:
        return self.state in (ImportJobState.CHECKING, ImportJobState.IMPORTING)

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def state_colour(self):
        return ImportJobState.colour(self.state)
