"""The web container's healthcheck passes against a portal that only accepts its public host name."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def run_check(url, allowed_hosts):
    env = dict(os.environ, HEALTHCHECK_URL=url, ALLOWED_HOSTS=allowed_hosts)
    return subprocess.run(
        [sys.executable, "scripts/healthcheck.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30
    )


def test_healthcheck_uses_an_allowed_host(live_server, settings):
    settings.ALLOWED_HOSTS = ["portal.example.go.id"]
    assert run_check(f"{live_server.url}/accounts/login/", ".example.go.id,portal.example.go.id").returncode == 0


def test_healthcheck_fails_when_the_portal_refuses(live_server, settings):
    settings.ALLOWED_HOSTS = ["portal.example.go.id"]
    result = run_check(f"{live_server.url}/accounts/login/", "other.example.go.id")
    assert result.returncode == 1 and "unhealthy" in result.stderr
