#!/usr/bin/env python
"""Run the whole test suite against the real services that are available, and say which tiers fall back.

* Database: DATABASE_URL when set; otherwise PostgreSQL on 127.0.0.1:5432 when it answers; otherwise SQLite.
* Redis (Celery job tests): REDIS_URL, or redis://127.0.0.1:6379; without it the job tests use Celery's in-memory
  transport and the real-worker tests skip.
* Chromium (browser tests): /usr/bin/chromium (or CHROMIUM_PATH); without it the browser tests skip.
With CI=true nothing may fall back or skip for a missing service: the run fails instead.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent


def reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=1.5):
            return True
    except OSError:
        return False


def main(argv: list[str]) -> int:
    env = dict(os.environ)
    ci = env.get("CI", "").lower() in ("1", "true", "yes")
    notes = []
    if not env.get("DATABASE_URL"):
        pg = "postgres://postgres@127.0.0.1:5432/portal"
        if reachable(pg, 5432):
            env["DATABASE_URL"] = pg
        elif ci:
            print("CI: PostgreSQL is not reachable on 127.0.0.1:5432 and DATABASE_URL is not set.", file=sys.stderr)
            return 2
        else:
            notes.append("PostgreSQL not reachable: database tests run on SQLite.")
    db = env.get("DATABASE_URL", "sqlite (embedded)")
    redis_url = env.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    if not reachable(redis_url, 6379):
        if ci:
            print(f"CI: Redis is not reachable at {redis_url}.", file=sys.stderr)
            return 2
        notes.append("Redis not reachable: job tests use Celery's in-memory transport; real-worker tests skip.")
    chromium = env.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not Path(chromium).exists():
        if ci:
            print(f"CI: Chromium not found at {chromium}.", file=sys.stderr)
            return 2
        notes.append(f"Chromium not found at {chromium}: browser tests skip.")
    print(f"Test database: {urlparse(db).scheme or db} ({db.split('@')[-1]})")
    for note in notes:
        print(f"NOTE: {note}")
    cmd = [sys.executable, "-m", "pytest", *argv]
    return subprocess.call(cmd, cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
