"""Accounts: lockout after repeated failures, password change and reset by e-mail, idle expiry, session rotation."""

import logging
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.urls import reverse

from opd.choices import Role
from tests.factories import PASSWORD, make_user

pytestmark = [pytest.mark.db, pytest.mark.django_db]


@pytest.fixture
def user(opd):
    return make_user(Role.OPD_STAFF, opd=opd, username="siti")


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_lockout_after_repeated_failures(client, user, settings, caplog):
    caplog.set_level(logging.WARNING, logger="axes")
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        response = login(client, "siti", "salah")
        assert response.status_code == 200  # the login form again, with an error
    response = login(client, "siti", "salah")
    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    # even the right password is refused while locked out
    response = login(client, "siti", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(username="siti").exists()
    assert "15" in response.content.decode()  # the cool-off, in minutes
    assert any("locking out" in record.getMessage().lower() for record in caplog.records)  # logged for the admins


def test_lockout_ends_after_the_cool_off(client, user, settings):
    with time_machine.travel("2026-11-28 09:00 +0700", tick=False) as traveller:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            login(client, "siti", "salah")
        assert login(client, "siti", PASSWORD).status_code == 429
        traveller.shift(settings.AXES_COOLOFF_TIME.total_seconds() + 60)
        assert login(client, "siti", PASSWORD).status_code == 302


def test_session_key_rotates_on_login(client, user):
    client.get(reverse("login"))
    session = client.session
    session["probe"] = "x"
    session.save()
    before = session.session_key
    assert login(client, "siti", PASSWORD).status_code == 302
    after = client.session.session_key
    assert after and after != before


def test_session_expires_after_inactivity(client, user, settings):
    settings.SESSION_COOKIE_AGE = 600
    with time_machine.travel("2026-11-28 09:00 +0700", tick=False) as traveller:
        login(client, "siti", PASSWORD)
        assert client.get(reverse("initiatives:mine")).status_code == 200
        traveller.shift(500)  # activity renews the session
        assert client.get(reverse("initiatives:mine")).status_code == 200
        traveller.shift(500)
        assert client.get(reverse("initiatives:mine")).status_code == 200
        traveller.shift(601)  # idle too long
        response = client.get(reverse("initiatives:mine"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_password_change(client, user):
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Kata-Sandi-Baru-2026", "new_password2": "Kata-Sandi-Baru-2026"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password("Kata-Sandi-Baru-2026")
    assert client.get(reverse("password_change_done")).status_code == 200


def test_password_reset_by_email(client, user, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": user.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [user.email]
    assert "siti" in mail.body
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", mail.body).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200 and response.context["validlink"]
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "Kata-Sandi-Baru-2026", "new_password2": "Kata-Sandi-Baru-2026"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Kata-Sandi-Baru-2026")
    assert client.get(link, follow=True).context["validlink"] is False  # the link works once


def test_password_reset_for_unknown_address_reveals_nothing(client, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "tidak.ada@example.go.id"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert mailoutbox == []


@pytest.mark.parametrize("name", ["password_reset", "password_reset_done", "password_reset_complete", "login"])
def test_account_pages_render_for_anonymous(client, name):
    assert client.get(reverse(name)).status_code == 200
