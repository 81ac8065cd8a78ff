"""The import_masterplan and export_masterplan commands."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from initiatives.models import Initiative

from .conftest import INITIATIVE_HEADER, initiative_row, snapshot, write_xlsx

pytestmark = pytest.mark.db


def test_template_command_writes_the_template(db, tmp_path):
    target = tmp_path / "template.xlsx"
    call_command("import_masterplan", "--template", str(target), stdout=io.StringIO())
    workbook = openpyxl.load_workbook(target)
    assert "initiatives" in workbook.sheetnames and workbook["initiatives"]["A1"].value == "code"


def test_dry_run_then_import_with_progress_on_stderr(plan_data, tmp_path):
    path = write_xlsx(tmp_path / "plan.xlsx", {"initiatives": [INITIATIVE_HEADER, initiative_row("NEW-01")]})
    before = snapshot()
    out, err = io.StringIO(), io.StringIO()

    call_command("import_masterplan", str(path), "--dry-run", stdout=out, stderr=err)

    assert snapshot() == before
    assert "1 created" in out.getvalue() or "1 dibuat" in out.getvalue()
    assert "writing" in err.getvalue() and "[" in err.getvalue()

    call_command("import_masterplan", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert Initiative.objects.filter(code="NEW-01").exists()


def test_problems_are_printed_and_the_command_fails(plan_data, tmp_path):
    path = write_xlsx(tmp_path / "plan.xlsx", {"initiatives": [INITIATIVE_HEADER, initiative_row("X", opd="NOPE")]})
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_masterplan", str(path), "--no-progress", stdout=out)
    assert out.getvalue().startswith("initiatives\t2\topd\t")


def test_export_command_round_trips(plan_data, tmp_path):
    target = tmp_path / "plan.zip"
    call_command("export_masterplan", str(target), stdout=io.StringIO())
    before = snapshot()
    call_command("import_masterplan", str(target), "--no-progress", stdout=io.StringIO())
    assert snapshot() == before
