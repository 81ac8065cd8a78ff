"""Helpers for the jobs tier: frozen days, a small reporting set-up, and Celery apps on the real Redis (with a unique
queue per test run) or on a broker that is down."""

import datetime as dt
import time
import uuid
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery import Celery, _state
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import OperationalError, connections

from initiatives.choices import ReportState
from opd.choices import Role
from tests.conftest import redis_available, redis_url, require_service
from tests.factories import InitiativeFactory, MasterplanFactory, OpdFactory, ProgressReportFactory, make_user

JAKARTA = ZoneInfo("Asia/Jakarta")
RUN_QUEUE = f"portal-test-{uuid.uuid4().hex[:10]}"
DOWN_BROKER = "redis://127.0.0.1:6390/0"


@contextmanager
def on_day(year, month, day, hour=8):
    """Freeze the clock at ``hour`` o'clock in Jakarta on that day (the portal's time zone)."""
    with time_machine.travel(dt.datetime(year, month, day, hour, 0, tzinfo=JAKARTA), tick=False):
        yield


def wait_for(predicate, timeout=20.0):
    """Poll until ``predicate()`` holds. SQLite's shared in-memory test database refuses a read while the worker
    thread writes ("table is locked"); that only means: not yet."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OperationalError:
            pass
        time.sleep(0.05)
    return predicate()


@pytest.fixture
def reporting(db):
    """Two agencies; Dinkes leads two initiatives (2026–2027) with Q1 and Q2 2026 already submitted; staff with
    e-mail addresses in both languages; an admin."""
    plan = MasterplanFactory(start_year=2025)
    dinkes = OpdFactory(code="DINKES", abbreviation="Dinkes")
    dinhub = OpdFactory(code="DINHUB", abbreviation="Dinhub")
    first = InitiativeFactory(
        masterplan=plan, lead_opd=dinkes, code="LIV-01", title="Telemedicine", start_year=2026, end_year=2027
    )
    second = InitiativeFactory(
        masterplan=plan, lead_opd=dinkes, code="LIV-02", title="Posyandu app", start_year=2026, end_year=2027
    )
    third = InitiativeFactory(
        masterplan=plan, lead_opd=dinhub, code="MOB-01", title="Smart parking", start_year=2026, end_year=2027
    )
    for initiative in (first, second, third):
        for quarter in (1, 2):
            ProgressReportFactory(initiative=initiative, year=2026, quarter=quarter, state=ReportState.SUBMITTED)
    ani = make_user(Role.OPD_STAFF, opd=dinkes, username="ani", language="id")
    budi = make_user(Role.OPD_STAFF, opd=dinkes, username="budi", language="en")
    citra = make_user(Role.OPD_STAFF, opd=dinhub, username="citra")
    admin = make_user(Role.ADMIN, username="kominfo")
    return {
        "plan": plan,
        "dinkes": dinkes,
        "dinhub": dinhub,
        "initiatives": [first, second, third],
        "ani": ani,
        "budi": budi,
        "citra": citra,
        "admin": admin,
    }


def make_celery_app(broker_url: str) -> Celery:
    app = Celery(f"portal-test-{uuid.uuid4().hex[:6]}", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(
        broker_url=broker_url,
        task_default_queue=RUN_QUEUE,
        task_always_eager=False,
        worker_hijack_root_logger=False,
        broker_connection_retry_on_startup=False,
    )
    import notifications.tasks  # noqa: F401 - registers the shared tasks on this app when it finalises

    app.finalize(auto=True)
    return app


@contextmanager
def current_celery_app(app: Celery):
    """Make ``app`` the one shared tasks (and so the services) dispatch to, then restore the project's app."""
    previous_current, previous_default = getattr(_state._tls, "current_app", None), _state.default_app
    app.set_current()
    app.set_default()
    try:
        yield app
    finally:
        _state._tls.current_app = previous_current
        _state.set_default_app(previous_default)


def _close_worker_connections(**kwargs):
    connections.close_all()  # the worker thread's own connections, so the test database can be dropped


@pytest.fixture
def broker_down():
    """Celery pointed at a port where no Redis listens."""
    with current_celery_app(make_celery_app(DOWN_BROKER)) as app:
        yield app


@pytest.fixture
def celery_worker_on_redis(transactional_db, settings):
    """A real Celery worker (solo pool, in this process) consuming this run's queue on the real Redis. Its flush of
    the outbox at start is off, so each test decides when the outbox is flushed."""
    settings.NOTIFICATIONS_FLUSH_ON_WORKER_START = False
    if not redis_available():
        require_service("Redis", False, f"no Redis at {redis_url()}; start redis-server or set REDIS_URL")
    app = make_celery_app(redis_url())
    task_postrun.connect(_close_worker_connections, weak=False)
    try:
        with (
            current_celery_app(app),
            start_worker(app, perform_ping_check=False, pool="solo", concurrency=1, shutdown_timeout=10) as worker,
        ):
            yield worker
    finally:
        task_postrun.disconnect(_close_worker_connections)
        with app.connection() as conn:  # leave nothing of this run's queue behind in Redis
            channel = conn.default_channel
            channel.queue_delete(RUN_QUEUE)
            for key in channel.client.scan_iter(match=f"_kombu.binding*.{RUN_QUEUE}"):
                channel.client.delete(key)
