"""On a phone the header folds behind a menu button; without JavaScript every link stays on the page (issue 15)."""

import pytest

from opd.choices import Role
from tests.browser.conftest import login
from tests.factories import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_menu_button_folds_the_header_on_a_phone(browser, live_server):
    make_user(Role.ADMIN, username="admin-menu")
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
    page = context.new_page()
    login(page, live_server, "admin-menu", PASSWORD)
    button = page.locator(".menu-toggle")
    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    review_link = page.locator(".site-header nav a[href='/initiatives/reviews/']")
    assert not review_link.is_visible()
    header_height = page.locator(".site-header").bounding_box()["height"]
    assert header_height < 140  # not half the screen
    button.click()
    assert button.get_attribute("aria-expanded") == "true" and review_link.is_visible()
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false" and not review_link.is_visible()
    context.close()


def test_without_javascript_every_link_is_shown(browser, live_server):
    make_user(Role.ADMIN, username="admin-nojs")
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "admin-nojs")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")  # (without JavaScript the language switch shows its own button)
    page.wait_for_load_state()
    assert not page.locator(".menu-toggle").is_visible()
    assert page.locator(".site-header nav a[href='/initiatives/reviews/']").is_visible()
    context.close()
