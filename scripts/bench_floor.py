"""The floor of `make bench`: a bare WSGI app (no Django) that returns the first page of
/api/v1/initiatives/?page_size=N -- the same rows, the same fields, the total count -- by ONE SQL query and
``json.dumps``. Served by the same gunicorn as the portal, it shows what the database and the server cost on their
own; the portal's list is judged against it (within 3x).

Run: ``DATABASE_URL=postgres://... gunicorn --chdir scripts bench_floor:application``.
"""

from __future__ import annotations

import json
import os
from urllib.parse import parse_qs

import psycopg

# The API's order (dimension order, code, id) and fields; health is computed by the portal's rules in the portal, here
# only carried as the cheapest stand-in (the status), so the floor stays a floor.
SQL = """
WITH page AS (
    SELECT i.id, i.code, i.title, i.description, d.code AS dimension, s.code AS sub_dimension, o.code AS opd,
           i.horizon, i.status, i.progress, i.start_year, i.end_year, i.program_code, i.location, i.updated_at,
           i.version, d."order" AS dim_order, count(*) OVER () AS total
    FROM initiatives_initiative i
    JOIN dimensions_dimension d ON d.id = i.dimension_id
    JOIN opd_opd o ON o.id = i.lead_opd_id
    LEFT JOIN dimensions_subdimension s ON s.id = i.sub_dimension_id
    WHERE i.masterplan_id = (SELECT id FROM roadmap_masterplan WHERE status = 'active' ORDER BY id LIMIT 1)
    ORDER BY d."order", i.code, i.id
    LIMIT %(limit)s
)
SELECT page.*,
       (SELECT coalesce(sum(b.planned), 0) FROM initiatives_budgetline b WHERE b.initiative_id = page.id)
           AS budget_planned,
       (SELECT coalesce(sum(b.realized), 0) FROM initiatives_budgetline b WHERE b.initiative_id = page.id)
           AS budget_realized,
       ARRAY(SELECT so.code FROM initiatives_initiative_supporting_opds x JOIN opd_opd so ON so.id = x.opd_id
             WHERE x.initiative_id = page.id ORDER BY so.code) AS supporting_opds
FROM page ORDER BY page.dim_order, page.code, page.id
"""

_connection = None


def _cursor():
    global _connection
    if _connection is None or _connection.closed:
        _connection = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
    return _connection.cursor()


def rows(limit: int) -> dict:
    with _cursor() as cur:
        cur.execute(SQL, {"limit": limit})
        names = [c.name for c in cur.description]
        results, total = [], 0
        for values in cur.fetchall():
            row = dict(zip(names, values, strict=True))
            total = row.pop("total")
            row.pop("dim_order")
            row.update(
                budget_planned=int(row["budget_planned"]),
                budget_realized=int(row["budget_realized"]),
                health=row["status"],
                updated_at=row["updated_at"].isoformat(),
            )
            results.append(row)
    return {"count": total, "next": None, "previous": None, "results": results}


def application(environ, start_response):
    query = parse_qs(environ.get("QUERY_STRING", ""))
    limit = min(int((query.get("page_size") or ["100"])[0]), 500)
    body = json.dumps(rows(limit)).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
