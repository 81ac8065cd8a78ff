"""A small published masterplan with things that must never leave the portal: a draft report's narrative, a
returned report's review note, a comment, an evidence description, a budget line note and a user's name/e-mail."""

import datetime as dt

import pytest

from dimensions.models import Measurement
from initiatives.choices import InitiativeStatus, ReportState
from initiatives.models import Comment
from opd.choices import Role
from tests.factories import (
    BudgetLineFactory,
    DimensionFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    InitiativeFactory,
    MasterplanFactory,
    OpdFactory,
    ProgressReportFactory,
    make_user,
)

SECRETS = (
    "RAHASIA-NARASI-DRAF",
    "RAHASIA-CATATAN-REVIEW",
    "RAHASIA-KOMENTAR",
    "RAHASIA-CATATAN-ANGGARAN",
    "rahasia.pegawai@example.go.id",
    "Pegawai Rahasia",
)


@pytest.fixture
def open_data_on(settings):
    settings.OPEN_DATA = "true"
    settings.OPEN_DATA_LICENSE = "CC-BY-4.0"
    return settings


def build_feed(n_initiatives: int = 2, n_indicators: int = 2) -> dict:
    """A masterplan with two dimensions, two agencies, ``n_initiatives`` initiatives per dimension with budgets and
    ``n_indicators`` indicators per dimension with targets and measurements."""
    plan = MasterplanFactory(title="Masterplan Uji", start_year=2025)
    staff_opd = OpdFactory(code="DINKOMINFO", abbreviation="Dinkominfo", name="Dinas Komunikasi dan Informatika")
    other = OpdFactory(code="DINKES", abbreviation="Dinkes", name="Dinas Kesehatan")
    user = make_user(Role.OPD_STAFF, opd=staff_opd, username="pegawai")
    user.first_name, user.last_name, user.email = "Pegawai", "Rahasia", SECRETS[4]
    user.save()
    dims = [
        DimensionFactory(code="eco", name="Ekonomi Cerdas", order=1),
        DimensionFactory(code="liv", name="Kehidupan Cerdas", order=2),
    ]
    initiatives = []
    for d_index, dim in enumerate(dims):
        for i in range(n_initiatives):
            ini = InitiativeFactory(
                masterplan=plan,
                dimension=dim,
                lead_opd=(staff_opd, other)[i % 2],
                code=f"{dim.code.upper()}-{i}",
                progress=10 * (i + 1) + d_index,
                start_year=2025,
                end_year=2027,
                status=InitiativeStatus.IN_PROGRESS,
            )
            BudgetLineFactory(
                initiative=ini, year=2025, planned=100_000_000 * (i + 1), realized=40_000_000, note=SECRETS[3]
            )
            BudgetLineFactory(initiative=ini, year=2026, planned=50_000_000, realized=0)
            initiatives.append(ini)
        for k in range(n_indicators):
            ind = IndicatorFactory(
                code=f"{dim.code.upper()}-K{k}",
                dimension=dim,
                opd=other,
                baseline=10,
                definition="Persentase layanan daring.",
                calculation="a / b × 100",
                frequency="annual",
                data_source="Survei",
                producer="Dinkominfo",
                steward="Bappelitbangda",
                reference_code="SDGs-9.c.1",
                disaggregation="Kecamatan",
            )
            IndicatorTargetFactory(indicator=ind, year=2025, value=20)
            IndicatorTargetFactory(indicator=ind, year=2026, value=30)
            Measurement.objects.create(indicator=ind, year=2025, value=18)
    first = initiatives[0]
    ProgressReportFactory(
        initiative=first, year=2026, quarter=1, state=ReportState.DRAFT, narrative=SECRETS[0], created_by=user
    )
    ProgressReportFactory(
        initiative=first,
        year=2025,
        quarter=4,
        state=ReportState.RETURNED,
        narrative=SECRETS[0],
        review_note=SECRETS[1],
        submitted_by=user,
        submitted_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
    )
    Comment.objects.create(initiative=first, author=user, text=SECRETS[2])
    return {"plan": plan, "dimensions": dims, "initiatives": initiatives, "opds": [staff_opd, other], "user": user}


@pytest.fixture
def feed(db, open_data_on):
    return build_feed()
