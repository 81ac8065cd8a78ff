"""Roll-ups read once per change of the data, never stale: ``cached_rows(queryset)``.

The masterplan's roll-ups (masterplan_stats: a grouped scan of every initiative) change only when an initiative, its
summary, a budget line, a milestone, a report or a supporting agency changes. PostgreSQL keeps a **change log** for
those tables (``initiatives_datachange``, one row per committing transaction, written by a deferred constraint
trigger at commit time, so it becomes visible exactly when the change does; insert-only: no shared row is locked).
``cached_rows`` keys a queryset's rows by its SQL and parameters (so by ``today`` and every filter) and by the log's
state (count, lowest and highest id, read before the rows), so a request after any committed change recomputes,
and a request with no change since reads a few hundred grouped rows from the cache instead of scanning 20,000
initiatives.

Not cached (computed as before): on SQLite (the demo), inside a transaction that has itself written one of the
tables (a statement trigger marks it: its own uncommitted rows must not reach others), and any query that reads a
table outside ``TRACKED`` (checked on the SQL). The cache is Django's (CACHE_URL; per-process memory by default).
"""

from __future__ import annotations

import hashlib
import re

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Count, Value

LOG = "initiatives_datachange"
TRACKED = (
    "initiatives_initiative",
    "initiatives_initiativesummary",
    "initiatives_budgetline",
    "initiatives_milestone",
    "initiatives_progressreport",
    "initiatives_initiative_supporting_opds",
    "dimensions_dimension",
    "dimensions_subdimension",
    "opd_opd",
    "roadmap_masterplan",
)
TIMEOUT = 24 * 3600
PRUNE_ABOVE = 5000  # log rows; older than a minute are pruned (by a reader, outside any transaction)

POSTGRES = f"""
CREATE TABLE IF NOT EXISTS {LOG} (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now());

CREATE OR REPLACE FUNCTION initiatives_mark_dirty() RETURNS trigger AS $$
BEGIN
    PERFORM set_config('portal.rollups_dirty', '1', true);
    IF TG_OP = 'TRUNCATE' THEN
        INSERT INTO {LOG} DEFAULT VALUES;
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION initiatives_log_change() RETURNS trigger AS $$
BEGIN
    IF current_setting('portal.rollups_logged', true) = txid_current()::text THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('portal.rollups_logged', txid_current()::text, true);
    INSERT INTO {LOG} DEFAULT VALUES;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
""" + "".join(
    f"""
DROP TRIGGER IF EXISTS {table}_dirty ON {table};
CREATE TRIGGER {table}_dirty AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION initiatives_mark_dirty();
DROP TRIGGER IF EXISTS {table}_changed ON {table};
CREATE CONSTRAINT TRIGGER {table}_changed AFTER INSERT OR UPDATE OR DELETE ON {table}
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION initiatives_log_change();
"""
    for table in TRACKED
)

_TABLE = re.compile(r'(?:FROM|JOIN)\s+"([A-Za-z0-9_]+)"')


def install(connection) -> None:
    """(Re)create the change log and its triggers (PostgreSQL only; idempotent; run after every migrate)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(POSTGRES)


def _state():
    """The change log's state, or None when caching must not be used now."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*), min(id), max(id), current_setting('portal.rollups_dirty', true) FROM {LOG}")
        count, low, high, dirty = cursor.fetchone()
        if dirty == "1":
            return None
        if count > PRUNE_ABOVE and not transaction.get_connection().in_atomic_block:
            cursor.execute(f"DELETE FROM {LOG} WHERE at < now() - interval '1 minute'")
    return f"{count}:{low}:{high}"


def _sql(queryset):
    """(sql, params), or None for a query that can match nothing (e.g. ``pk__in=[]``)."""
    if queryset.query.is_empty():
        return None
    try:
        return queryset.query.sql_with_params()
    except EmptyResultSet:
        return None


def cached_rows(*querysets) -> list[list]:
    """``[list(qs) for qs in querysets]``, each from the cache when none of the tables it reads has changed since
    it was computed (one query for the log's state, then none for the rows found in the cache)."""
    queries = [_sql(qs) for qs in querysets]
    cacheable = all(set(_TABLE.findall(q[0])) <= set(TRACKED) for q in queries if q is not None)
    state = _state() if cacheable and any(queries) else None
    if state is None:
        return [[] if q is None else list(qs) for qs, q in zip(querysets, queries, strict=True)]
    keys = [
        None if q is None else "rollups:" + hashlib.sha256(f"{state}|{q[0]}|{q[1]!r}".encode()).hexdigest()
        for q in queries
    ]
    found = cache.get_many([k for k in keys if k])
    result = []
    for qs, key in zip(querysets, keys, strict=True):
        if key is None:
            result.append([])
            continue
        if key not in found:
            found[key] = list(qs)
            cache.set(key, found[key], TIMEOUT)
        result.append(found[key])
    return result


def cached_count(queryset) -> int:
    """``queryset.count()``, cached as cached_rows is."""
    query = queryset.order_by().annotate(_all=Value(1)).values("_all").annotate(n=Count("pk")).values_list("n")
    rows = cached_rows(query)[0]
    return rows[0][0] if rows else 0


def cached_first(queryset, limit: int) -> list:
    """``list(queryset[:limit])``: the primary keys from the cache (cached_rows), the rows by primary key."""
    pks = [pk for (pk,) in cached_rows(queryset.values_list("pk")[:limit])[0]]
    by_pk = {obj.pk: obj for obj in queryset.order_by().filter(pk__in=pks)} if pks else {}
    return [by_pk[pk] for pk in pks if pk in by_pk]
