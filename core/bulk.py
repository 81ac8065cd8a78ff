"""``bulk_insert``: ``bulk_create`` for many rows with large text on PostgreSQL — one column per array parameter,
sent in binary on a server-binding cursor of the same connection (Django's client-side binding quotes every value
in Python, which costs seconds for tens of megabytes of text). Elsewhere it is ``bulk_create``."""

from __future__ import annotations

import psycopg
from django.db import connection


def bulk_insert(model, objs: list, *, batch_size: int = 1000) -> list:
    """Insert ``objs`` (unsaved instances of ``model``) and set their primary keys; returns them. Field defaults and
    ``auto_now_add`` apply as in ``save()``; no signals are sent (as ``bulk_create``)."""
    if connection.vendor != "postgresql" or not objs:
        return model.objects.bulk_create(objs, batch_size=batch_size)
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    casts = ", ".join(f"%b::{f.db_type(connection)}[]" for f in fields)
    names = ", ".join(quote(f.column) for f in fields)
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({names}) SELECT * FROM unnest({casts}) "  # noqa: S608 - model names
        f"RETURNING {quote(meta.pk.column)}"
    )
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        for start in range(0, len(objs), batch_size):
            chunk = objs[start : start + batch_size]
            columns = [[f.get_db_prep_save(f.pre_save(obj, True), connection) for obj in chunk] for f in fields]
            cursor.execute(sql, columns)
            for obj, (pk,) in zip(chunk, cursor.fetchall(), strict=True):
                obj.pk = pk
                obj._state.adding, obj._state.db = False, connection.alias
    return objs
