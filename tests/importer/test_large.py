"""A 5,000-row file imports in one pass with a number of queries bounded per batch, not per row."""

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.models import BudgetLine, Initiative
from roadmap.masterplan_io.importer import import_masterplan
from tests.factories import DimensionFactory, MasterplanFactory, OpdFactory

pytestmark = pytest.mark.db

HEADER = [
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


def _big_workbook(path, n, prefix):
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("initiatives")
    sheet.append(HEADER)
    for i in range(n):
        sheet.append(
            [
                f"{prefix}-{i:05d}",
                f"Inisiatif {i}",
                "Uraian singkat.",
                "living",
                "DINKES",
                "DLH; DINHUB",
                "medium",
                2025,
                2026,
                "in_progress",
                i % 101,
                100_000_000 + i,
                None,
            ]
        )
    milestones = workbook.create_sheet("milestones")
    milestones.append(["initiative", "title", "due_date"])
    for i in range(0, n, 10):
        milestones.append([f"{prefix}-{i:05d}", "Peluncuran", "2025-12-31"])
    workbook.save(path)
    return path


def _queries_for(path):
    with CaptureQueriesContext(connection) as ctx:
        report = import_masterplan(path)
    assert report.ok, report.problems[:5]
    return len(ctx.captured_queries), report


def test_five_thousand_rows_import_with_queries_per_batch_not_per_row(db, tmp_path):
    MasterplanFactory(start_year=2025, end_year=2029)
    DimensionFactory(code="living")
    for code in ("DINKES", "DLH", "DINHUB"):
        OpdFactory(code=code)
    small = _big_workbook(tmp_path / "small.xlsx", 500, "S")
    large = _big_workbook(tmp_path / "large.xlsx", 5000, "L")

    queries_small, _ = _queries_for(small)
    queries_large, report = _queries_for(large)

    assert report.counts["initiatives"]["created"] == 5000
    assert report.counts["budget_lines"]["created"] == 5000
    assert Initiative.objects.filter(code__startswith="L-").count() == 5000
    assert Initiative.history.filter(code__startswith="L-").count() == 5000
    assert BudgetLine.objects.filter(initiative__code__startswith="L-").count() == 5000
    assert Initiative.supporting_opds.through.objects.filter(initiative__code__startswith="L-").count() == 10_000
    # Every write is a bulk query per batch (SQLite's batches are smaller: 999 parameters per query): 4,500 more
    # rows add batches, never a query per row.
    assert queries_large / 5000 < 0.1, queries_large
    assert queries_large - queries_small < 4500 * 0.1, (queries_small, queries_large)

    # and the same 5,000 rows again change nothing, reading everything in a constant number of queries
    queries_again, again = _queries_for(large)
    assert again.counts["initiatives"] == {"created": 0, "updated": 0, "unchanged": 5000}
    assert queries_again < 30, queries_again
