"""Reads of the masterplan record: which plan is active, and its years."""
from __future__ import annotations

from .choices import MasterplanStatus
from .models import Masterplan, MasterplanYear


def active_masterplan() -> Masterplan | None:
    """The active masterplan, or the newest one when none is active (a fresh installation's draft)."""
    plan = Masterplan.objects.filter(status=MasterplanStatus.ACTIVE).first()
    if plan is None:
        plan = Masterplan.objects.order_by("-start_year", "-id").first()
    return plan


def masterplan_years(plan: Masterplan | None) -> list[MasterplanYear]:
    if plan is None:
        return []
    return list(plan.roadmap_years.order_by("year"))
