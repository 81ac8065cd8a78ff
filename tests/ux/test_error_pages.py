"""Error pages in the portal's layout, in the reader's language, with a way back (issue 15)."""

import pytest
from django.test import Client
from django.urls import reverse

from purbalingga import views

pytestmark = pytest.mark.db


@pytest.fixture
def indonesian_default(settings):
    settings.LANGUAGE_CODE = "id"
    settings.DEBUG = False


def _assert_portal_page(response, status, heading, language="id"):
    html = response.content.decode()
    assert response.status_code == status
    assert f'<html lang="{language}">' in html
    assert 'class="site-header"' in html and heading in html
    assert 'href="/"' in html  # a way back to the dashboard


def test_404_in_indonesian_with_a_way_back(client, indonesian_default, viewer_user):
    client.force_login(viewer_user)
    _assert_portal_page(client.get("/no-such-page/"), 404, "Halaman tidak ditemukan")


def test_403_in_english_for_an_english_reader(client, indonesian_default, viewer_user, settings):
    client.force_login(viewer_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("initiatives:review-queue"))  # admins only
    _assert_portal_page(response, 403, "You may not open this page", language="en")
    assert "403 Forbidden" not in response.content.decode()


def test_csrf_failure_explains_and_offers_a_way_back(db, indonesian_default):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    _assert_portal_page(response, 403, "Formulir sudah kedaluwarsa")


def test_400_page(rf, indonesian_default, db):
    request = rf.get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    _assert_portal_page(views.bad_request(request), 400, "Permintaan tidak dapat dipahami")


def test_500_page_needs_no_database_or_context_processors(rf, db, indonesian_default, django_assert_num_queries):
    from django.utils import translation

    with translation.override("id"), django_assert_num_queries(0):
        response = views.server_error(rf.get("/"))
    _assert_portal_page(response, 500, "Terjadi kesalahan")


def test_lockout_is_a_429_in_the_portal_layout(client, indonesian_default, viewer_user, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(3):
        response = client.post(reverse("login"), {"username": viewer_user.username, "password": "wrong-password"})
    assert response.status_code == 429
    html = response.content.decode()
    assert 'class="site-header"' in html and reverse("login") in html


def test_favicon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code in (200, 301, 302)
    assert client.get(response["Location"]).status_code == 200 if response.status_code != 200 else True
