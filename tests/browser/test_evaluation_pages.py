"""The evaluation pages open at desktop and 360px phone width without sideways scrolling, show their key content,
and an administrator answers an item in the browser."""

import pytest

from evaluation import services
from opd.choices import Role
from tests.browser.conftest import login
from tests.factories import PASSWORD, DimensionFactory, InitiativeFactory, MasterplanFactory, OpdFactory, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    ("evaluation-periods", "/evaluation/", "#periods", "2025"),
    ("evaluation-scorecard", "/evaluation/2025/", "#index", "IMP-01"),
    ("evaluation-answer", "/evaluation/2025/items/IMP-01/", "main form", "IMP-01"),
    ("evaluation-framework", "/evaluation/framework/", "#mapping", "Smart Living"),
    ("risk-register", "/risks/", "#risks", "Jaringan desa belum stabil"),
]


def build():
    plan = MasterplanFactory(title="Masterplan Uji")
    living = DimensionFactory(code="living", name="Kehidupan Cerdas", name_en="Smart Living", order=1)
    dinkes = OpdFactory(code="DINKES", abbreviation="Dinkes", name="Dinas Kesehatan")
    initiative = InitiativeFactory(
        masterplan=plan, code="LIV-01", title="Telemedisin puskesmas", dimension=living, lead_opd=dinkes
    )
    admin = make_user(Role.ADMIN, username="penilai")
    services.install_default_framework()
    services.create_period(user=admin, year=2025)
    services.create_risk(
        user=admin,
        initiative=initiative,
        title="Jaringan desa belum stabil",
        likelihood=3,
        impact=2,
        mitigation="Koordinasi dengan penyedia jaringan dan pemerintah desa setempat.",
    )
    return admin


@pytest.mark.parametrize("width", [1280, 360])
def test_evaluation_pages_fit_the_screen(page, live_server, screenshot_dir, width):
    build()
    login(page, live_server, "penilai", PASSWORD)
    page.set_viewport_size({"width": width, "height": 900})
    for name, path, selector, text in PAGES:
        page.goto(f"{live_server.url}{path}")
        assert page.locator(selector).first.is_visible(), f"{path}: {selector} not visible"
        assert text in page.content(), f"{path}: {text!r} missing"
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width + 1, f"{path} scrolls sideways at {width}px ({overflow}px)"
        page.screenshot(path=str(screenshot_dir / f"{name}-{width}.png"), full_page=True)


def test_admin_answers_an_item(page, live_server):
    build()
    login(page, live_server, "penilai", PASSWORD)
    page.goto(f"{live_server.url}/evaluation/2025/items/IMP-01/")
    page.check("input[name=level][value='4']")
    page.fill("#id_justification", "Layanan digital dimanfaatkan warga di seluruh kecamatan.")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/evaluation/2025/")
    row = page.locator("#item-IMP-01")
    assert "Layanan digital dimanfaatkan" in row.inner_text()
