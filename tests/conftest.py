"""Shared fixtures: users per role, a small masterplan, and service detection for the job and browser tiers.

A test that needs Redis or Chromium calls ``require_service``: it skips with a clear reason on a developer's machine
without the service, and fails under CI=true, where nothing may be skipped for a missing service.
"""

import os
import socket
from pathlib import Path
from urllib.parse import urlparse

import pytest

from opd.choices import Role
from tests.factories import DimensionFactory, InitiativeFactory, MasterplanFactory, OpdFactory, make_user

CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
_SKIPPED_SERVICES: set[str] = set()


def require_service(name: str, available: bool, how: str):
    if available:
        return
    message = f"{name} is not available ({how})"
    if CI:
        pytest.fail(f"CI=true: {message}; in CI no test may be skipped for a missing service.")
    _SKIPPED_SERVICES.add(message)
    pytest.skip(message)


def redis_url() -> str:
    return os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_available() -> bool:
    parsed = urlparse(redis_url())
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def chromium_available() -> bool:
    return Path(chromium_path()).exists()


def pytest_terminal_summary(terminalreporter):
    if _SKIPPED_SERVICES:
        terminalreporter.section("tiers skipped for a missing service")
        for message in sorted(_SKIPPED_SERVICES):
            terminalreporter.write_line(f"SKIPPED TIER: {message}")


@pytest.fixture(autouse=True)
def _english_unless_asked(settings):
    """Behaviour tests read English messages; the Indonesian default is pinned by the tests that use the
    ``indonesian`` fixture (tests/foundation/test_i18n.py and others)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def indonesian(settings):
    """The installation's real default: Indonesian."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "id"
    translation.activate("id")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests log in hundreds of times; a cheap hasher keeps that quick (production keeps Django's default)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _celery_eager_by_default():
    """Jobs handed to Celery after commit run inline, so behaviour tests need no broker; the jobs tier uses its own
    Celery apps and a real worker on Redis."""
    from purbalingga.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads go to a temporary directory per test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def masterplan(db):
    return MasterplanFactory()


@pytest.fixture
def opd(db):
    return OpdFactory(code="DINKES", abbreviation="Dinkes", name="Dinas Kesehatan")


@pytest.fixture
def other_opd(db):
    return OpdFactory(code="DINHUB", abbreviation="Dinhub", name="Dinas Perhubungan")


@pytest.fixture
def supporting_opd(db):
    return OpdFactory(code="DLH", abbreviation="DLH", name="Dinas Lingkungan Hidup")


@pytest.fixture
def dimension(db):
    return DimensionFactory(code="living", name="Kehidupan Cerdas", name_en="Smart Living", order=2)


@pytest.fixture
def initiative(masterplan, dimension, opd, supporting_opd):
    return InitiativeFactory(masterplan=masterplan, dimension=dimension, lead_opd=opd, supporting_opds=[supporting_opd])


@pytest.fixture
def admin_user(db):
    return make_user(Role.ADMIN, username="admin1")


@pytest.fixture
def viewer_user(db):
    return make_user(Role.VIEWER, username="viewer1")


@pytest.fixture
def staff_user(opd):
    return make_user(Role.OPD_STAFF, opd=opd, username="staff1")


@pytest.fixture
def other_staff_user(other_opd):
    return make_user(Role.OPD_STAFF, opd=other_opd, username="staff_other")


@pytest.fixture
def supporting_staff_user(supporting_opd):
    return make_user(Role.OPD_STAFF, opd=supporting_opd, username="staff_support")
