"""An admin uploads a masterplan workbook in the browser, reads the problems, fixes the file and confirms."""

import pytest

from initiatives.models import Initiative
from opd.choices import Role
from tests.browser.conftest import login
from tests.factories import PASSWORD, DimensionFactory, MasterplanFactory, OpdFactory, make_user
from tests.importer.conftest import INITIATIVE_HEADER, initiative_row, write_xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_imports_a_masterplan_after_fixing_the_problems(page, live_server, screenshot_dir, tmp_path, settings):
    settings.MASTERPLAN_IMPORT_ASYNC = False
    MasterplanFactory(start_year=2025, end_year=2029)
    DimensionFactory(code="living")
    OpdFactory(code="DINKES")
    OpdFactory(code="DLH")
    make_user(Role.ADMIN, username="adminimp")
    bad = write_xlsx(
        tmp_path / "bad.xlsx",
        {"initiatives": [INITIATIVE_HEADER, initiative_row("A-1", opd="NOPE"), initiative_row("A-2", progress=150)]},
    )
    good = write_xlsx(
        tmp_path / "good.xlsx", {"initiatives": [INITIATIVE_HEADER, initiative_row("A-1"), initiative_row("A-2")]}
    )
    login(page, live_server, "adminimp", PASSWORD)

    page.goto(f"{live_server.url}/masterplan/import/")
    page.set_input_files("input[type=file]", str(bad))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector("#problems")
    rows = page.locator("#problems tbody tr")
    assert rows.count() == 2
    assert rows.nth(1).inner_text().split("\t")[:3] == ["initiatives", "3", "progress"]
    page.screenshot(path=str(screenshot_dir / "import-problems.png"), full_page=True)
    assert not Initiative.objects.exists()

    page.goto(f"{live_server.url}/masterplan/import/")
    page.set_input_files("input[type=file]", str(good))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector("#summary")
    page.screenshot(path=str(screenshot_dir / "import-preview.png"), full_page=True)
    assert not Initiative.objects.exists()
    page.click("form[action$='/confirm/'] button")
    page.wait_for_load_state("networkidle")
    assert page.locator("#job-state").inner_text() in ("Imported", "Diimpor")
    assert set(Initiative.objects.values_list("code", flat=True)) == {"A-1", "A-2"}
