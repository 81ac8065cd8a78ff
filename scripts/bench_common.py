"""Shared by make bench (scripts/bench.py): its settings from the environment, the two databases, the gunicorn
servers and HTTP requests."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LARGE = int(os.environ.get("BENCH_INITIATIVES", "20000"))
SMALL = int(os.environ.get("BENCH_SMALL", "500"))
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
CONCURRENT = int(os.environ.get("BENCH_CONCURRENT", "200"))
SEQUENTIAL = int(os.environ.get("BENCH_SEQUENTIAL", "40"))
REUSE = os.environ.get("BENCH_REUSE") == "1"
BASE_PORT = int(os.environ.get("BENCH_PORT", "18400"))

GROWTH_TARGET = 2.0
FLOOR_TARGET = 3.0
CSV_RATE, XLSX_RATE, RSS_LIMIT_MB, REMINDER_SECONDS = 20_000, 5_000, 100, 10.0

# (label, path template); formatted with the size's bench data (codes and ids differ between the databases)
PAGES = [
    ("dashboard", "/"),
    ("dimension", "/dimensions/{dimension}/"),
    ("agency", "/opd/{opd}/"),
    ("initiatives list", "/initiatives/"),
    ("initiatives filtered", "/initiatives/?status=in_progress&ordering=-progress"),
    ("review queue", "/initiatives/reviews/"),
    ("initiative detail", "/initiatives/{initiative}/"),
    ("leadership report", "/reports/leadership/{year}/{quarter}/"),
    ("roadmap", "/roadmap/"),
    ("api stats", "/api/v1/stats/"),
    ("api roadmap", "/api/v1/roadmap/"),
    ("api initiatives", "/api/v1/initiatives/?page_size=100"),
    ("api reports", "/api/v1/reports/?page_size=100"),
    ("api milestones", "/api/v1/milestones/?page_size=100"),
    ("api indicators", "/api/v1/indicators/"),
    ("api dimensions", "/api/v1/dimensions/"),
    ("api opds", "/api/v1/opds/"),
]
FLOOR_PAGE = "api initiatives"
UNTARGETED = {"roadmap print"}
if os.environ.get("BENCH_PRINT", "1") == "1":
    PAGES.append(("roadmap print", "/roadmap/print/"))


# --- databases -----------------------------------------------------------------------------------------------------


def _base_url() -> str:
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgres://postgres@127.0.0.1:5432/portal"
    return url


def _db_url(name: str) -> str:
    parts = urlsplit(_base_url())
    return urlunsplit(parts._replace(path="/" + name))


def _db_names() -> tuple[str, str, str]:
    base = urlsplit(_base_url()).path.lstrip("/") or "portal"
    return f"{base}_bench_template", f"{base}_bench_small", f"{base}_bench_large"


def _admin_sql(*statements: str) -> None:
    with psycopg.connect(_db_url("postgres"), autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def _env(db_url: str, **extra) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "SECURE_COOKIES": "0",
        "LOG_LEVEL": "ERROR",
        "API_THROTTLE_USER": "1000000/minute",
        "API_THROTTLE_ANON": "1000000/minute",
        "MASTERPLAN_IMPORT_ASYNC": "0",
    }
    env.update(extra)
    return env


def _run(cmd: list, env: dict) -> str:
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"failed: {' '.join(map(str, cmd))}")
    return result.stdout


def build_databases() -> dict:
    template, small, large = _db_names()
    state_dir = ROOT / "var" / "bench"
    state_dir.mkdir(parents=True, exist_ok=True)
    infos = {}
    template_ready = False
    for label, name, size in (("small", small, SMALL), ("large", large, LARGE)):
        info_path = state_dir / f"{name}.json"
        if REUSE and info_path.exists() and json.loads(info_path.read_text()).get("initiatives") == size:
            infos[label] = json.loads(info_path.read_text())
            print(f"reusing {name} ({size} initiatives)", flush=True)
            continue
        if not template_ready:
            started = time.perf_counter()
            _admin_sql(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)', f'CREATE DATABASE "{template}"')
            _run([BIN / "python", "manage.py", "migrate", "--noinput"], _env(_db_url(template)))
            template_ready = True
            print(f"migrated the template in {time.perf_counter() - started:.1f}s", flush=True)
        started = time.perf_counter()
        _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        submitters = SEQUENTIAL + CONCURRENT if label == "large" else 0
        _run([BIN / "python", "scripts/bench_data.py", str(size), str(info_path), str(submitters)], _env(_db_url(name)))
        with psycopg.connect(_db_url(name), autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
        infos[label] = json.loads(info_path.read_text())
        print(f"built {name}: {size} initiatives in {time.perf_counter() - started:.1f}s", flush=True)
    if template_ready:
        _admin_sql(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
    return {
        label: {**info, "url": _db_url(name)}
        for (label, name) in (("small", small), ("large", large))
        for info in [infos[label]]
    }


# --- servers and requests ------------------------------------------------------------------------------------------


class Server:
    def __init__(self, app: str, db_url: str, port: int, workers: int = WORKERS, chdir: Path = ROOT, **env):
        self.port = port
        self.process = subprocess.Popen(
            [
                BIN / "gunicorn",
                app,
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--timeout",
                "300",
                "--chdir",
                str(chdir),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=_env(db_url, **env),
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=2).connect()
                return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"gunicorn on port {port} did not start")

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def request(port: int, path: str, *, method="GET", headers=None, body=None, timeout=600) -> tuple[int, float, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    started = time.perf_counter()
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    elapsed = time.perf_counter() - started
    conn.close()
    return response.status, elapsed, data


def auth_headers(info: dict, path: str) -> dict:
    headers = {"Host": "127.0.0.1", "Accept": "text/html,application/json"}
    if path.startswith("/api/"):
        headers["Authorization"] = f"Token {info['admin_key']}"
        headers["Accept"] = "application/json"
    else:
        headers["Cookie"] = f"{info['session_cookie']}={info['session']}"
    return headers
