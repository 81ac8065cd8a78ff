"""Every rule of the data model is enforced by the database and reported with a readable message by validation."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from dimensions.models import Dimension, Indicator, IndicatorTarget, Measurement, SubDimension
from initiatives.models import BudgetLine, Initiative, ProgressReport
from masterplans.models import Masterplan, MasterplanYear
from opd.models import Membership, Opd
from tests.factories import (
    BudgetLineFactory,
    DimensionFactory,
    IndicatorFactory,
    InitiativeFactory,
    MasterplanFactory,
    ProgressReportFactory,
    UserFactory,
)

pytestmark = pytest.mark.db


def messages_of(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def assert_rejected(obj, message: str):
    """full_clean() names the problem; saving past validation is stopped by the database itself."""
    with pytest.raises(ValidationError) as excinfo:
        obj.full_clean()
    assert message in messages_of(excinfo.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()


def test_masterplan_must_cover_five_years(db):
    assert_rejected(Masterplan(title="X", start_year=2025, end_year=2027), "covers five years")


def test_only_one_active_masterplan(db):
    MasterplanFactory(status="active")
    assert_rejected(Masterplan(title="Y", start_year=2030, end_year=2034, status="active"), "already active")


def test_roadmap_year_outside_period_is_rejected(masterplan):
    with pytest.raises(ValidationError) as excinfo:
        MasterplanYear(masterplan=masterplan, year=2031, theme="x").full_clean()
    assert "outside the masterplan" in messages_of(excinfo.value)


def test_opd_code_unique(db):
    Opd.objects.create(code="DINKES", abbreviation="Dinkes", name="Dinas Kesehatan")
    assert_rejected(Opd(code="DINKES", abbreviation="D", name="D"), "already exists")


def test_staff_membership_needs_an_opd(db):
    assert_rejected(Membership(user=UserFactory(), role="opd_staff"), "must belong to an agency")


def test_dimension_colour_must_be_hex(db):
    assert_rejected(Dimension(code="x", name="X", colour="red"), "hex colour")


def test_sub_dimension_code_unique_within_dimension(dimension):
    SubDimension.objects.create(dimension=dimension, code="sehat", name="Kesehatan")
    assert_rejected(SubDimension(dimension=dimension, code="sehat", name="Lagi"), "already has a sub-dimension")


def test_indicator_direction_and_target_year(db):
    indicator = IndicatorFactory()
    indicator.direction = "sideways"
    with pytest.raises(ValidationError):
        indicator.full_clean()
    IndicatorTarget.objects.create(indicator=indicator, year=2025, value=1)
    assert_rejected(IndicatorTarget(indicator=indicator, year=2025, value=2), "already has a target")


def test_measurement_quarter_range_and_uniqueness(db):
    indicator = IndicatorFactory()
    assert_rejected(Measurement(indicator=indicator, year=2025, quarter=5, value=1), "between 1 and 4")
    Measurement.objects.create(indicator=indicator, year=2025, quarter=None, value=1)
    assert_rejected(Measurement(indicator=indicator, year=2025, quarter=None, value=2), "annual value")
    Measurement.objects.create(indicator=indicator, year=2025, quarter=2, value=1)
    assert_rejected(Measurement(indicator=indicator, year=2025, quarter=2, value=2), "for that quarter")


def test_indicator_sub_dimension_must_belong_to_its_dimension(db):
    other = SubDimension.objects.create(dimension=DimensionFactory(), code="s", name="S")
    indicator = Indicator(code="K1", name="K", dimension=DimensionFactory(), sub_dimension=other)
    with pytest.raises(ValidationError) as excinfo:
        indicator.full_clean()
    assert "another dimension" in messages_of(excinfo.value)


def test_initiative_progress_between_0_and_100(initiative):
    initiative.progress = 101
    assert_rejected(initiative, "between 0 and 100")


def test_initiative_code_unique_in_masterplan(initiative):
    duplicate = Initiative(
        masterplan=initiative.masterplan,
        code=initiative.code,
        title="Dup",
        dimension=initiative.dimension,
        lead_opd=initiative.lead_opd,
        start_year=2025,
        end_year=2025,
    )
    assert_rejected(duplicate, "already exists")


def test_initiative_end_before_start_rejected(initiative):
    initiative.start_year, initiative.end_year = 2027, 2026
    assert_rejected(initiative, "may not be before the start year")


def test_initiative_years_inside_masterplan_period(initiative):
    initiative.end_year = 2031
    with pytest.raises(ValidationError) as excinfo:
        initiative.full_clean()
    assert "outside the masterplan's period (2025–2029)" in messages_of(excinfo.value)


def test_initiative_unknown_status_rejected(initiative):
    initiative.status = "finished"
    assert_rejected(initiative, "is not a valid choice")


def test_budget_line_non_negative_and_unique(initiative):
    assert_rejected(BudgetLine(initiative=initiative, year=2025, planned=-1), "planned budget may not be negative")
    assert_rejected(BudgetLine(initiative=initiative, year=2025, realized=-5), "realised budget may not be negative")
    BudgetLineFactory(initiative=initiative, year=2025, funding_source="APBD")
    assert_rejected(BudgetLine(initiative=initiative, year=2025, funding_source="APBD"), "already has a budget line")


def test_budget_line_year_inside_initiative(initiative):
    with pytest.raises(ValidationError) as excinfo:
        BudgetLine(initiative=initiative, year=2029, planned=1).full_clean()
    assert "outside the initiative's years" in messages_of(excinfo.value)


def test_report_one_per_quarter_and_ranges(initiative):
    ProgressReportFactory(initiative=initiative, year=2025, quarter=1)
    assert_rejected(ProgressReport(initiative=initiative, year=2025, quarter=1), "already has a report")
    assert_rejected(ProgressReport(initiative=initiative, year=2025, quarter=5), "between 1 and 4")
    assert_rejected(ProgressReport(initiative=initiative, year=2025, quarter=2, progress=120), "between 0 and 100")
    assert_rejected(ProgressReport(initiative=initiative, year=2025, quarter=3, budget_realized=-1), "negative")


def test_history_records_who_changed_what(initiative, admin_user):
    from initiatives import services

    services.update_initiative(
        admin_user, initiative, {"progress": 55}, expected_version=initiative.version, reason="Koreksi"
    )
    record = initiative.history.order_by("-history_date").first()
    assert record.history_user == admin_user and record.history_change_reason == "Koreksi"
    delta = record.diff_against(record.prev_record)
    assert {(c.field, c.old, c.new) for c in delta.changes} >= {("progress", 40, 55)}


def test_milestone_history_on_delete(initiative, admin_user):
    from initiatives.models import Milestone

    milestone = Milestone.objects.create(initiative=initiative, title="Uji", due_date=dt.date(2026, 1, 1))
    milestone._history_user = admin_user
    milestone.delete()
    assert Milestone.history.filter(title="Uji", history_type="-").exists()


def test_factory_default_initiative_is_valid(db):
    InitiativeFactory().full_clean()
