"""The triggers that keep ``InitiativeSummary`` (models.py) in step with budget lines, milestones and reports.

Every insert, update or delete of a budget line, milestone or report recomputes its initiative's summary row in the
same statement's transaction, on PostgreSQL (plpgsql functions; the summary row is locked before the sums are read,
so concurrent writers on one initiative cannot lose each other's change) and on SQLite (the demo database).
``install(connection)`` is idempotent and also rebuilds every row; it runs in migration 0005 and after each
``migrate`` (post_migrate in apps.py), so a later migration that rebuilds a table on SQLite cannot leave the
triggers off.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

SUMMARY = "initiatives_initiativesummary"
INITIATIVE = "initiatives_initiative"
SOURCES = ("initiatives_budgetline", "initiatives_milestone", "initiatives_progressreport")


def _figures(ref: str) -> str:
    return f"""
        budget_planned = COALESCE((SELECT SUM(planned) FROM initiatives_budgetline WHERE initiative_id = {ref}), 0),
        budget_realized = COALESCE((SELECT SUM(realized) FROM initiatives_budgetline WHERE initiative_id = {ref}), 0),
        first_open_due = (SELECT MIN(due_date) FROM initiatives_milestone
                          WHERE initiative_id = {ref} AND completed_date IS NULL),
        last_approved_at = (SELECT MAX(reviewed_at) FROM initiatives_progressreport
                            WHERE initiative_id = {ref} AND state = 'approved')"""


REBUILD = f"""
INSERT INTO {SUMMARY} (initiative_id, budget_planned, budget_realized)
    SELECT i.id, 0, 0 FROM {INITIATIVE} i WHERE NOT EXISTS (SELECT 1 FROM {SUMMARY} s WHERE s.initiative_id = i.id);
DELETE FROM {SUMMARY} WHERE initiative_id NOT IN (SELECT id FROM {INITIATIVE});
UPDATE {SUMMARY} SET {_figures(SUMMARY + ".initiative_id")};
"""

POSTGRES = (
    f"""
CREATE OR REPLACE FUNCTION initiatives_refresh_summary(iid bigint) RETURNS void AS $$
BEGIN
    INSERT INTO {SUMMARY} (initiative_id, budget_planned, budget_realized)
        SELECT iid, 0, 0 WHERE EXISTS (SELECT 1 FROM {INITIATIVE} WHERE id = iid)
        ON CONFLICT (initiative_id) DO NOTHING;
    PERFORM 1 FROM {SUMMARY} WHERE initiative_id = iid FOR UPDATE;
    UPDATE {SUMMARY} SET {_figures("iid")} WHERE initiative_id = iid;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION initiatives_summary_trigger() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM initiatives_refresh_summary(OLD.initiative_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.initiative_id IS DISTINCT FROM OLD.initiative_id) THEN
        PERFORM initiatives_refresh_summary(NEW.initiative_id);
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION initiatives_summary_initiative_deleted() RETURNS trigger AS $$
BEGIN
    DELETE FROM {SUMMARY} WHERE initiative_id = OLD.id;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
"""
    + "".join(
        f"""
DROP TRIGGER IF EXISTS {table}_summary ON {table};
CREATE TRIGGER {table}_summary AFTER INSERT OR UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION initiatives_summary_trigger();
"""
        for table in SOURCES
    )
    + f"""
DROP TRIGGER IF EXISTS {INITIATIVE}_summary ON {INITIATIVE};
CREATE TRIGGER {INITIATIVE}_summary AFTER DELETE ON {INITIATIVE}
    FOR EACH ROW EXECUTE FUNCTION initiatives_summary_initiative_deleted();
"""
)


def _sqlite_refresh(ref: str) -> str:
    return (
        f"INSERT OR IGNORE INTO {SUMMARY} (initiative_id, budget_planned, budget_realized) "
        f"SELECT {ref}, 0, 0 WHERE EXISTS (SELECT 1 FROM {INITIATIVE} WHERE id = {ref}); "
        f"UPDATE {SUMMARY} SET {_figures(ref)} WHERE initiative_id = {ref};"
    )


def _sqlite_statements() -> list[str]:
    statements = []
    for table in SOURCES:
        for event, refs in (("INSERT", ["NEW"]), ("DELETE", ["OLD"]), ("UPDATE", ["OLD", "NEW"])):
            name = f"{table}_summary_{event.lower()}"
            body = " ".join(_sqlite_refresh(f"{ref}.initiative_id") for ref in refs)
            statements += [
                f"DROP TRIGGER IF EXISTS {name}",
                f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {body} END",
            ]
    statements += [
        f"DROP TRIGGER IF EXISTS {INITIATIVE}_summary_delete",
        f"CREATE TRIGGER {INITIATIVE}_summary_delete AFTER DELETE ON {INITIATIVE} BEGIN "
        f"DELETE FROM {SUMMARY} WHERE initiative_id = OLD.id; END",
    ]
    return statements


def install(connection) -> None:
    """(Re)create the triggers for ``connection``'s database and rebuild every summary row."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRES)
        elif connection.vendor == "sqlite":
            for statement in _sqlite_statements():
                cursor.execute(statement)
        else:  # pragma: no cover - the portal runs on PostgreSQL and SQLite only
            raise ImproperlyConfigured(
                f"The initiative summaries need PostgreSQL or SQLite; DATABASE_URL names {connection.vendor}."
            )
        for statement in REBUILD.strip().split(";\n"):
            if statement.strip():
                cursor.execute(statement.rstrip(";"))
