"""Helpers shared by the evaluation services."""

from django.utils.translation import gettext as _

from core.exceptions import ConflictError, ValidationError


def check_version(obj, version) -> None:
    """Refuse a write based on an older version of ``obj`` (optimistic locking)."""
    try:
        expected = int(version)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"version": _("The version must be a whole number.")}) from exc
    if expected != obj.version:
        raise ConflictError(
            current=obj,
            message=_("Someone else saved this in the meantime (version %(current)s, you loaded %(loaded)s).")
            % {"current": obj.version, "loaded": expected},
        )


def bump(obj, user) -> None:
    obj.version += 1
    obj._history_user = user
