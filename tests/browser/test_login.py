import pytest

from opd.choices import Role
from tests.browser.conftest import login
from tests.factories import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_locale():
    return "id-ID"


def test_admin_logs_in_and_sees_the_dashboard_in_indonesian(page, live_server, screenshot_dir, indonesian):
    make_user(Role.ADMIN, username="adminb")
    login(page, live_server, "adminb", PASSWORD)
    assert page.url.rstrip("/") == live_server.url
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.get_by_role("link", name="Dasbor").is_visible()
    page.screenshot(path=str(screenshot_dir / "login-dashboard.png"))
