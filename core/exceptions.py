"""Exceptions raised by services and translated by views and the API into messages and status codes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError  # noqa: F401 - re-exported for services


class ConflictError(Exception):
    """The object changed since the caller loaded it (optimistic locking).

    ``current`` is the object as stored now, ``changes`` a list of (field label, their value, current value) and
    ``changed_by`` who saved the newer version, so the UI can show what changed and who changed it. ``base`` is the
    object as it was at the version the caller loaded (a history record), when known: the portal merges from it.
    """

    def __init__(self, current, changes=None, changed_by=None, message=None, base=None):
        self.current = current
        self.changes = changes or []
        self.changed_by = changed_by
        self.message = message
        self.base = base
        super().__init__(message or "conflict")


class TransitionError(ValidationError):
    """A state change that the workflow does not allow."""
