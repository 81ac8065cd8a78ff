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


def masterplan_history(plan: Masterplan, limit: int = 10) -> list[dict]:
    """The latest saved versions of the masterplan and its years, newest first: who, when, what (two queries)."""
    records = [
        *(
            {
                "date": h.history_date,
                "user": h.history_user,
                "type": h.history_type,
                "what": h.title,
                "version": h.version,
            }
            for h in plan.history.select_related("history_user").order_by("-history_date")[:limit]
        ),
        *(
            {
                "date": h.history_date,
                "user": h.history_user,
                "type": h.history_type,
                "what": f"{h.year}: {h.theme}",
                "version": h.version,
            }
            for h in MasterplanYear.history.filter(masterplan_id=plan.pk)
            .select_related("history_user")
            .order_by("-history_date")[:limit]
        ),
    ]
    return sorted(records, key=lambda r: r["date"], reverse=True)[:limit]
