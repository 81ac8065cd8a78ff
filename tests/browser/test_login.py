import pytest

from opd.choices import Role
from tests.browser.conftest import login
from tests.factories import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_logs_in_and_sees_the_dashboard_in_indonesian(page, live_server, screenshot_dir):
    make_user(Role.ADMIN, username="adminb")
    login(page, live_server, "adminb", PASSWORD)
    assert page.url.rstrip("/") == live_server.url
    assert page.locator("html").get_attribute("lang") == "id"
    page.screenshot(path=str(screenshot_dir / "login-dashboard.png"))
