#!/usr/bin/env python
"""`make bench`: time the main pages and API lists at 5,000 initiatives, against a throw-away test database.

Prints median and worst time per URL over a few runs and the SQL query count, and fails (exit 1) when a median is
over its target. Targets are generous for a 2-core machine; they guard against regressions such as N+1 queries or
Python-side aggregation, not against noise.
"""
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "purbalingga.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

N_INITIATIVES = int(os.environ.get("BENCH_INITIATIVES", "5000"))
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
TARGETS = {  # url: median seconds
    "/": 2.0,
    "/initiatives/": 2.0,
    "/initiatives/?status=in_progress&ordering=-progress": 2.0,
    "/roadmap/": 4.0,
    "/initiatives/export.xlsx": 8.0,
    "/initiatives/export.csv": 4.0,
    "/api/v1/initiatives/?page_size=100": 2.0,
    "/api/v1/initiatives/?page_size=500": 4.0,
    "/api/v1/reports/?page_size=100": 2.0,
    "/api/v1/stats/": 2.0,
}


def build_data():
    import random

    from dimensions.models import Dimension
    from initiatives.models import BudgetLine, Initiative, Milestone
    from masterplans.models import Masterplan
    from opd.choices import Role
    from opd.models import Opd
    from opd.services import provision_user

    rng = random.Random(7)
    plan = Masterplan.objects.create(title="Bench", start_year=2025, end_year=2029, status="active")
    dims = [Dimension.objects.create(code=f"d{i}", name=f"Dimensi {i}", order=i) for i in range(6)]
    opds = [Opd.objects.create(code=f"OPD{i}", abbreviation=f"OPD {i}", name=f"Dinas {i}") for i in range(30)]
    statuses = ["planned", "in_progress", "on_hold", "completed", "cancelled"]
    initiatives = []
    for n in range(N_INITIATIVES):
        start = rng.randint(2025, 2029)
        initiatives.append(Initiative(
            masterplan=plan, code=f"B-{n:05d}", title=f"Inisiatif {n}", dimension=rng.choice(dims),
            lead_opd=rng.choice(opds), start_year=start, end_year=rng.randint(start, 2029),
            status=rng.choice(statuses), progress=rng.randint(0, 100), horizon="short"))
    Initiative.objects.bulk_create(initiatives, batch_size=1000)
    lines, milestones = [], []
    for ini in Initiative.objects.filter(masterplan=plan):
        for year in range(ini.start_year, ini.end_year + 1):
            lines.append(BudgetLine(initiative=ini, year=year, planned=rng.randint(1, 50) * 10_000_000,
                                    realized=rng.randint(0, 10) * 10_000_000))
        milestones.append(Milestone(initiative=ini, title="Tahap", due_date=f"{ini.end_year}-06-30"))
    BudgetLine.objects.bulk_create(lines, batch_size=2000)
    Milestone.objects.bulk_create(milestones, batch_size=2000)
    return provision_user(username="bench-admin", role=Role.ADMIN, password="Bench-Password-123").user


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    failures = []
    try:
        user = build_data()
        client = Client()
        client.force_login(user)
        print(f"{N_INITIATIVES} initiatives on {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
        print(f"{'url':58} {'status':>6} {'queries':>7} {'median':>8} {'worst':>8} {'target':>7}")
        for url, target in TARGETS.items():
            timings = []
            for _ in range(RUNS):
                with CaptureQueriesContext(connection) as ctx:
                    start = time.perf_counter()
                    response = client.get(url, HTTP_ACCEPT="text/html,application/json")
                    timings.append(time.perf_counter() - start)
            median = statistics.median(timings)
            ok = response.status_code == 200 and median <= target
            if not ok:
                failures.append(url)
            print(f"{url:58} {response.status_code:>6} {len(ctx.captured_queries):>7} {median:>7.3f}s "
                  f"{max(timings):>7.3f}s {target:>6.1f}s {'' if ok else 'FAIL'}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    if failures:
        print(f"Over target or not 200: {', '.join(failures)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
