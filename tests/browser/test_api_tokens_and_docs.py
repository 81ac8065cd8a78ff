"""In a real browser: an admin issues a token on the portal page (key shown once) and the API docs render offline."""

import pytest

from opd.choices import Role
from tests.browser.conftest import login
from tests.factories import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.api, pytest.mark.django_db(transaction=True)]


def test_admin_issues_token_and_it_works_once_shown(page, live_server, screenshot_dir):
    make_user(Role.ADMIN, username="admintok")
    make_user(Role.VIEWER, username="bi_reader")
    login(page, live_server, "admintok", PASSWORD)
    page.goto(f"{live_server.url}/tokens/")
    page.select_option("#id_user", label="bi_reader")
    page.fill("#id_name", "Dasbor BI")
    page.select_option("#id_scope", "read")
    page.click("#issue-token-form button[type=submit]")
    key = page.locator("#token-key").inner_text().strip()
    page.screenshot(path=str(screenshot_dir / "api-token-issued.png"), full_page=True)
    assert len(key) >= 40
    response = page.request.get(f"{live_server.url}/api/v1/opds/", headers={"Authorization": f"Token {key}"})
    assert response.status == 200
    page.goto(f"{live_server.url}/tokens/")
    assert key not in page.content()
    assert page.locator("td", has_text="Dasbor BI").count() == 1


def test_api_docs_render_without_internet(page, live_server, screenshot_dir):
    outside = []

    def guard(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "Smart City Masterplan Portal API" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".opblock-tag", has_text="initiatives").count() >= 1
    page.screenshot(path=str(screenshot_dir / "api-docs.png"))
    assert outside == []
