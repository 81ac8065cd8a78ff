"""Shared by the initiatives' services: saving with history, the version check and what changed since, notifying
after commit, the many-to-many snapshots."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import CharField, TextField
from django.utils.translation import gettext as _

from core.exceptions import ConflictError
from core.text import CONTROL_CHARACTERS_MESSAGE, has_control_characters
from notifications.services import notify

from ..choices import InitiativeStatus
from ..models import Initiative


def _reject_control_characters(obj):
    errors = {
        f.name: CONTROL_CHARACTERS_MESSAGE
        for f in obj._meta.concrete_fields
        if isinstance(f, (CharField, TextField)) and has_control_characters(getattr(obj, f.attname, None))
    }
    if errors:
        raise ValidationError(errors)


def _save(obj, user, **kwargs):
    """Save with history attributed to ``user`` (works outside requests: API tokens, commands, tasks); text with
    control characters is refused, naming the field."""
    obj._history_user = user
    _reject_control_characters(obj)
    obj.full_clean(**kwargs)
    try:
        obj.save()
    except IntegrityError as exc:  # a race the validation above could not see (e.g. a duplicate created meanwhile)
        raise ValidationError(_("The change conflicts with data saved meanwhile; reload and try again.")) from exc
    return obj


def _field_label(model, name):
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a non-field key still gets a readable label
        return name


def _changes_since(obj, loaded_version: int, fields) -> tuple[list[tuple[str, Any, Any]], Any]:
    """(label, value at loaded_version, current value) for each field changed since, and who saved last."""
    changes, changed_by, _base = _changes_and_base(obj, loaded_version, fields)
    return changes, changed_by


def version_record(obj, version: int):
    """The history record of ``obj`` at ``version`` (the last one written at it), or None."""
    return obj.history.filter(version=version).order_by("-history_date", "-history_id").first()


def _changes_and_base(obj, loaded_version: int, fields):
    history = list(obj.history.filter(version__gte=loaded_version).order_by("history_date", "history_id"))
    # the last record written at the loaded version is what the caller saw
    base = next((h for h in reversed(history) if h.version == loaded_version), None)
    latest = history[-1] if history else None
    changes = []
    if base is not None:
        for name in fields:
            if not hasattr(base, name) and not hasattr(base, f"{name}_id"):
                continue
            attname = name if hasattr(base, name) and not hasattr(base, f"{name}_id") else f"{name}_id"
            old, new = getattr(base, attname, None), getattr(obj, attname, None)
            if old != new:
                changes.append((_field_label(type(obj), name), old, new))
    changed_by = latest.history_user if latest is not None else None
    return changes, changed_by, base


def _check_version(obj, expected_version, fields):
    if expected_version is None:
        return
    try:
        expected = int(expected_version)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"version": _("The version must be a whole number.")}) from exc
    if expected != obj.version:
        changes, changed_by, base = _changes_and_base(obj, expected, fields)
        raise ConflictError(
            current=obj,
            changes=changes,
            changed_by=changed_by,
            base=base,
            message=_("Someone else saved this in the meantime (version %(current)s, you loaded %(loaded)s).")
            % {"current": obj.version, "loaded": expected},
        )


def _notify_on_commit(recipients, kind, render, url):
    recipients = list(recipients)
    transaction.on_commit(lambda: notify(recipients, kind, render, url))


def _set_m2m(initiative: Initiative, supporting_opds=None, indicators=None):
    """Set the supporting agencies and indicators without a history record per add/remove (the caller's save or
    ``record_m2m_snapshots`` records them)."""
    initiative.skip_history_when_saving = True
    try:
        if supporting_opds is not None:
            initiative.supporting_opds.set(supporting_opds)
        if indicators is not None:
            initiative.indicators.set(indicators)
    finally:
        del initiative.skip_history_when_saving


def record_m2m_snapshots(initiative_ids) -> None:
    """Make the latest history record of each initiative hold its current supporting agencies and indicators.

    For writes that change the sets after the record was written: creation, and the masterplan importer (its bulk
    history records carry no sets)."""
    from django.apps import apps
    from django.db.models import Max

    ids = sorted(set(initiative_ids))
    Historical = Initiative.history.model
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        latest = dict(
            Historical.objects.filter(id__in=chunk)
            .order_by()
            .values("id")
            .annotate(last=Max("history_id"))
            .values_list("id", "last")
        )
        for field, target in (("supporting_opds", "opd"), ("indicators", "indicator")):
            through = getattr(Initiative, field).through
            snapshot = apps.get_model("initiatives", f"HistoricalInitiative_{field}")
            snapshot.objects.filter(history_id__in=list(latest.values())).delete()
            rows = [
                snapshot(
                    history_id=latest[initiative_id],
                    initiative_id=initiative_id,
                    **{f"{target}_id": other_id},
                    id=row_id,
                )
                for row_id, initiative_id, other_id in through.objects.filter(
                    initiative_id__in=list(latest)
                ).values_list("pk", "initiative_id", f"{target}_id")
            ]
            snapshot.objects.bulk_create(rows, batch_size=1000)


def status_default_progress(status: str, progress: int) -> int:
    """Completed means 100%; other statuses keep what was reported."""
    return 100 if status == InitiativeStatus.COMPLETED else progress
