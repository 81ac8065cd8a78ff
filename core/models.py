"""Abstract base models shared by the apps: timestamps and an optimistic-locking version."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """A model edited by several people: every save through a service increments ``version``.

    Forms and API writes carry the version they were loaded at; a service refuses the write (ConflictError) when the
    stored version has moved on, so nobody's edit is overwritten silently.
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True
