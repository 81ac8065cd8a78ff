"""Backup and restore of the database and the uploaded media (``manage.py backup`` / ``manage.py restore``).

A backup is one directory ``BACKUP_DIR/portal-<UTC timestamp>/`` holding:

- ``database.dump``: ``pg_dump --format=custom`` of the PostgreSQL database (every table, history included), or
  ``database.sqlite3``: a consistent copy of the SQLite file made with sqlite3's online backup API;
- ``media.tar.gz``: MEDIA_ROOT (evidence, import uploads) as a gzipped tar;
- ``manifest.json``: when, which engine, and the row count of every table, so a restore can be checked.

Only the newest ``BACKUP_KEEP`` backups are kept. Restoring into PostgreSQL runs ``pg_restore --clean
--if-exists --no-owner`` into the target database (which must exist); SQLite copies the file back. Nothing here
imports an app: it works from the settings alone.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

import environ  # django-environ parses a DATABASE_URL the same way settings.py does
from django.conf import settings
from django.db import connections

PREFIX = "portal-"
DUMP = "database.dump"
SQLITE = "database.sqlite3"
MEDIA = "media.tar.gz"
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup or restore step failed; the message says which and what to do."""


@dataclass
class Target:
    """Where a database lives: the engine and its connection settings (``DATABASES`` style)."""

    engine: str
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    @classmethod
    def from_settings(cls, alias="default"):
        db = settings.DATABASES[alias]
        return cls(
            engine=db["ENGINE"],
            name=str(db["NAME"]),
            user=db.get("USER") or "",
            password=db.get("PASSWORD") or "",
            host=db.get("HOST") or "",
            port=str(db.get("PORT") or ""),
        )

    @classmethod
    def from_url(cls, url: str):
        db = environ.Env.db_url_config(url)
        return cls(
            engine=db["ENGINE"],
            name=str(db["NAME"]),
            user=db.get("USER") or "",
            password=db.get("PASSWORD") or "",
            host=db.get("HOST") or "",
            port=str(db.get("PORT") or ""),
        )

    @property
    def is_postgres(self) -> bool:
        return "postgresql" in self.engine

    def pg_args(self) -> list[str]:
        args = []
        if self.host:
            args += ["--host", self.host]
        if self.port:
            args += ["--port", self.port]
        if self.user:
            args += ["--username", self.user]
        return args

    def pg_env(self) -> dict:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env


def _run(command: list[str], env: dict, what: str):
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed; install the PostgreSQL client tools "
            f"(Debian: apt-get install postgresql-client) to {what}."
        )
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed to {what}: {result.stderr.strip() or result.stdout.strip()}")
    return result


def table_counts(alias="default") -> dict[str, int]:
    """Rows per table of the database (the manifest's check)."""
    connection = connections[alias]
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def backup_dir() -> Path:
    return Path(settings.BACKUP_DIR)


def create_backup(directory: Path | None = None, *, keep: int | None = None, now=None) -> Path:
    """Write a backup of the default database and MEDIA_ROOT; prune to the newest ``keep``; return its path."""
    directory = Path(directory or backup_dir())
    keep = settings.BACKUP_KEEP if keep is None else keep
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%d-%H%M%S")
    target = directory / f"{PREFIX}{stamp}"
    partial = directory / f".{PREFIX}{stamp}.partial"
    partial.mkdir(parents=True, exist_ok=False)
    try:
        db = Target.from_settings()
        if db.is_postgres:
            _run(
                ["pg_dump", "--format=custom", "--no-owner", "--file", str(partial / DUMP), *db.pg_args(), db.name],
                db.pg_env(),
                "dump the database",
            )
        else:
            source = sqlite3.connect(db.name)
            copy = sqlite3.connect(partial / SQLITE)
            with copy:
                source.backup(copy)
            copy.close()
            source.close()
        with tarfile.open(partial / MEDIA, "w:gz") as archive:
            media = _media_root()
            if media.is_dir():
                archive.add(media, arcname="media")
        manifest = {
            "created": stamp,
            "engine": "postgresql" if db.is_postgres else "sqlite",
            "database": db.name,
            "tables": table_counts(),
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
        partial.rename(target)  # a backup directory without the dot prefix is complete
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    prune(directory, keep)
    return target


def backups(directory: Path | None = None) -> list[Path]:
    """Complete backups, oldest first."""
    directory = Path(directory or backup_dir())
    if not directory.is_dir():
        return []
    return sorted(
        p for p in directory.iterdir() if p.is_dir() and p.name.startswith(PREFIX) and (p / MANIFEST).exists()
    )


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups; returns what was deleted."""
    old = backups(directory)[:-keep] if keep > 0 else []
    for path in old:
        shutil.rmtree(path)
    return old


def restore_backup(path: Path, *, database_url: str | None = None, media_root: Path | None = None) -> dict:
    """Restore the backup at ``path`` into ``database_url`` (default: the configured database) and ``media_root``
    (default: MEDIA_ROOT, whose current files are replaced). Returns the manifest."""
    path = Path(path)
    manifest_path = path / MANIFEST
    if not manifest_path.exists():
        raise BackupError(f"{path} is not a complete backup (no {MANIFEST}).")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    db = Target.from_url(database_url) if database_url else Target.from_settings()
    if manifest["engine"] == "postgresql":
        if not db.is_postgres:
            raise BackupError("This backup is of a PostgreSQL database; restore it into PostgreSQL (--database-url).")
        if database_url is None:
            connections["default"].close()  # pg_restore --clean drops tables this process may hold open
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                *db.pg_args(),
                "--dbname",
                db.name,
                str(path / DUMP),
            ],
            db.pg_env(),
            "restore the database",
        )
    else:
        if db.is_postgres:
            raise BackupError("This backup is of a SQLite database; restore it into SQLite.")
        connections["default"].close()
        source = sqlite3.connect(path / SQLITE)
        copy = sqlite3.connect(db.name)
        with copy:
            source.backup(copy)
        copy.close()
        source.close()
    media = Path(media_root or _media_root())
    with tarfile.open(path / MEDIA, "r:gz") as archive:
        staging = media.parent / f".{media.name}.restoring"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        archive.extractall(staging, filter="data")
        restored = staging / "media"
        if media.exists():
            shutil.rmtree(media)
        if restored.exists():
            restored.rename(media)
        else:
            media.mkdir(parents=True)
        shutil.rmtree(staging, ignore_errors=True)
    return manifest
