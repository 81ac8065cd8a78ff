"""Issue 11, sign-in and reset: lock-out by username across addresses and by address across usernames; password
reset throttled per address and per e-mail with the same answer either way; the limits hold across two processes
sharing one Redis cache."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from opd.choices import Role
from tests.conftest import redis_available, redis_url, require_service
from tests.factories import PASSWORD, make_user

pytestmark = [pytest.mark.db, pytest.mark.django_db]
BASE = Path(__file__).resolve().parents[2]


def login(client, username, password, address="10.0.0.1", **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def test_one_username_is_locked_across_addresses(client, opd, settings):
    make_user(Role.OPD_STAFF, opd=opd, username="siti")
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "siti", "salah", address=f"10.0.1.{n}").status_code == 200
    assert login(client, "siti", "salah", address="10.0.1.99").status_code == 429
    assert login(client, "siti", PASSWORD, address="10.0.2.1").status_code == 429  # a fresh address does not help


def test_one_address_is_locked_across_usernames(client, opd, settings):
    settings.AXES_IP_FAILURE_LIMIT = 8
    for n in range(6):
        make_user(Role.OPD_STAFF, opd=opd, username=f"pegawai{n}")
    codes = [login(client, f"pegawai{n % 6}", "salah", address="10.9.9.9").status_code for n in range(8)]
    assert codes[:7] == [200] * 7 and codes[7] == 429  # no username reached its own limit of 5
    assert login(client, "pegawai0", PASSWORD, address="10.9.9.9").status_code == 429
    assert login(client, "pegawai5", PASSWORD, address="10.9.9.10").status_code == 302  # others are not locked


def test_behind_the_proxy_a_forged_forwarded_for_does_not_change_the_address(client, opd, settings):
    settings.TRUST_X_FORWARDED_FOR = True
    settings.AXES_IP_FAILURE_LIMIT = 3
    for n in range(3):
        make_user(Role.OPD_STAFF, opd=opd, username=f"u{n}")
    for n in range(3):  # the attacker varies the first entry; the proxy appends the real address last
        login(client, f"u{n}", "salah", address="172.16.0.2", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.7")
    assert (
        login(client, "u0", PASSWORD, address="172.16.0.2", HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.7").status_code
        == 429
    )


def reset(client, email, address="10.0.0.1"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_password_reset_is_throttled_per_email_with_the_same_answer(client, opd, settings):
    make_user(Role.OPD_STAFF, opd=opd, username="ani").__class__.objects.filter(username="ani").update(
        email="ani@example.go.id"
    )
    answers = [reset(client, "ani@example.go.id", address=f"10.0.3.{n}") for n in range(6)]
    assert {(r.status_code, r["Location"]) for r in answers} == {(302, reverse("password_reset_done"))}
    assert len(mail.outbox) == settings.PASSWORD_RESET_LIMIT_PER_EMAIL
    unknown = reset(client, "siapa@example.go.id", address="10.0.4.1")
    assert (unknown.status_code, unknown["Location"]) == (302, reverse("password_reset_done"))


def test_password_reset_is_throttled_per_address(client, opd, settings):
    settings.PASSWORD_RESET_LIMIT_PER_IP = 3
    for n in range(5):
        make_user(Role.OPD_STAFF, opd=opd, username=f"r{n}").__class__.objects.filter(username=f"r{n}").update(
            email=f"r{n}@example.go.id"
        )
    for n in range(5):
        assert reset(client, f"r{n}@example.go.id", address="10.0.5.5").status_code == 302
    assert len(mail.outbox) == 3


CHILD = textwrap.dedent("""
    import os, sys, django
    os.environ["DJANGO_SETTINGS_MODULE"] = "purbalingga.settings"
    django.setup()
    from django.test import RequestFactory
    from core.accounts import reset_allowed
    request = RequestFactory().post("/accounts/password/reset/", REMOTE_ADDR="10.7.7.7")
    allowed = sum(reset_allowed(request, f"user{n}@example.go.id") for n in range(int(sys.argv[1])))
    print(allowed)
""")


def test_the_reset_limit_holds_across_two_processes_sharing_redis(tmp_path):
    require_service("Redis", redis_available(), "start redis-server or set REDIS_URL")
    prefix = f"twoproc-{os.getpid()}-{tmp_path.name}"
    env = {
        **os.environ,
        "PYTHONPATH": str(BASE),
        "CACHE_URL": redis_url(),
        "CACHE_KEY_PREFIX": prefix,
        "PASSWORD_RESET_LIMIT_PER_IP": "6",
        "PASSWORD_RESET_LIMIT_PER_EMAIL": "100",
    }
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    workers = [
        subprocess.Popen(
            [sys.executable, str(script), "5"],
            cwd=BASE,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [worker.communicate(timeout=120) for worker in workers]
    assert all(worker.returncode == 0 for worker in workers), results
    allowed = sum(int(out.strip().splitlines()[-1]) for out, _err in results)
    assert allowed == 6  # 10 requests from one address over two processes: the shared limit of 6, not 2 × 5
