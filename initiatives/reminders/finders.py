"""What each reminder rule about initiatives finds due (reads only): quarterly reports due and overdue, milestones,
returned reports, and the administrators' weekly digest. Each returns {recipient: [ReminderItem, ...]}."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Exists, OuterRef
from django.utils import timezone

from core.periods import current_quarter, last_judged_quarter, previous_quarter, quarter_start, report_deadline
from notifications.choices import ReminderRule
from notifications.models import ReminderSetting
from notifications.registry import ReminderItem, repeat_index
from opd.models import Opd
from opd.permissions import admin_users, staff_by_opd

from ..choices import ReportState
from ..metrics import CLOSED_STATUSES, overdue_milestone_filter, stale_filter
from ..models import Milestone, ProgressReport
from ..selectors import initiative_base_queryset

# Overdue quarterly reports are chased for this many completed quarters back (older ones are the digest's business).
OVERDUE_LOOKBACK_QUARTERS = 4
DIGEST_LIST_LIMIT = 10


def _plan_initiatives():

    return initiative_base_queryset().exclude(status__in=CLOSED_STATUSES)


def report_due_items(today: dt.date, setting: ReminderSetting) -> dict:
    """Rule 1: initiatives without a submitted report for a quarter whose deadline is within ``lead_days`` (once), or
    has passed (every ``repeat_days``), grouped per lead-agency staff member."""

    quarters = [current_quarter(today)]
    for _ in range(OVERDUE_LOOKBACK_QUARTERS):
        quarters.append(previous_quarter(*quarters[-1]))
    found = []
    for year, quarter in quarters:
        deadline = report_deadline(year, quarter)
        if today < quarter_start(year, quarter) or today < deadline - dt.timedelta(days=setting.lead_days):
            continue
        if today <= deadline:
            stage, suffix = "due", "due"
        else:
            stage = "overdue"
            suffix = f"overdue:{repeat_index((today - deadline).days, setting.repeat_days)}"
        reported = ProgressReport.objects.filter(
            initiative=OuterRef("pk"),
            year=year,
            quarter=quarter,
            state__in=[ReportState.SUBMITTED, ReportState.APPROVED, ReportState.RETURNED],
        )
        initiatives = (
            _plan_initiatives()
            .filter(start_year__lte=year, end_year__gte=year)
            .filter(~Exists(reported))
            .only("id", "code", "title", "lead_opd_id")
            .order_by("code")  # what the message shows, no more
        )
        for initiative in initiatives:
            found.append(
                (
                    initiative.lead_opd_id,
                    ReminderItem(
                        rule=ReminderRule.REPORT_DUE,
                        key=f"report:{initiative.pk}:{year}Q{quarter}:{suffix}",
                        label=f"{initiative.code} {year}Q{quarter}",
                        stage=stage,
                        data={
                            "initiative": initiative,
                            "year": year,
                            "quarter": quarter,
                            "deadline": deadline,
                            "days": abs((deadline - today).days),
                        },
                    ),
                )
            )
    return _to_staff(found)


def milestone_items(today: dt.date, setting: ReminderSetting) -> dict:
    """Rule 2: open milestones due within ``lead_days`` (once) and overdue ones (every ``repeat_days``)."""

    horizon = today + dt.timedelta(days=setting.lead_days)
    milestones = (
        Milestone.objects.filter(initiative__in=_plan_initiatives(), completed_date__isnull=True, due_date__lte=horizon)
        .select_related("initiative")
        .order_by("due_date", "pk")
        .only(
            "id",
            "title",
            "due_date",
            "initiative__id",
            "initiative__code",
            "initiative__title",
            "initiative__lead_opd_id",
        )  # what the message shows, no more
    )
    found = []
    for milestone in milestones:
        due = milestone.due_date
        if today <= due:
            stage, suffix = "due", "due"
        else:
            stage, suffix = "overdue", f"overdue:{repeat_index((today - due).days, setting.repeat_days)}"
        found.append(
            (
                milestone.initiative.lead_opd_id,
                ReminderItem(
                    rule=ReminderRule.MILESTONE_DUE,
                    key=f"milestone:{milestone.pk}:{due.isoformat()}:{suffix}",
                    label=f"{milestone.initiative.code} {milestone.title}"[:255],
                    stage=stage,
                    data={
                        "milestone": milestone,
                        "initiative": milestone.initiative,
                        "due": due,
                        "days": abs((due - today).days),
                    },
                ),
            )
        )
    return _to_staff(found)


def returned_report_items(today: dt.date, setting: ReminderSetting) -> dict:
    """Rule 3: reports returned ``lead_days`` or more ago and not resubmitted, again every ``repeat_days``."""

    reports = (
        ProgressReport.objects.filter(
            initiative__in=initiative_queryset_all(), state=ReportState.RETURNED, reviewed_at__isnull=False
        )
        .select_related("initiative", "initiative__lead_opd")
        .order_by("pk")
    )
    found = []
    for report in reports:
        returned_on = timezone.localdate(report.reviewed_at)
        days = (today - returned_on).days
        if days < setting.lead_days:
            continue
        index = (days - setting.lead_days) // setting.repeat_days if setting.repeat_days else 0
        found.append(
            (
                report.initiative.lead_opd_id,
                ReminderItem(
                    rule=ReminderRule.REPORT_RETURNED,
                    key=f"returned:{report.pk}:{returned_on.isoformat()}:{index}",
                    label=f"{report.initiative.code} {report.year}Q{report.quarter}",
                    stage="returned",
                    data={"report": report, "initiative": report.initiative, "returned_on": returned_on, "days": days},
                ),
            )
        )
    return _to_staff(found)


def initiative_queryset_all():

    return initiative_base_queryset()


def _to_staff(found) -> dict:
    staff = staff_by_opd({opd_id for opd_id, _ in found})
    result = defaultdict(list)
    for opd_id, item in found:
        for user in staff.get(opd_id, []):
            result[user].append(item)
    return dict(result)


def digest_data(today: dt.date) -> dict:
    """Rule 4's content: reports awaiting review, stale initiatives, overdue milestones, agencies behind."""

    plan_all = initiative_queryset_all()
    awaiting = (
        ProgressReport.objects.filter(initiative__in=plan_all, state=ReportState.SUBMITTED)
        .select_related("initiative", "initiative__lead_opd")
        .order_by("submitted_at", "pk")
    )
    stale = plan_all.filter(stale_filter(today)).select_related("lead_opd").order_by("code")
    overdue = (
        Milestone.objects.filter(overdue_milestone_filter(today), initiative__in=_plan_initiatives())
        .select_related("initiative")
        .order_by("due_date", "pk")
    )
    year, quarter = last_judged_quarter(today)
    reported = ProgressReport.objects.filter(
        initiative=OuterRef("pk"), year=year, quarter=quarter, state__in=[ReportState.SUBMITTED, ReportState.APPROVED]
    )
    missing = (
        _plan_initiatives()
        .filter(start_year__lte=year, end_year__gte=year)
        .filter(~Exists(reported))
        .order_by()
        .values_list("lead_opd_id", flat=True)
    )
    behind_counts = defaultdict(int)
    for opd_id in missing:
        behind_counts[opd_id] += 1
    behind = [(opd, behind_counts[opd.pk]) for opd in Opd.objects.filter(pk__in=behind_counts).order_by("abbreviation")]
    return {
        "awaiting": list(awaiting[:DIGEST_LIST_LIMIT]),
        "awaiting_count": awaiting.count(),
        "stale": list(stale[:DIGEST_LIST_LIMIT]),
        "stale_count": stale.count(),
        "overdue": list(overdue[:DIGEST_LIST_LIMIT]),
        "overdue_count": overdue.count(),
        "behind": behind,
        "behind_quarter": (year, quarter),
        "deadline": report_deadline(year, quarter),
    }


def digest_items(today: dt.date, setting: ReminderSetting) -> dict:
    """Rule 4: once per ISO week, to every administrator, when there is anything to say."""
    data = digest_data(today)
    if not (data["awaiting_count"] or data["stale_count"] or data["overdue_count"] or data["behind"]):
        return {}
    iso_year, iso_week, _ = today.isocalendar()
    item = ReminderItem(
        rule=ReminderRule.ADMIN_DIGEST,
        key=f"digest:{iso_year}-W{iso_week:02d}",
        label=f"{iso_year}-W{iso_week:02d}",
        stage="digest",
        data=data,
    )
    return {user: [item] for user in admin_users()}
