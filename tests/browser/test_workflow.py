"""The report workflow in a real browser: staff submits a report with a PDF (on a phone-sized screen), an admin
approves it, the initiative shows the new progress; the same initiative edited in two tabs shows a conflict."""

import re

import pytest

from initiatives.models import Evidence, ProgressReport
from opd.choices import Role
from tests.browser.conftest import login
from tests.factories import PASSWORD, DimensionFactory, InitiativeFactory, MasterplanFactory, OpdFactory, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def setup_data(db):
    MasterplanFactory()
    opd = OpdFactory(code="DINKES", abbreviation="Dinkes", name="Dinas Kesehatan")
    initiative = InitiativeFactory(
        dimension=DimensionFactory(code="living"),
        lead_opd=opd,
        progress=40,
        start_year=2025,
        end_year=2027,
        title="Telemedisin Puskesmas",
    )
    make_user(Role.OPD_STAFF, opd=opd, username="stafb")
    make_user(Role.ADMIN, username="adminb")
    return initiative


def test_staff_submits_report_with_pdf_admin_approves(browser, live_server, setup_data, screenshot_dir):
    initiative = setup_data
    phone = browser.new_context(
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        viewport={"width": 375, "height": 812},
        is_mobile=True,
        has_touch=True,
    )
    phone.set_default_timeout(15_000)
    page = phone.new_page()
    login(page, live_server, "stafb", PASSWORD)
    page.goto(f"{live_server.url}/initiatives/mine/")
    page.click(f"tr[data-initiative='{initiative.pk}'] a[href$='/reports/new/']")
    page.wait_for_selector("form.report-form")
    # the form fits a phone screen: no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.fill("#id_progress", "80")
    page.fill("#id_narrative", "Aplikasi telemedisin berjalan di 12 puskesmas.")
    page.fill("#id_budget_realized", "1.250.000")
    page.set_input_files(
        "#id_evidence", files=[{"name": "laporan-q4.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.screenshot(path=str(screenshot_dir / "workflow-report-form-375.png"), full_page=True)
    page.click("button[name=action][value=submit]")
    page.wait_for_selector(".messages li.success")
    # the page opens where the message is (no jump to the report further down)
    assert "#" not in page.url and page.evaluate("window.scrollY") == 0
    box = page.locator(".messages li.success").bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= 812
    report = ProgressReport.objects.get(initiative=initiative)
    assert (report.state, report.progress, report.budget_realized) == ("submitted", 80, 1_250_000)
    assert Evidence.objects.get(report=report).original_name == "laporan-q4.pdf"
    phone.close()

    desk = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta", viewport={"width": 1280, "height": 900})
    desk.set_default_timeout(15_000)
    admin = desk.new_page()
    login(admin, live_server, "adminb", PASSWORD)
    admin.goto(f"{live_server.url}/initiatives/reviews/")
    row = admin.locator(f"tr[data-report='{report.pk}']")
    assert row.count() == 1
    # the queue leads to the review page, which shows what approval changes before the buttons
    row.locator("a.review-link").click()
    admin.wait_for_selector("#h-changes")
    assert admin.locator("#h-changes").bounding_box()["y"] < admin.locator("form.approve-form").bounding_box()["y"]
    assert "laporan-q4.pdf" in admin.locator("section[aria-labelledby=h-reported]").inner_text()
    admin.locator("form.approve-form button").click()
    admin.wait_for_selector(".messages li.success")
    assert admin.locator(".messages li.success").is_visible()
    admin.goto(f"{live_server.url}/initiatives/{initiative.pk}/")
    assert re.search(r"80\s*%", admin.locator(".initiative-progress").inner_text())
    assert admin.locator(f"#report-{report.pk}").get_attribute("data-state") == "approved"
    admin.screenshot(path=str(screenshot_dir / "workflow-approved-detail.png"), full_page=True)
    desk.close()


def test_two_tabs_editing_different_fields_both_survive(context, live_server, setup_data, screenshot_dir):
    """Tab A changes the location; tab B, loaded before, changes the title: B's save is merged, nothing is lost."""
    initiative = setup_data
    first = context.new_page()
    login(first, live_server, "stafb", PASSWORD)
    second = context.new_page()
    url = f"{live_server.url}/initiatives/{initiative.pk}/edit/"
    first.goto(url)
    second.goto(url)
    first.fill("#id_location", "Kecamatan Kalimanah")
    first.click("form.stacked button[type=submit]")
    first.wait_for_selector(".messages li.success")

    second.fill("#id_title", "Judul dari tab kedua")
    second.click("form.stacked button[type=submit]")
    second.wait_for_selector(".messages li.success")
    assert "both are kept" in second.locator(".messages").inner_text()
    second.screenshot(path=str(screenshot_dir / "workflow-merged.png"), full_page=True)
    initiative.refresh_from_db()
    assert (initiative.title, initiative.location) == ("Judul dari tab kedua", "Kecamatan Kalimanah")


def test_two_tabs_changing_the_same_field_choose_field_by_field(context, live_server, setup_data, screenshot_dir):
    initiative = setup_data
    first = context.new_page()
    violations = []
    first.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    login(first, live_server, "stafb", PASSWORD)
    second = context.new_page()
    url = f"{live_server.url}/initiatives/{initiative.pk}/edit/"
    first.goto(url)
    second.goto(url)
    first.fill("#id_title", "Judul dari tab pertama")
    first.fill("#id_location", "Desa Pertama")
    first.click("form.stacked button[type=submit]")
    first.wait_for_selector(".messages li.success")

    second.fill("#id_title", "Judul dari tab kedua")
    second.fill("#id_location", "Desa Kedua")
    second.fill("#id_program_code", "1.02.03")
    second.click("form.stacked button[type=submit]")
    second.wait_for_selector("#conflict")
    panel = second.locator("#merge-choices").inner_text()
    assert "Judul dari tab pertama" in panel and "Judul dari tab kedua" in panel
    assert second.locator("text=anyway").count() == 0  # there is no "overwrite everything"
    second.screenshot(path=str(screenshot_dir / "workflow-conflict-choices.png"), full_page=True)
    second.check("input[name=resolve_title][value=mine]")
    second.check("input[name=resolve_location][value=theirs]")
    second.click("form.stacked button[type=submit]")
    second.wait_for_selector(".messages li.success")
    initiative.refresh_from_db()
    assert (initiative.title, initiative.location, initiative.program_code) == (
        "Judul dari tab kedua",
        "Desa Pertama",
        "1.02.03",
    )
    # the language switch works from the static script, under the strict policy
    first.goto(f"{live_server.url}/initiatives/{initiative.pk}/")
    first.select_option("#lang-select", "id")
    first.wait_for_load_state("networkidle")
    assert first.locator("html").get_attribute("lang") == "id"
    # widths and colours come from data-style, applied by the static script (no style attribute in the markup)
    applied = first.evaluate(
        "Array.from(document.querySelectorAll('[data-style]')).filter(el => el.style.cssText !== '').length"
    )
    assert applied > 0 and applied == first.locator("[data-style]").count()
    assert violations == []
