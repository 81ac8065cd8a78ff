"""Reads over the whole masterplan (a facade): the numbers (``stats``), what each page shows (``pages``) and the
import jobs (``imports``). The rules behind the numbers are initiatives.metrics'."""

from .imports import recent_import_jobs
from .pages import (
    LIST_LIMIT,
    PAGE_INITIATIVE_LIMIT,
    dashboard,
    dimension_overview,
    leadership_report,
    opd_overview,
    public_overview,
    roadmap_print_rows,
    roadmap_timeline,
)
from .stats import masterplan_stats, opds_behind_on_reporting, reporting_compliance, roadmap_overview

__all__ = [
    "LIST_LIMIT",
    "PAGE_INITIATIVE_LIMIT",
    "dashboard",
    "dimension_overview",
    "leadership_report",
    "masterplan_stats",
    "opd_overview",
    "opds_behind_on_reporting",
    "public_overview",
    "recent_import_jobs",
    "reporting_compliance",
    "roadmap_overview",
    "roadmap_print_rows",
    "roadmap_timeline",
]
