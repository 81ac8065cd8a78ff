"""``/healthz``: the process answers (liveness). ``/readyz``: the portal can serve — the database answers, every
migration is applied, Redis answers and a Celery worker replies to a ping; JSON with each check, 503 when one
fails. ``/readyz?only=database,migrations,redis`` runs only those (the web container's own healthcheck, so a stopped
worker does not mark the web container unhealthy)."""

from __future__ import annotations

import time

import redis
from celery import current_app
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _migrations():
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _backwards in plan[:5])
        raise RuntimeError(f"{len(plan)} migration(s) not applied: {names}")
    return "ok"


def _redis():
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    finally:
        client.close()
    return "ok"


def _celery():
    replies = current_app.control.ping(timeout=settings.READYZ_WORKER_TIMEOUT)
    if not replies:
        raise RuntimeError("no Celery worker answered the ping")
    return f"{len(replies)} worker(s)"


CHECKS = {"database": _database, "migrations": _migrations, "redis": _redis, "celery": _celery}


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    only = [name for name in request.GET.get("only", "").split(",") if name in CHECKS] or list(CHECKS)
    if "celery" in only and "redis" in only:
        only.remove("celery")
        only.append("celery")  # after redis: the ping goes through the broker
    results, healthy = {}, True
    for name in only:
        if name == "celery" and not results.get("redis", {"ok": True})["ok"]:
            results[name] = {"ok": False, "detail": "skipped: Redis (the broker) is down"}
            healthy = False
            continue
        started = time.monotonic()
        try:
            detail = CHECKS[name]()
            ok = True
        except Exception as exc:  # noqa: BLE001 - every failure is a "not ready" answer, never a 500
            detail, ok = f"{type(exc).__name__}: {exc}"[:300], False
        healthy = healthy and ok
        results[name] = {"ok": ok, "detail": detail, "ms": round((time.monotonic() - started) * 1000, 1)}
    return JsonResponse({"status": "ok" if healthy else "fail", "checks": results}, status=200 if healthy else 503)
