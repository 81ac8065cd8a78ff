"""The optimistic-locking check every versioned write makes: refuse a save based on an old version, naming what
changed since (from the object's django-simple-history records, when it has them) and who saved the newer one."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .exceptions import ConflictError


def changes_since(obj, version: int, fields) -> tuple[list, object]:
    """[(field label, value at ``version``, value now)] and the user who saved the current version."""
    history = getattr(type(obj), "history", None)
    if history is None:
        return [], None
    records = list(history.filter(id=obj.pk).order_by("history_date", "history_id"))
    base = next((r for r in reversed(records) if getattr(r, "version", None) == version), None)
    latest = records[-1] if records else None
    changes = []
    if base is not None:
        for name in fields:
            field = type(obj)._meta.get_field(name)
            old, new = getattr(base, field.attname, None), getattr(obj, field.attname, None)
            if old != new:
                changes.append((str(field.verbose_name), old, new))
    return changes, (latest.history_user if latest is not None else None)


def check_version(obj, expected_version, fields) -> None:
    """Raise ConflictError when ``expected_version`` (the version the form or request was loaded at) is not the
    stored one; None skips the check (a caller that did not load the object)."""
    if expected_version is None or expected_version == "":
        return
    try:
        expected = int(expected_version)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"version": _("The version must be a whole number.")}) from exc
    if expected != obj.version:
        changes, changed_by = changes_since(obj, expected, fields)
        raise ConflictError(
            current=obj,
            changes=changes,
            changed_by=changed_by,
            message=_("Someone else saved this in the meantime (version %(current)s, you loaded %(loaded)s).")
            % {"current": obj.version, "loaded": expected},
        )
