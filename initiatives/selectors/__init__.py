"""Reads about initiatives and reports (a facade: the rooms are ``visibility``, ``agency`` and ``history``; the
measures are ``initiatives.metrics``, re-exported here because every read of initiatives uses them)."""

from ..metrics import (
    AT_RISK_GAP,
    CLOSED_STATUSES,
    DUE_SOON_DAYS,
    LATE_GAP,
    LATE_MILESTONE_DAYS,
    STALE_REPORT_DAYS,
    ProgressRollup,
    annotate_metrics,
    due_soon_milestone_filter,
    health_reasons,
    initiative_counts_by,
    metric_rules,
    overdue_milestone_filter,
    progress_by,
    stale_filter,
    stale_initiatives,
    weighted_progress,
)
from .agency import DUE_NONE, DUE_NOT_DUE, agency_initiatives, annotate_due, due_state
from .history import HistoryEntry, initiative_history
from .visibility import (
    initiative_base_queryset,
    initiative_detail,
    initiatives_for_user,
    milestones_for_user,
    reports_for_user,
)

__all__ = [
    "AT_RISK_GAP",
    "CLOSED_STATUSES",
    "DUE_NONE",
    "DUE_NOT_DUE",
    "DUE_SOON_DAYS",
    "LATE_GAP",
    "LATE_MILESTONE_DAYS",
    "STALE_REPORT_DAYS",
    "HistoryEntry",
    "ProgressRollup",
    "agency_initiatives",
    "annotate_due",
    "annotate_metrics",
    "due_soon_milestone_filter",
    "due_state",
    "health_reasons",
    "initiative_base_queryset",
    "initiative_counts_by",
    "initiative_detail",
    "initiative_history",
    "initiatives_for_user",
    "metric_rules",
    "milestones_for_user",
    "overdue_milestone_filter",
    "progress_by",
    "reports_for_user",
    "stale_filter",
    "stale_initiatives",
    "weighted_progress",
]
