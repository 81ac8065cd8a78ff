"""Writes of the dimensions app: recording an indicator's measured value; a dimension's findings (add, edit, move,
delete) with version checks and history."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.versioning import check_version

from .models import ConditionFinding, Dimension, Indicator, Measurement
from .permissions import can_edit_findings, can_record_measurement

FINDING_FIELDS = ("kind", "text", "source", "order")


def record_measurement(
    user,
    indicator: Indicator,
    *,
    year: int,
    quarter: int | None,
    value,
    source: str = "",
) -> tuple[Measurement, bool]:
    """Record (or correct) the value of an indicator for a year or a quarter; returns (measurement, created).

    Staff of the responsible agency and administrators may record (dimensions.permissions).
    """
    if not can_record_measurement(user, indicator):
        raise PermissionDenied(_("Only the responsible agency's staff or an administrator may record values."))
    with transaction.atomic():
        measurement = (
            Measurement.objects.select_for_update().filter(indicator=indicator, year=year, quarter=quarter).first()
        )
        created = measurement is None
        if created:
            measurement = Measurement(indicator=indicator, year=year, quarter=quarter)
        measurement.value, measurement.source, measurement.recorded_by = value, source or "", user
        measurement.full_clean()
        measurement.save()
    return measurement, created


def _require_finding_editor(user):
    if not can_edit_findings(user):
        raise PermissionDenied(_("Only administrators may edit the masterplan's findings."))


def _save_finding(finding, user):
    finding.bump_version()
    finding.full_clean()
    finding._history_user = user
    finding.save()


def add_finding(user, dimension: Dimension, *, kind: str, text: str, source: str = "") -> ConditionFinding:
    """A new finding of ``kind``, placed after the dimension's other findings of that kind."""
    _require_finding_editor(user)
    with transaction.atomic():
        Dimension.objects.select_for_update().filter(pk=dimension.pk).first()  # one writer of the order at a time
        last = ConditionFinding.objects.filter(dimension=dimension, kind=kind).aggregate(m=Max("order"))["m"]
        finding = ConditionFinding(
            dimension=dimension, kind=kind, text=text, source=source or "", order=(last or 0) + 1, version=0
        )
        _save_finding(finding, user)
    return finding


def update_finding(
    user, finding: ConditionFinding, *, kind: str, text: str, source: str = "", expected_version=None
) -> ConditionFinding:
    _require_finding_editor(user)
    with transaction.atomic():
        current = ConditionFinding.objects.select_for_update().get(pk=finding.pk)
        check_version(current, expected_version, FINDING_FIELDS)
        if (current.kind, current.text, current.source) == (kind, text, source or ""):
            return current
        if current.kind != kind:  # moves to the end of its new kind's list
            last = ConditionFinding.objects.filter(dimension_id=current.dimension_id, kind=kind).aggregate(
                m=Max("order")
            )["m"]
            current.order = (last or 0) + 1
        current.kind, current.text, current.source = kind, text, source or ""
        _save_finding(current, user)
    return current


def move_finding(user, finding: ConditionFinding, *, direction: str, expected_version=None) -> ConditionFinding:
    """Swap the finding with its neighbour above (``up``) or below (``down``) among the dimension's findings of its
    kind; both get a new version and a history record."""
    _require_finding_editor(user)
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Move a finding up or down.")})
    with transaction.atomic():
        current = ConditionFinding.objects.select_for_update().get(pk=finding.pk)
        check_version(current, expected_version, FINDING_FIELDS)
        siblings = list(
            ConditionFinding.objects.select_for_update()
            .filter(dimension_id=current.dimension_id, kind=current.kind)
            .order_by("order", "id")
        )
        index = next(i for i, f in enumerate(siblings) if f.pk == current.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(siblings):
            return current
        siblings[index], siblings[other] = siblings[other], siblings[index]
        for position, item in enumerate(siblings, start=1):  # renumbered 1..n, so the order stays a clean key
            if item.order != position:
                item.order = position
                _save_finding(item, user)
        current.refresh_from_db()
    return current


def delete_finding(user, finding: ConditionFinding, *, expected_version=None) -> None:
    _require_finding_editor(user)
    with transaction.atomic():
        current = ConditionFinding.objects.select_for_update().get(pk=finding.pk)
        check_version(current, expected_version, FINDING_FIELDS)
        current._history_user = user
        current.delete()
