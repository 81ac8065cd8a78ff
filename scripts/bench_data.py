#!/usr/bin/env python
"""Build a benchmark masterplan, quickly, in the database named by DATABASE_URL (already migrated, empty).

``python scripts/bench_data.py N OUT.json`` writes N initiatives with two budget lines, two milestones, two supporting
agencies each and about one report per initiative (bulk_create in big batches), a fixed set of agencies and users
(120 agencies, 4 staff each: about 500 reminder recipients whatever N), and writes to OUT.json what the benchmark
needs to call the portal: a signed-in administrator's session cookie, API keys of staff with an initiative to report
on, and the codes and ids the pages take. Used by scripts/bench.py; the agencies and users do not grow with N, so
the two sizes differ only in the initiatives and what hangs off them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "purbalingga.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from core.periods import current_quarter, previous_quarter  # noqa: E402
from dimensions.models import Dimension  # noqa: E402
from initiatives.models import BudgetLine, Initiative, Milestone, ProgressReport  # noqa: E402
from masterplans.models import Masterplan  # noqa: E402
from opd.choices import Role, TokenScope  # noqa: E402
from opd.models import Membership, Opd  # noqa: E402
from opd.services import issue_token  # noqa: E402

N_OPDS = 120
STAFF_PER_OPD = 4
N_ADMINS = 5
BATCH = 5000
STATUSES = ["planned", "in_progress", "in_progress", "in_progress", "on_hold", "completed", "cancelled"]
SOURCES = ["APBD", "APBN", "DAK", "CSR", "KPBU", "other"]


def build(n: int, submitters: int) -> dict:
    rng = random.Random(12)
    today = timezone.localdate()
    this_year = today.year
    plan = Masterplan.objects.create(title="Bench", start_year=this_year - 1, end_year=this_year + 3, status="active")
    dims = [Dimension.objects.create(code=f"d{i}", name=f"Dimensi {i}", order=i) for i in range(6)]
    opds = Opd.objects.bulk_create(
        [Opd(code=f"OPD{i:03d}", abbreviation=f"OPD {i:03d}", name=f"Dinas {i}") for i in range(N_OPDS)]
    )
    User = get_user_model()
    password = make_password("Bench-Password-123")
    users = [User(username=f"admin{i}", email=f"admin{i}@bench.invalid", password=password) for i in range(N_ADMINS)]
    users += [
        User(username=f"staff{o}-{s}", email=f"staff{o}-{s}@bench.invalid", password=password)
        for o in range(N_OPDS)
        for s in range(STAFF_PER_OPD)
    ]
    users = User.objects.bulk_create(users, batch_size=BATCH)
    memberships = [Membership(user=u, role=Role.ADMIN) for u in users[:N_ADMINS]]
    memberships += [
        Membership(user=u, role=Role.OPD_STAFF, opd=opds[k // STAFF_PER_OPD]) for k, u in enumerate(users[N_ADMINS:])
    ]
    Membership.objects.bulk_create(memberships, batch_size=BATCH)

    initiatives = []
    for k in range(n):
        start = rng.randint(plan.start_year, plan.end_year)
        initiatives.append(
            Initiative(
                masterplan=plan,
                code=f"B-{k:06d}",
                title=f"Inisiatif {k} — {rng.choice(['jaringan', 'layanan', 'data'])}",
                description="",
                dimension=dims[k % len(dims)],
                lead_opd=opds[rng.randrange(N_OPDS)],
                start_year=start,
                end_year=rng.randint(start, plan.end_year),
                status=rng.choice(STATUSES),
                progress=rng.randint(0, 100),
                horizon="short",
                program_code=f"1.{k % 97}.{k % 13}",
            )
        )
    with transaction.atomic():
        Initiative.objects.bulk_create(initiatives, batch_size=BATCH)
        initiatives = list(Initiative.objects.filter(masterplan=plan).order_by("pk"))
        lines, milestones, supports, reports = [], [], [], []
        through = Initiative.supporting_opds.through
        past_quarters = [current_quarter(today)]
        for _ in range(3):
            past_quarters.append(previous_quarter(*past_quarters[-1]))
        past_quarters = past_quarters[1:]  # the three completed quarters before this one
        now = timezone.now()
        opd_index = {opd.pk: k for k, opd in enumerate(opds)}
        for ini in initiatives:
            sources = rng.sample(SOURCES, 2)
            for year, source in ((ini.start_year, sources[0]), (ini.end_year, sources[1])):
                lines.append(
                    BudgetLine(
                        initiative=ini,
                        year=year,
                        funding_source=source,
                        planned=rng.randint(1, 50) * 10_000_000,
                        realized=rng.randint(0, 10) * 10_000_000,
                    )
                )
            first_due = dt.date(ini.start_year, 1, 1) + dt.timedelta(days=rng.randint(30, 330))
            done = first_due < today and rng.random() < 0.7
            milestones.append(
                Milestone(
                    initiative=ini,
                    title="Tahap perencanaan",
                    due_date=first_due,
                    completed_date=first_due if done else None,
                )
            )
            milestones.append(
                Milestone(initiative=ini, title="Tahap pelaksanaan", due_date=dt.date(ini.end_year, 6, 30))
            )
            for opd in rng.sample(opds, 2):
                if opd.pk != ini.lead_opd_id:
                    supports.append(through(initiative_id=ini.pk, opd_id=opd.pk))
            active = [(y, q) for y, q in past_quarters if ini.start_year <= y <= ini.end_year]
            if active and ini.status not in ("planned", "cancelled"):
                year, quarter = active[rng.randrange(len(active))]
                state = rng.choice(["approved", "approved", "submitted", "returned"])
                author = users[N_ADMINS + opd_index[ini.lead_opd_id] * STAFF_PER_OPD]
                reports.append(
                    ProgressReport(
                        initiative=ini,
                        year=year,
                        quarter=quarter,
                        progress=ini.progress,
                        status=ini.status,
                        narrative="Pelaksanaan sesuai rencana.",
                        state=state,
                        submitted_at=now - dt.timedelta(days=30),
                        created_by=author,
                        submitted_by=author,
                        reviewed_by=None if state == "submitted" else users[0],
                        reviewed_at=None if state == "submitted" else now - dt.timedelta(days=20),
                    )
                )
        BudgetLine.objects.bulk_create(lines, batch_size=BATCH)
        Milestone.objects.bulk_create(milestones, batch_size=BATCH)
        through.objects.bulk_create(supports, batch_size=BATCH, ignore_conflicts=True)
        ProgressReport.objects.bulk_create(reports, batch_size=BATCH)

    # staff who will submit a report for this quarter over the API: one distinct initiative each
    year, quarter = current_quarter(today)
    reported = set(ProgressReport.objects.filter(year=year, quarter=quarter).values_list("initiative_id", flat=True))
    staff_by_opd = {}
    for m in Membership.objects.filter(role=Role.OPD_STAFF).select_related("user"):
        staff_by_opd.setdefault(m.opd_id, []).append(m.user)
    targets = []
    used_users = set()
    for ini in initiatives:
        if len(targets) >= submitters:
            break
        if not ini.start_year <= year <= ini.end_year or ini.pk in reported or ini.status == "cancelled":
            continue
        free = [u for u in staff_by_opd.get(ini.lead_opd_id, []) if u.pk not in used_users]
        user = free[0] if free else staff_by_opd[ini.lead_opd_id][0]
        used_users.add(user.pk)
        key = issue_token(None, user=user, name="bench", scope=TokenScope.WRITE).key
        targets.append({"initiative": ini.pk, "key": key, "year": year, "quarter": quarter})

    client = Client()
    client.force_login(users[0])
    sample = initiatives[len(initiatives) // 2]
    return {
        "initiatives": n,
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "session": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "admin_key": issue_token(None, user=users[0], name="bench", scope=TokenScope.READ).key,
        "dimension": dims[0].code,
        "opd": Opd.objects.get(pk=sample.lead_opd_id).code,
        "initiative": sample.pk,
        "year": past_quarters[0][0],
        "quarter": past_quarters[0][1],
        "submitters": targets,
        "today": today.isoformat(),
    }


if __name__ == "__main__":
    size, out = int(sys.argv[1]), sys.argv[2]
    submitters = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    Path(out).write_text(json.dumps(build(size, submitters)))
