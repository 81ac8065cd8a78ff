"""The reporting calendar: fiscal year = calendar year, reports by quarter (triwulan)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_start(year: int, quarter: int) -> dt.date:
    return dt.date(year, 3 * (quarter - 1) + 1, 1)


def quarter_end(year: int, quarter: int) -> dt.date:
    if quarter == 4:
        return dt.date(year, 12, 31)
    return quarter_start(year, quarter + 1) - dt.timedelta(days=1)


def report_deadline(year: int, quarter: int) -> dt.date:
    """The day a quarter's report is due: REPORT_DEADLINE_DAYS after the quarter ends (default the 10th day)."""
    return quarter_end(year, quarter) + dt.timedelta(days=settings.REPORT_DEADLINE_DAYS)


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def last_completed_quarter(day: dt.date | None = None) -> tuple[int, int]:
    day = day or timezone.localdate()
    return previous_quarter(day.year, quarter_of(day))


def current_quarter(day: dt.date | None = None) -> tuple[int, int]:
    day = day or timezone.localdate()
    return day.year, quarter_of(day)


def reporting_quarter(day: dt.date | None = None) -> tuple[int, int]:
    """The quarter staff should be reporting on today: the last completed one until its deadline, then the current."""
    day = day or timezone.localdate()
    year, quarter = last_completed_quarter(day)
    if day <= report_deadline(year, quarter):
        return year, quarter
    return current_quarter(day)


def last_judged_quarter(day: dt.date | None = None) -> tuple[int, int]:
    """The latest quarter whose report deadline has passed: the quarter agencies are judged (and chased) on today."""
    day = day or timezone.localdate()
    year, quarter = last_completed_quarter(day)
    if day <= report_deadline(year, quarter):
        year, quarter = previous_quarter(year, quarter)
    return year, quarter


def quarter_label(year: int, quarter: int | None) -> str:
    if not quarter:
        return str(year)
    return gettext("Q%(roman)s %(year)s") % {"roman": ROMAN[quarter], "year": year}
