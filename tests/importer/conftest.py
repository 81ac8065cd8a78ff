"""Fixtures of the importer tests: a small masterplan with every kind of object, file writers and a snapshot of
everything an import could write (rows and history), to prove that nothing was written."""

import csv
import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from dimensions.models import Dimension, Indicator, IndicatorTarget, SubDimension
from initiatives.models import BudgetLine, Initiative, Milestone
from opd.models import Opd
from tests.factories import (
    BudgetLineFactory,
    DimensionFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    InitiativeFactory,
    MasterplanFactory,
    MilestoneFactory,
    OpdFactory,
    SubDimensionFactory,
)

INITIATIVE_HEADER = [
    "code",
    "title",
    "description",
    "dimension",
    "opd",
    "supporting_opds",
    "horizon",
    "start_year",
    "end_year",
    "status",
    "progress",
    "budget_2025",
    "budget_2026",
]


@pytest.fixture(autouse=True)
def _inline_jobs(settings):
    """No Celery ping in tests: portal imports run inline unless a test says otherwise."""
    settings.MASTERPLAN_IMPORT_ASYNC = False


@pytest.fixture
def plan_data(db):
    """A 2025–2029 masterplan with two agencies, a dimension, a sub-dimension, an indicator with a target and an
    initiative with a supporting agency, a linked indicator, two budget lines (2025 APBD and DAK) and a milestone."""
    plan = MasterplanFactory(start_year=2025, end_year=2029)
    lead = OpdFactory(code="DINKES", abbreviation="Dinkes", name="Dinas Kesehatan")
    support = OpdFactory(code="DLH", abbreviation="DLH", name="Dinas Lingkungan Hidup")
    dimension = DimensionFactory(
        code="living", name="Kehidupan Cerdas", name_en="Smart Living", order=2, colour="#15803D"
    )
    sub = SubDimensionFactory(dimension=dimension, code="liv-kesehatan", name="Kesehatan", order=1)
    indicator = IndicatorFactory(
        code="LIV-01",
        name="Cakupan layanan",
        dimension=dimension,
        sub_dimension=sub,
        opd=lead,
        baseline="12.5000",
        baseline_year=2024,
    )
    IndicatorTargetFactory(indicator=indicator, year=2025, value="20.2500")
    initiative = InitiativeFactory(
        masterplan=plan,
        code="LIV-01",
        title="Telemedisin Puskesmas",
        description="Layanan konsultasi daring.\nBaris kedua.",
        dimension=dimension,
        sub_dimension=sub,
        lead_opd=lead,
        supporting_opds=[support],
        start_year=2025,
        end_year=2027,
        progress=40,
        program_code="1.02.02",
        location="Purbalingga",
    )
    initiative.indicators.set([indicator])
    BudgetLineFactory(
        initiative=initiative, year=2025, funding_source="APBD", planned=300_000_000, realized=120_000_000
    )
    BudgetLineFactory(initiative=initiative, year=2025, funding_source="DAK", planned=200_000_000)
    BudgetLineFactory(initiative=initiative, year=2026, funding_source="APBD", planned=450_000_000)
    MilestoneFactory(
        initiative=initiative,
        title="Uji coba di 5 puskesmas",
        due_date=dt.date(2025, 9, 30),
        completed_date=dt.date(2025, 10, 2),
    )
    return {
        "plan": plan,
        "lead": lead,
        "support": support,
        "dimension": dimension,
        "sub": sub,
        "indicator": indicator,
        "initiative": initiative,
    }


def snapshot():
    """Every row an import may write, and every history row: equal snapshots mean nothing was written."""

    def rows(model, *fields):
        return sorted(model.objects.values_list(*fields))

    return {
        "opds": rows(Opd, "code", "abbreviation", "name", "kind", "head_name", "email"),
        "dimensions": rows(Dimension, "code", "name", "name_en", "order", "colour", "description", "goal"),
        "subs": rows(SubDimension, "dimension__code", "code", "name", "name_en", "order", "description"),
        "indicators": rows(
            Indicator,
            "code",
            "name",
            "dimension__code",
            "sub_dimension__code",
            "opd__code",
            "unit",
            "direction",
            "baseline",
            "baseline_year",
            "description",
        ),
        "targets": rows(IndicatorTarget, "indicator__code", "year", "value"),
        "initiatives": rows(
            Initiative,
            "code",
            "title",
            "description",
            "dimension__code",
            "sub_dimension__code",
            "lead_opd__code",
            "horizon",
            "start_year",
            "end_year",
            "status",
            "progress",
            "program_code",
            "location",
            "version",
            "updated_at",
        ),
        "supporting": rows(Initiative.supporting_opds.through, "initiative__code", "opd__code"),
        "linked": rows(Initiative.indicators.through, "initiative__code", "indicator__code"),
        "budget": rows(BudgetLine, "initiative__code", "year", "funding_source", "planned", "realized", "note"),
        "milestones": rows(Milestone, "initiative__code", "title", "due_date", "completed_date"),
        "history": (Initiative.history.count(), BudgetLine.history.count(), Milestone.history.count()),
    }


def write_xlsx(path, sheets: dict):
    """``sheets``: {sheet name: [header, row, row …]} written as a workbook."""
    workbook = openpyxl.Workbook(write_only=True)
    for name, rows in sheets.items():
        worksheet = workbook.create_sheet(name)
        for row in rows:
            worksheet.append(row)
    workbook.save(path)
    return path


def write_csv(path, rows, delimiter=","):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def write_csv_zip(path, sheets: dict):
    with zipfile.ZipFile(path, "w") as archive:
        for name, rows in sheets.items():
            buffer = io.StringIO()
            csv.writer(buffer).writerows(rows)
            archive.writestr(f"{name}.csv", buffer.getvalue())
    return path


def initiative_row(code="NEW-01", **overrides):
    values = {
        "code": code,
        "title": f"Inisiatif {code}",
        "description": "Uraian.",
        "dimension": "living",
        "opd": "DINKES",
        "supporting_opds": "DLH",
        "horizon": "medium",
        "start_year": 2025,
        "end_year": 2026,
        "status": "planned",
        "progress": 0,
        "budget_2025": 100_000_000,
        "budget_2026": None,
    }
    values.update(overrides)
    return [values[c] for c in INITIATIVE_HEADER]


def problems_of(report):
    return {(p.sheet, p.row, p.column) for p in report.problems}
