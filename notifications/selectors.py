"""Reads about notifications and reminders: the bell, reminder history, and what each reminder rule finds due.

The rule selectors return ``ReminderItem``s keyed per recipient; they never write. ``services.run_reminders`` turns
them into messages, and the dry run of ``send_reminders`` prints them.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from core.periods import current_quarter, last_judged_quarter, previous_quarter, quarter_start, report_deadline
from opd.choices import Role

from .choices import EmailStatus, JobState, ReminderRule
from .models import Notification, OutboxJob, ReminderLog, ReminderSetting

# Overdue quarterly reports are chased for this many completed quarters back (older ones are the digest's business).
OVERDUE_LOOKBACK_QUARTERS = 4
DIGEST_LIST_LIMIT = 10


# --- the bell and histories ----------------------------------------------------------------------------------------

def notifications_for(user) -> QuerySet[Notification]:
    if not user or not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(user) -> int:
    return notifications_for(user).filter(read_at__isnull=True).count()


def reminder_history(user, *, everyone: bool = False, failed_only: bool = False, rule: str = "") -> QuerySet:
    """Reminders sent (one row per message), newest first: the user's own, or everyone's for administrators."""
    from opd.selectors import is_admin

    if not user or not user.is_authenticated:
        return Notification.objects.none()
    qs = Notification.objects.exclude(rule="").select_related("recipient")
    if not (everyone and is_admin(user)):
        qs = qs.filter(recipient=user)
    if failed_only:
        qs = qs.filter(email_status__in=[EmailStatus.FAILED, EmailStatus.RETRYING])
    if rule:
        qs = qs.filter(rule=rule)
    return qs.order_by("-created_at", "-id")


def failed_jobs() -> QuerySet[OutboxJob]:
    return OutboxJob.objects.filter(Q(state=JobState.FAILED) | Q(state=JobState.PENDING, dispatch_attempts__gt=0))


def rule_settings() -> dict[str, ReminderSetting]:
    """Every rule's setting; a rule whose row is missing runs with its defaults."""
    rows = {s.rule: s for s in ReminderSetting.objects.all()}
    return {rule: rows.get(rule) or ReminderSetting.default_for(rule) for rule in ReminderRule.values}


def already_sent(items_by_recipient: dict) -> set[tuple[str, str, int]]:
    """(rule, key, recipient id) of the given candidate reminders that the log says were sent."""
    keys = {item.key for items in items_by_recipient.values() for item in items}
    if not keys:
        return set()
    return set(ReminderLog.objects.filter(key__in=keys).values_list("rule", "key", "recipient_id"))


# --- who is reminded -------------------------------------------------------------------------------------------------

def _users():
    return get_user_model().objects.filter(is_active=True).select_related("membership").order_by("pk")


def lead_staff_by_opd(opd_ids) -> dict[int, list]:
    """Active OPD staff of each agency: the people who report on the initiatives their agency leads."""
    result = defaultdict(list)
    for user in _users().filter(membership__role=Role.OPD_STAFF, membership__opd_id__in=set(opd_ids)):
        result[user.membership.opd_id].append(user)
    return result


def portal_admins() -> list:
    return list(_users().filter(Q(membership__role=Role.ADMIN) | Q(is_superuser=True)))


# --- what each rule finds ------------------------------------------------------------------------------------------

@dataclass
class ReminderItem:
    """One thing to remind about. ``key`` names the object, its period or due date and which reminder of it this is;
    the log's unique constraint on (rule, key, recipient) is what keeps it from going twice."""

    rule: str
    key: str
    label: str
    stage: str  # due | overdue | returned | digest
    data: dict = field(default_factory=dict)


def _repeat_index(days_late: int, repeat_days: int) -> int:
    """0 on the first day late, then one more every ``repeat_days`` (always 0 when repeating is off)."""
    return (days_late - 1) // repeat_days if repeat_days else 0


def _plan_initiatives():
    from initiatives.selectors import CLOSED_STATUSES, initiative_base_queryset

    return initiative_base_queryset().exclude(status__in=CLOSED_STATUSES)


def report_due_items(today: dt.date, setting: ReminderSetting) -> dict:
    """Rule 1: initiatives without a submitted report for a quarter whose deadline is within ``lead_days`` (once), or
    has passed (every ``repeat_days``), grouped per lead-agency staff member."""
    from initiatives.choices import ReportState
    from initiatives.models import ProgressReport

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
            suffix = f"overdue:{_repeat_index((today - deadline).days, setting.repeat_days)}"
        reported = ProgressReport.objects.filter(
            initiative=OuterRef("pk"), year=year, quarter=quarter,
            state__in=[ReportState.SUBMITTED, ReportState.APPROVED, ReportState.RETURNED],
        )
        initiatives = (
            _plan_initiatives().filter(start_year__lte=year, end_year__gte=year).filter(~Exists(reported))
            .select_related("lead_opd").order_by("code")
        )
        for initiative in initiatives:
            found.append((initiative.lead_opd_id, ReminderItem(
                rule=ReminderRule.REPORT_DUE, key=f"report:{initiative.pk}:{year}Q{quarter}:{suffix}",
                label=f"{initiative.code} {year}Q{quarter}", stage=stage,
                data={"initiative": initiative, "year": year, "quarter": quarter, "deadline": deadline,
                      "days": abs((deadline - today).days)},
            )))
    return _to_staff(found)


def milestone_items(today: dt.date, setting: ReminderSetting) -> dict:
    """Rule 2: open milestones due within ``lead_days`` (once) and overdue ones (every ``repeat_days``)."""
    from initiatives.models import Milestone

    horizon = today + dt.timedelta(days=setting.lead_days)
    milestones = (
        Milestone.objects.filter(initiative__in=_plan_initiatives(), completed_date__isnull=True, due_date__lte=horizon)
        .select_related("initiative", "initiative__lead_opd").order_by("due_date", "pk")
    )
    found = []
    for milestone in milestones:
        due = milestone.due_date
        if today <= due:
            stage, suffix = "due", "due"
        else:
            stage, suffix = "overdue", f"overdue:{_repeat_index((today - due).days, setting.repeat_days)}"
        found.append((milestone.initiative.lead_opd_id, ReminderItem(
            rule=ReminderRule.MILESTONE_DUE, key=f"milestone:{milestone.pk}:{due.isoformat()}:{suffix}",
            label=f"{milestone.initiative.code} {milestone.title}"[:255], stage=stage,
            data={"milestone": milestone, "initiative": milestone.initiative, "due": due,
                  "days": abs((due - today).days)},
        )))
    return _to_staff(found)


def returned_report_items(today: dt.date, setting: ReminderSetting) -> dict:
    """Rule 3: reports returned ``lead_days`` or more ago and not resubmitted, again every ``repeat_days``."""
    from initiatives.choices import ReportState
    from initiatives.models import ProgressReport

    reports = (
        ProgressReport.objects.filter(initiative__in=initiative_queryset_all(), state=ReportState.RETURNED,
                                      reviewed_at__isnull=False)
        .select_related("initiative", "initiative__lead_opd").order_by("pk")
    )
    found = []
    for report in reports:
        returned_on = timezone.localdate(report.reviewed_at)
        days = (today - returned_on).days
        if days < setting.lead_days:
            continue
        index = (days - setting.lead_days) // setting.repeat_days if setting.repeat_days else 0
        found.append((report.initiative.lead_opd_id, ReminderItem(
            rule=ReminderRule.REPORT_RETURNED, key=f"returned:{report.pk}:{returned_on.isoformat()}:{index}",
            label=f"{report.initiative.code} {report.year}Q{report.quarter}", stage="returned",
            data={"report": report, "initiative": report.initiative, "returned_on": returned_on, "days": days},
        )))
    return _to_staff(found)


def initiative_queryset_all():
    from initiatives.selectors import initiative_base_queryset

    return initiative_base_queryset()


def _to_staff(found) -> dict:
    staff = lead_staff_by_opd({opd_id for opd_id, _ in found})
    result = defaultdict(list)
    for opd_id, item in found:
        for user in staff.get(opd_id, []):
            result[user].append(item)
    return dict(result)


def digest_data(today: dt.date) -> dict:
    """Rule 4's content: reports awaiting review, stale initiatives, overdue milestones, agencies behind."""
    from initiatives.choices import ReportState
    from initiatives.models import Milestone, ProgressReport
    from initiatives.selectors import stale_filter
    from opd.models import Opd

    plan_all = initiative_queryset_all()
    awaiting = (ProgressReport.objects.filter(initiative__in=plan_all, state=ReportState.SUBMITTED)
                .select_related("initiative", "initiative__lead_opd").order_by("submitted_at", "pk"))
    stale = plan_all.filter(stale_filter(today)).select_related("lead_opd").order_by("code")
    overdue = (Milestone.objects.filter(initiative__in=_plan_initiatives(), completed_date__isnull=True,
                                        due_date__lt=today)
               .select_related("initiative").order_by("due_date", "pk"))
    year, quarter = last_judged_quarter(today)
    reported = ProgressReport.objects.filter(initiative=OuterRef("pk"), year=year, quarter=quarter,
                                             state__in=[ReportState.SUBMITTED, ReportState.APPROVED])
    missing = (_plan_initiatives().filter(start_year__lte=year, end_year__gte=year).filter(~Exists(reported))
               .order_by().values_list("lead_opd_id", flat=True))
    behind_counts = defaultdict(int)
    for opd_id in missing:
        behind_counts[opd_id] += 1
    behind = [(opd, behind_counts[opd.pk]) for opd in Opd.objects.filter(pk__in=behind_counts).order_by("abbreviation")]
    return {
        "awaiting": list(awaiting[:DIGEST_LIST_LIMIT]), "awaiting_count": awaiting.count(),
        "stale": list(stale[:DIGEST_LIST_LIMIT]), "stale_count": stale.count(),
        "overdue": list(overdue[:DIGEST_LIST_LIMIT]), "overdue_count": overdue.count(),
        "behind": behind, "behind_quarter": (year, quarter), "deadline": report_deadline(year, quarter),
    }


def digest_items(today: dt.date, setting: ReminderSetting) -> dict:
    """Rule 4: once per ISO week, to every administrator, when there is anything to say."""
    data = digest_data(today)
    if not (data["awaiting_count"] or data["stale_count"] or data["overdue_count"] or data["behind"]):
        return {}
    iso_year, iso_week, _ = today.isocalendar()
    item = ReminderItem(rule=ReminderRule.ADMIN_DIGEST, key=f"digest:{iso_year}-W{iso_week:02d}",
                        label=f"{iso_year}-W{iso_week:02d}", stage="digest", data=data)
    return {user: [item] for user in portal_admins()}


RULE_SELECTORS = {
    ReminderRule.REPORT_DUE: report_due_items,
    ReminderRule.MILESTONE_DUE: milestone_items,
    ReminderRule.REPORT_RETURNED: returned_report_items,
    ReminderRule.ADMIN_DIGEST: digest_items,
}


def due_reminders(today: dt.date, settings_by_rule: dict | None = None) -> list[tuple[str, object, list]]:
    """Every (rule, recipient, items) the enabled rules find on ``today``, before checking the log."""
    settings_by_rule = settings_by_rule or rule_settings()
    result = []
    for rule, selector in RULE_SELECTORS.items():
        setting = settings_by_rule[rule]
        if not setting.enabled:
            continue
        for user, items in sorted(selector(today, setting).items(), key=lambda pair: pair[0].pk):
            result.append((rule, user, items))
    return result
