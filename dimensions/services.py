"""Writes about indicators: recording a measured value."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Indicator, Measurement
from .permissions import can_record_measurement


def record_measurement(user, indicator: Indicator, *, year: int, quarter: int | None, value, source: str = "",
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
