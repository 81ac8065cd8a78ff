"""Indonesian whatever the browser says; the choice is kept in the cookie before login and on the account after."""

import pytest

from opd.choices import Role
from opd.models import Membership
from tests.factories import make_user

pytestmark = pytest.mark.db


@pytest.fixture
def indonesian_default(settings):
    settings.LANGUAGE_CODE = "id"


def test_browser_set_to_english_still_gets_indonesian(client, db, indonesian_default):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="id">' in response.content.decode()
    assert response["Content-Language"] == "id"


def test_cookie_chooses_the_language_before_login(client, db, indonesian_default, settings):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302 and response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en">' in client.get("/accounts/login/").content.decode()


def test_switch_when_signed_in_is_kept_on_the_account(client, db, indonesian_default, settings):
    user = make_user(Role.VIEWER, username="pimpinan")
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert Membership.objects.get(user=user).language == "en"
    # another browser (no cookie, Indonesian browser) still gets the saved choice
    other = client.__class__()
    other.force_login(user)
    assert '<html lang="en">' in other.get("/", HTTP_ACCEPT_LANGUAGE="id").content.decode()


def test_saved_choice_wins_over_the_cookie(client, db, indonesian_default, settings):
    user = make_user(Role.VIEWER, username="pimpinan", language="id")
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert '<html lang="id">' in client.get("/").content.decode()


def test_unknown_language_is_refused_and_changes_nothing(client, db, indonesian_default):
    user = make_user(Role.VIEWER, username="pimpinan", language="id")
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert Membership.objects.get(user=user).language == "id"
