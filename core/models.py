"""Abstract base models shared by the apps: timestamps, an optimistic-locking version, and a span of years."""

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

    def bump_version(self) -> None:
        """Mark this object as changed: the next save stores a new version, so an edit loaded at the old one is
        refused instead of overwriting this one."""
        self.version = (self.version or 0) + 1


class YearSpan:
    """Behaviour of a model with ``start_year`` and ``end_year`` (inclusive): a masterplan, an initiative."""

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    def contains_year(self, year) -> bool:
        return year is not None and self.start_year <= year <= self.end_year
