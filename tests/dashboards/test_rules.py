"""Health, staleness and reporting compliance at their boundaries, with the date frozen (time_machine)."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from core.periods import last_judged_quarter
from initiatives.choices import Health, InitiativeStatus, ReportState
from initiatives.selectors import (
    AT_RISK_GAP,
    LATE_GAP,
    LATE_MILESTONE_DAYS,
    STALE_REPORT_DAYS,
    health_reasons,
    initiatives_for_user,
    stale_initiatives,
)
from roadmap.selectors import reporting_compliance
from tests.dashboards.conftest import JAKARTA, at
from tests.factories import InitiativeFactory, MilestoneFactory, ProgressReportFactory

pytestmark = pytest.mark.db

# On 1 January 2027 an initiative running 2025–2028 should be exactly half-way: expected progress 50.0.
NEW_YEAR_2027 = at(2027, 1, 1, 10)


def health_of(user, initiative):
    row = initiatives_for_user(user).get(pk=initiative.pk)
    return row.health, row


def reported(initiative, when):
    """An approved report reviewed at ``when`` so the 'no approved report' rule stays quiet."""
    return ProgressReportFactory(
        initiative=initiative, year=2026, quarter=4, state=ReportState.APPROVED, submitted_at=when, reviewed_at=when
    )


@pytest.mark.parametrize(
    ("progress", "expected"),
    [
        (50 - AT_RISK_GAP + 1, Health.ON_TRACK),
        (50 - AT_RISK_GAP, Health.AT_RISK),
        (50 - LATE_GAP + 1, Health.AT_RISK),
        (50 - LATE_GAP, Health.LATE),
    ],
)
def test_health_thresholds_on_the_progress_gap(admin_user, masterplan, progress, expected):
    initiative = InitiativeFactory(masterplan=masterplan, start_year=2025, end_year=2028, progress=progress)
    with time_machine.travel(NEW_YEAR_2027, tick=False):
        reported(initiative, timezone.now() - dt.timedelta(days=1))
        health, row = health_of(admin_user, initiative)
        assert row.expected_progress == pytest.approx(50.0)
        assert health == expected
        assert health_reasons(row)


@pytest.mark.parametrize(
    ("days_overdue", "expected"),
    [
        (0, Health.ON_TRACK),  # due today: not overdue yet
        (1, Health.AT_RISK),
        (LATE_MILESTONE_DAYS, Health.AT_RISK),
        (LATE_MILESTONE_DAYS + 1, Health.LATE),
    ],
)
def test_health_thresholds_on_overdue_milestones(admin_user, masterplan, days_overdue, expected):
    initiative = InitiativeFactory(masterplan=masterplan, start_year=2025, end_year=2028, progress=50)
    with time_machine.travel(NEW_YEAR_2027, tick=False):
        today = timezone.localdate()
        reported(initiative, timezone.now() - dt.timedelta(days=1))
        MilestoneFactory(initiative=initiative, due_date=today - dt.timedelta(days=days_overdue))
        assert health_of(admin_user, initiative)[0] == expected


def test_completed_milestone_never_counts_as_overdue(admin_user, masterplan):
    initiative = InitiativeFactory(masterplan=masterplan, start_year=2025, end_year=2028, progress=50)
    with time_machine.travel(NEW_YEAR_2027, tick=False):
        reported(initiative, timezone.now() - dt.timedelta(days=1))
        MilestoneFactory(initiative=initiative, due_date=dt.date(2026, 1, 1), completed_date=dt.date(2026, 2, 1))
        assert health_of(admin_user, initiative)[0] == Health.ON_TRACK


@pytest.mark.parametrize(("seconds_before_cutoff", "expected"), [(0, Health.ON_TRACK), (1, Health.AT_RISK)])
def test_health_boundary_on_days_since_the_last_approved_report(
    admin_user, masterplan, seconds_before_cutoff, expected
):
    initiative = InitiativeFactory(masterplan=masterplan, start_year=2025, end_year=2028, progress=50)
    with time_machine.travel(NEW_YEAR_2027, tick=False):
        cutoff = dt.datetime.combine(
            timezone.localdate() - dt.timedelta(days=STALE_REPORT_DAYS), dt.time(), tzinfo=JAKARTA
        )
        reported(initiative, cutoff - dt.timedelta(seconds=seconds_before_cutoff))
        assert health_of(admin_user, initiative)[0] == expected


def test_end_year_passing_makes_an_unfinished_initiative_late(admin_user, masterplan):
    initiative = InitiativeFactory(masterplan=masterplan, start_year=2026, end_year=2026, progress=95)
    with time_machine.travel(at(2026, 12, 31, 10), tick=False):
        reported(initiative, timezone.now())
        assert health_of(admin_user, initiative)[0] == Health.ON_TRACK
    with time_machine.travel(NEW_YEAR_2027, tick=False):
        health, row = health_of(admin_user, initiative)
        assert health == Health.LATE
        assert any("2026" in reason for reason in health_reasons(row))


def test_closed_and_on_hold_initiatives(admin_user, masterplan):
    done = InitiativeFactory(
        masterplan=masterplan, start_year=2025, end_year=2025, progress=10, status=InitiativeStatus.COMPLETED
    )
    held = InitiativeFactory(
        masterplan=masterplan, start_year=2025, end_year=2028, progress=50, status=InitiativeStatus.ON_HOLD
    )
    with time_machine.travel(NEW_YEAR_2027, tick=False):
        reported(held, timezone.now())
        assert health_of(admin_user, done)[0] == Health.ON_TRACK
        assert health_of(admin_user, held)[0] == Health.AT_RISK


def test_stale_switches_when_a_quarter_completes(admin_user, masterplan):
    initiative = InitiativeFactory(masterplan=masterplan, start_year=2026, end_year=2027)
    ProgressReportFactory(
        initiative=initiative,
        year=2026,
        quarter=2,
        state=ReportState.APPROVED,
        submitted_at=at(2026, 7, 3),
        reviewed_at=at(2026, 7, 5),
    )
    with time_machine.travel(at(2026, 9, 30, 23, 59), tick=False):
        assert not stale_initiatives(initiatives_for_user(admin_user)).exists()  # judged on Q2: approved
    with time_machine.travel(at(2026, 10, 1, 0, 1), tick=False):
        assert list(stale_initiatives(initiatives_for_user(admin_user))) == [initiative]  # Q3 now due


def test_submitted_but_unapproved_report_is_still_stale(admin_user, masterplan):
    initiative = InitiativeFactory(masterplan=masterplan, start_year=2026, end_year=2027)
    ProgressReportFactory(
        initiative=initiative, year=2026, quarter=3, state=ReportState.SUBMITTED, submitted_at=at(2026, 10, 2)
    )
    with time_machine.travel(at(2026, 11, 28), tick=False):
        assert list(stale_initiatives(initiatives_for_user(admin_user))) == [initiative]


def test_not_stale_outside_its_years_or_when_closed(admin_user, masterplan):
    InitiativeFactory(masterplan=masterplan, start_year=2027, end_year=2028)
    InitiativeFactory(masterplan=masterplan, start_year=2025, end_year=2026, status=InitiativeStatus.CANCELLED)
    with time_machine.travel(at(2026, 11, 28), tick=False):
        assert not stale_initiatives(initiatives_for_user(admin_user)).exists()


@pytest.mark.parametrize(
    ("submitted", "on_time"),
    [
        (at(2026, 10, 10, 23, 59, 59), 1),  # the deadline day (quarter end + 10 days), still on time
        (at(2026, 10, 11, 0, 0, 0), 0),
    ],
)
def test_reporting_compliance_at_the_deadline(admin_user, masterplan, opd, submitted, on_time):
    initiative = InitiativeFactory(masterplan=masterplan, lead_opd=opd, start_year=2026, end_year=2026)
    ProgressReportFactory(
        initiative=initiative, year=2026, quarter=3, state=ReportState.SUBMITTED, submitted_at=submitted
    )
    with time_machine.travel(at(2026, 11, 28), tick=False):
        result = reporting_compliance(initiatives_for_user(admin_user), [(2026, 3)])
    assert result[(opd.pk, 2026, 3)] == {"expected": 1, "on_time": on_time, "share": 100.0 * on_time}


def test_the_judged_quarter_waits_for_the_deadline():
    assert last_judged_quarter(dt.date(2026, 10, 10)) == (2026, 2)
    assert last_judged_quarter(dt.date(2026, 10, 11)) == (2026, 3)
    assert last_judged_quarter(dt.date(2027, 1, 5)) == (2026, 3)
