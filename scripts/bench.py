#!/usr/bin/env python
"""`make bench`: the portal at 500 and at BENCH_INITIATIVES (default 20,000) initiatives, side by side, as production
serves it (PostgreSQL, gunicorn with BENCH_WORKERS=3 sync workers), against a floor. See docs/performance.md.

1. Builds two PostgreSQL databases (bulk inserts, scripts/bench_data.py) next to DATABASE_URL's server
   (BENCH_DATABASE_URL overrides it; names ``<db>_bench_small`` and ``<db>_bench_large``). BENCH_REUSE=1 keeps
   databases built by an earlier run of the same size.
2. Serves each with gunicorn on 127.0.0.1, plus the floor (scripts/bench_floor.py: the same 100 API rows by one SQL
   query and json.dumps, under the same gunicorn), and requests every page and endpoint interleaved
   (small, large[, floor], small, large, ...), BENCH_RUNS times each after a warm-up; prints the medians and ratios.
3. Exports at the large size on a fresh one-worker gunicorn: rows/s and the worker's peak RSS growth.
4. 200 concurrent report submissions over the API against the one-at-a-time rate.
5. send_reminders over the large set, e-mails delivered (Django's file backend into a temporary folder), twice.

Exit status 1 when a target is missed (the targets of issue 12; ratios measured in one run, so they hold on a
noisy machine). Needs PostgreSQL; not part of `make test`.
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg
from bench_common import (  # noqa: E402 - the scripts folder is on the path when run as a script
    BASE_PORT,
    BIN,
    CONCURRENT,
    CSV_RATE,
    FLOOR_PAGE,
    FLOOR_TARGET,
    GROWTH_TARGET,
    LARGE,
    PAGES,
    REMINDER_SECONDS,
    ROOT,
    RSS_LIMIT_MB,
    RUNS,
    SEQUENTIAL,
    SMALL,
    UNTARGETED,
    WORKERS,
    XLSX_RATE,
    Server,
    _env,
    _run,
    auth_headers,
    build_databases,
    request,
)


def bench_pages(infos: dict, servers: dict, floor_port: int) -> tuple[list, list]:
    rows, failures = [], []
    print(f"\n{'page':24} {SMALL:>9} {LARGE:>9} {'ratio':>6}  target", flush=True)
    for label, template in PAGES:
        timings = {"small": [], "large": [], "floor": []}
        statuses = set()
        for run in range(RUNS + 1):  # the first round warms up
            for size in ("small", "large"):
                path = template.format(**infos[size])
                status, elapsed, _ = request(servers[size], path, headers=auth_headers(infos[size], path))
                statuses.add(status)
                if run:
                    timings[size].append(elapsed)
            if label == FLOOR_PAGE:
                _, elapsed, _ = request(floor_port, "/?page_size=100")
                if run:
                    timings["floor"].append(elapsed)
        small, large = statistics.median(timings["small"]), statistics.median(timings["large"])
        ratio = large / small
        ok = statuses == {200} and (label in UNTARGETED or ratio <= GROWTH_TARGET)
        note = "" if label in UNTARGETED else f"≤ {GROWTH_TARGET}×"
        if statuses != {200}:
            note += f" status {sorted(statuses)}"
        print(
            f"{label:24} {small * 1000:7.0f}ms {large * 1000:7.0f}ms {ratio:5.1f}×  {note} {'' if ok else 'MISSED'}",
            flush=True,
        )
        rows.append({"page": label, "small": small, "large": large, "ratio": ratio, "ok": ok})
        if not ok:
            failures.append(label)
        if label == FLOOR_PAGE:
            floor = statistics.median(timings["floor"])
            floor_ratio = large / floor
            ok = floor_ratio <= FLOOR_TARGET
            print(
                f"{'  floor (bare WSGI+SQL)':24} {'':9} {floor * 1000:7.0f}ms {floor_ratio:5.1f}×  "
                f"API at {LARGE} ≤ {FLOOR_TARGET}× floor {'' if ok else 'MISSED'}",
                flush=True,
            )
            rows.append({"page": "floor", "small": None, "large": floor, "ratio": floor_ratio, "ok": ok})
            if not ok:
                failures.append("floor")
    return rows, failures


# --- exports ---------------------------------------------------------------------------------------------------------


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def bench_exports(info: dict, port_base: int) -> tuple[list, list]:
    rows, failures = [], []
    server = Server("purbalingga.wsgi:application", info["url"], port_base, workers=1)
    try:
        pid = server.worker_pids()[0]
        headers = auth_headers(info, "/initiatives/")
        for kind, rate_target in (("csv", CSV_RATE), ("xlsx", XLSX_RATE)):
            path = f"/initiatives/export.{kind}"
            request(port_base, path + "?q=B-00000", headers=headers)  # warm-up: imports, connection
            times, growth = [], 0
            for _ in range(max(2, RUNS // 2)):
                Path(f"/proc/{pid}/clear_refs").write_text("5")  # reset the peak RSS to the current RSS
                before = _status_kb(pid, "VmRSS")
                status, elapsed, body = request(port_base, path, headers=headers)
                growth = max(growth, _status_kb(pid, "VmHWM") - before)
                times.append(elapsed)
            n_rows = info["initiatives"]
            median = statistics.median(times)
            rate = n_rows / median
            ok = status == 200 and rate >= rate_target and growth / 1024 < RSS_LIMIT_MB
            print(
                f"export.{kind:5} {n_rows} rows in {median:.2f}s = {rate:,.0f} rows/s (≥ {rate_target:,}), "
                f"peak RSS +{growth / 1024:.0f} MB (< {RSS_LIMIT_MB}), {len(body) / 1e6:.1f} MB "
                f"{'' if ok else 'MISSED'}",
                flush=True,
            )
            rows.append({"what": f"export.{kind}", "seconds": median, "rate": rate, "rss_mb": growth / 1024, "ok": ok})
            if not ok:
                failures.append(f"export.{kind}")
    finally:
        server.stop()
    return rows, failures


# --- concurrent submissions ------------------------------------------------------------------------------------------


def _submit(port: int, target: dict, results: list, index: int) -> None:
    body = json.dumps(
        {
            "year": target["year"],
            "quarter": target["quarter"],
            "progress": 40,
            "narrative": "Laporan triwulan (bench).",
            "submit": True,
        }
    )
    headers = {
        "Host": "127.0.0.1",
        "Authorization": f"Token {target['key']}",
        "Content-Type": "application/json",
        "Accept": "application/json",
    }
    try:
        status, elapsed, data = request(
            port,
            f"/api/v1/initiatives/{target['initiative']}/reports/",
            method="POST",
            headers=headers,
            body=body,
            timeout=300,
        )
    except OSError as exc:
        status, elapsed, data = 0, 0.0, str(exc).encode()
    results[index] = (status, elapsed, data[:300])


def bench_submissions(info: dict, port: int) -> tuple[list, list]:
    targets = info["submitters"]
    sequential, burst = targets[:SEQUENTIAL], targets[SEQUENTIAL : SEQUENTIAL + CONCURRENT]
    results = [None] * len(sequential)
    started = time.perf_counter()
    for n, target in enumerate(sequential):
        _submit(port, target, results, n)
    seq_rate = len(sequential) / (time.perf_counter() - started)
    seq_errors = [r for r in results if r[0] not in (200, 201)]
    results = [None] * len(burst)
    barrier = threading.Barrier(len(burst))

    def worker(n, target):
        barrier.wait()
        _submit(port, target, results, n)

    threads = [threading.Thread(target=worker, args=(n, t)) for n, t in enumerate(burst)]
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    burst_rate = len(burst) / (time.perf_counter() - started)
    errors = [r for r in results if r is None or r[0] not in (200, 201)]
    with psycopg.connect(info["url"]) as conn:
        stored = conn.execute(
            "SELECT count(*) FROM initiatives_progressreport WHERE state = 'submitted' AND initiative_id = ANY(%s)"
            " AND year = %s AND quarter = %s",
            ([t["initiative"] for t in sequential + burst], burst[0]["year"], burst[0]["quarter"]),
        ).fetchone()[0]
    ok = not errors and not seq_errors and stored == len(sequential) + len(burst) and burst_rate >= 2 * seq_rate
    print(
        f"submissions: one at a time {seq_rate:.1f}/s; {len(burst)} at once {burst_rate:.1f}/s "
        f"({burst_rate / seq_rate:.1f}×, ≥ 2×), errors {len(errors) + len(seq_errors)}, stored {stored}/"
        f"{len(sequential) + len(burst)} {'' if ok else 'MISSED'}",
        flush=True,
    )
    for status, _elapsed, data in (errors + seq_errors)[:3]:
        print(f"   e.g. {status}: {data!r}")
    row = {
        "what": "submissions",
        "sequential": seq_rate,
        "burst": burst_rate,
        "errors": len(errors),
        "stored": stored,
        "ok": ok,
    }
    return [row], [] if ok else ["submissions"]


# --- reminders -------------------------------------------------------------------------------------------------------


def bench_reminders(info: dict) -> tuple[list, list]:
    outbox = Path(tempfile.mkdtemp(prefix="bench-mail-"))
    env = _env(info["url"], EMAIL_URL=f"filemail://{outbox}")
    rows, failures = [], []
    try:
        for run in (1, 2):
            before = sum(f.read_text().count("\nMessage-ID: ") for f in outbox.iterdir())
            started = time.perf_counter()
            output = _run([BIN / "python", "manage.py", "send_reminders"], env)
            elapsed = time.perf_counter() - started
            delivered = sum(f.read_text().count("\nMessage-ID: ") for f in outbox.iterdir()) - before
            summary = output.strip().splitlines()[-1] if output.strip() else ""
            messages = int(summary.split(": ", 1)[1].split()[0]) if ": " in summary else -1
            if run == 1:
                ok = elapsed < REMINDER_SECONDS and messages > 0 and delivered == messages
            else:
                ok = messages == 0 and delivered == 0
            print(
                f"send_reminders run {run}: {elapsed:.1f}s, {messages} message(s), {delivered} e-mail(s) "
                f"delivered ({'< 10 s, every message delivered' if run == 1 else 'nothing sent again'}) "
                f"{'' if ok else 'MISSED'}",
                flush=True,
            )
            rows.append(
                {
                    "what": f"send_reminders {run}",
                    "seconds": elapsed,
                    "messages": messages,
                    "delivered": delivered,
                    "ok": ok,
                }
            )
            if not ok:
                failures.append(f"send_reminders {run}")
    finally:
        shutil.rmtree(outbox, ignore_errors=True)
    return rows, failures


def main() -> int:
    started = time.perf_counter()
    print(
        f"make bench: {SMALL} vs {LARGE} initiatives, {RUNS} interleaved runs, gunicorn × {WORKERS} workers", flush=True
    )
    infos = build_databases()
    servers = {
        "small": Server("purbalingga.wsgi:application", infos["small"]["url"], BASE_PORT),
        "large": Server("purbalingga.wsgi:application", infos["large"]["url"], BASE_PORT + 1),
    }
    floor = Server("bench_floor:application", infos["large"]["url"], BASE_PORT + 2, chdir=ROOT / "scripts")
    results, failures = {}, []
    try:
        results["pages"], missed = bench_pages(infos, {k: s.port for k, s in servers.items()}, floor.port)
        failures += missed
        floor.stop()
        servers["small"].stop()
        results["exports"], missed = bench_exports(infos["large"], BASE_PORT + 3)
        failures += missed
        results["submissions"], missed = bench_submissions(infos["large"], servers["large"].port)
        failures += missed
    finally:
        for server in (*servers.values(), floor):
            if server.process.poll() is None:
                server.stop()
    results["reminders"], missed = bench_reminders(infos["large"])
    failures += missed
    out = ROOT / "var" / "bench" / "latest.json"
    out.write_text(json.dumps(results, indent=1))
    print(f"\n{time.perf_counter() - started:.0f}s in all; figures in {out.relative_to(ROOT)}")
    if failures:
        print("MISSED: " + ", ".join(failures))
        return 1
    print("every target met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
