"""Each dashboard page opens at desktop (1280px) and phone (375px) width, shows its key content without sideways
scrolling of the page, and leaves a screenshot in test-artifacts/screenshots/."""

import datetime as dt

import pytest

from initiatives.choices import InitiativeStatus, ReportState
from opd.choices import Role
from tests.browser.conftest import login
from tests.factories import (
    PASSWORD,
    BudgetLineFactory,
    DimensionFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    InitiativeFactory,
    MasterplanFactory,
    MilestoneFactory,
    OpdFactory,
    ProgressReportFactory,
    make_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    ("dashboard", "/", "#overall-progress", "Smart Economy"),
    ("dimension", "/dimensions/eco/", "#dimension-progress", "Digital MSMEs"),
    ("opd", "/opd/DINKES/", "#compliance", "Dinas Kesehatan"),
    ("roadmap", "/roadmap/", ".timeline", "Pasar digital"),
    ("leadership-report", "/reports/leadership/2026/3/", "#report-dimensions", "Pasar digital"),
    ("initiatives", "/initiatives/", "#initiative-table", "Pasar digital"),
    ("public", "/public/", "#public-initiatives", "Pasar digital"),
]


def build_data():
    plan = MasterplanFactory(title="Masterplan Smart City Uji")
    eco = DimensionFactory(code="eco", name="Ekonomi Cerdas", name_en="Smart Economy", order=1, colour="#b45309")
    liv = DimensionFactory(code="liv", name="Kehidupan Cerdas", name_en="Smart Living", order=2, colour="#be123c")
    dinkes = OpdFactory(code="DINKES", abbreviation="Dinkes", name="Dinas Kesehatan")
    dinhub = OpdFactory(code="DINHUB", abbreviation="Dinhub", name="Dinas Perhubungan")
    a = InitiativeFactory(
        masterplan=plan,
        code="ECO-01",
        title="Pasar digital",
        dimension=eco,
        lead_opd=dinkes,
        start_year=2025,
        end_year=2027,
        progress=45,
    )
    b = InitiativeFactory(
        masterplan=plan,
        code="LIV-01",
        title="Telemedisin puskesmas",
        dimension=liv,
        lead_opd=dinhub,
        start_year=2026,
        end_year=2028,
        progress=20,
    )
    InitiativeFactory(
        masterplan=plan,
        code="LIV-02",
        title="Klinik keliling",
        dimension=liv,
        lead_opd=dinkes,
        start_year=2025,
        end_year=2025,
        progress=100,
        status=InitiativeStatus.COMPLETED,
    )
    BudgetLineFactory(initiative=a, year=2025, planned=1_500_000_000, realized=900_000_000)
    BudgetLineFactory(initiative=b, year=2026, planned=750_000_000, realized=120_000_000)
    MilestoneFactory(initiative=a, title="Peluncuran", due_date=dt.date(2026, 12, 15))
    MilestoneFactory(initiative=b, title="Uji coba", due_date=dt.date(2026, 9, 1))
    ProgressReportFactory(initiative=a, year=2026, quarter=3, state=ReportState.SUBMITTED)
    indicator = IndicatorFactory(code="ECO-K1", name="Digital MSMEs", dimension=eco, opd=dinkes)
    IndicatorTargetFactory(indicator=indicator, year=2025, value=20)
    IndicatorTargetFactory(indicator=indicator, year=2026, value=40)
    indicator.measurements.create(year=2025, value=18)


@pytest.mark.parametrize("width", [1280, 375])
def test_pages_at_desktop_and_phone_width(page, live_server, screenshot_dir, settings, width):
    settings.PUBLIC_PORTAL = True
    build_data()
    make_user(Role.ADMIN, username="admin-pages")
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, "admin-pages", PASSWORD)
    for name, path, selector, text in PAGES:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert page.locator(selector).first.is_visible(), f"{path}: {selector}"
        assert page.get_by_text(text).first.is_visible(), f"{path}: {text}"
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width + 1, f"{path} scrolls sideways at {width}px ({overflow}px)"
        page.screenshot(path=str(screenshot_dir / f"{name}-{width}.png"), full_page=True)
