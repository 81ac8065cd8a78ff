"""Loading the demo masterplan shipped in ``roadmap/demo/`` (agencies, dimensions, KPIs, initiatives, reports).

Idempotent: objects are matched by their codes and saved only when something differs, so a second run writes
nothing (not even history rows). Quarterly reports are generated deterministically from each initiative's progress,
up to the last completed quarter as of the day the demo is loaded.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from collections import Counter
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core.periods import last_completed_quarter, report_deadline
from dimensions.models import ConditionFinding, Dimension, Indicator, IndicatorTarget, Measurement, SubDimension
from initiatives.choices import InitiativeStatus, ReportState
from initiatives.models import BudgetLine, Initiative, Milestone, ProgressReport
from masterplans.choices import MasterplanStatus
from masterplans.models import Masterplan, MasterplanYear
from opd.choices import Role
from opd.models import Membership, Opd

from .demo_steps import demo_steps

DEMO_DIR = Path(__file__).resolve().parent / "demo"
DEMO_USER_PREFIX = "demo-"
# The one password ``load_demo --demo-passwords`` gives every demo account (demo data only, never production).
DEMO_PASSWORD = "demo-purbalingga"  # noqa: S105 - published demo password
DEMO_VIEWER = f"{DEMO_USER_PREFIX}viewer"


class Counts(Counter):
    def line(self):
        return ", ".join(f"{k}: {v}" for k, v in sorted(self.items())) or "nothing changed"


def _upsert(model, lookup: dict, values: dict, counts: Counts, label: str):
    """Create, or update only the fields that differ; returns the object."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        counts[f"{label} created"] += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        if hasattr(obj, "version"):  # a versioned object changed: anyone editing it meanwhile must see a conflict
            obj.bump_version()
        obj.full_clean()
        obj.save()
        counts[f"{label} updated"] += 1
    return obj


def _read_json(name):
    with open(DEMO_DIR / name, encoding="utf-8") as fh:
        return json.load(fh)


def load_opds(counts):
    with open(DEMO_DIR / "opds.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            _upsert(
                Opd,
                {"code": row["code"]},
                {
                    "abbreviation": row["abbreviation"],
                    "name": row["name"],
                    "kind": row["kind"],
                    "head_name": row.get("head_name", ""),
                    "email": row.get("email", ""),
                    "active": True,
                },
                counts,
                "agencies",
            )


def load_masterplan(counts) -> Masterplan:
    data = _read_json("masterplan.json")
    existing_active = (
        Masterplan.objects.filter(status=MasterplanStatus.ACTIVE)
        .exclude(title=data["title"], start_year=data["start_year"])
        .exists()
    )
    plan = _upsert(
        Masterplan,
        {"title": data["title"], "start_year": data["start_year"]},
        {
            "end_year": data["end_year"],
            "vision": data["vision"],
            "description": data.get("description", ""),
            "status": MasterplanStatus.DRAFT if existing_active else MasterplanStatus.ACTIVE,
            "is_demo": True,
        },
        counts,
        "masterplans",
    )
    for year in data["years"]:
        _upsert(
            MasterplanYear,
            {"masterplan": plan, "year": year["year"]},
            {"theme": year["theme"], "focus": year.get("focus", "")},
            counts,
            "roadmap years",
        )
    return plan


def load_dimensions(counts):
    opds = {o.code: o for o in Opd.objects.all()}
    for d in _read_json("dimensions.json"):
        dimension = _upsert(
            Dimension,
            {"code": d["code"]},
            {
                "name": d["name"],
                "name_en": d.get("name_en", ""),
                "description": d.get("description", ""),
                "goal": d.get("goal", ""),
                "order": d["order"],
                "colour": d["colour"],
            },
            counts,
            "dimensions",
        )
        subs = {}
        for order, s in enumerate(d.get("sub_dimensions", []), start=1):
            subs[s["code"]] = _upsert(
                SubDimension,
                {"dimension": dimension, "code": s["code"]},
                {
                    "name": s["name"],
                    "name_en": s.get("name_en", ""),
                    "description": s.get("description", ""),
                    "order": order,
                },
                counts,
                "sub-dimensions",
            )
        for order, f in enumerate(d.get("findings", []), start=1):
            _upsert(
                ConditionFinding,
                {"dimension": dimension, "kind": f["kind"], "order": order},
                {"text": f["text"], "source": f.get("source", "")},
                counts,
                "findings",
            )
        for ind in d.get("indicators", []):
            indicator = _upsert(
                Indicator,
                {"code": ind["code"]},
                {
                    "name": ind["name"],
                    "unit": ind.get("unit", ""),
                    "direction": ind["direction"],
                    "dimension": dimension,
                    "sub_dimension": subs.get(ind.get("sub_dimension")),
                    "opd": opds.get(ind.get("opd")),
                    "baseline": _dec(ind.get("baseline")),
                    "baseline_year": ind.get("baseline_year"),
                },
                counts,
                "indicators",
            )
            for year, value in ind.get("targets", {}).items():
                _upsert(
                    IndicatorTarget,
                    {"indicator": indicator, "year": int(year)},
                    {"value": _dec(value)},
                    counts,
                    "targets",
                )
            for m in ind.get("measurements", []):
                _upsert(
                    Measurement,
                    {"indicator": indicator, "year": m["year"], "quarter": m.get("quarter")},
                    {"value": _dec(m["value"]), "source": m.get("source", "")},
                    counts,
                    "measurements",
                )


def _dec(value):
    from decimal import Decimal

    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.0001"))


def _demo_staff(opd: Opd, counts):
    """A staff account per lead agency, without a usable password, so demo reports have an author."""
    User = get_user_model()
    username = f"{DEMO_USER_PREFIX}{opd.code.lower()}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, first_name=f"Staf {opd.abbreviation}"[:150])
        user.set_unusable_password()
        user.save()
        Membership.objects.create(user=user, role=Role.OPD_STAFF, opd=opd)
        counts["demo accounts created"] += 1
    return user


def _demo_reviewer(counts):
    User = get_user_model()
    user = User.objects.filter(username=f"{DEMO_USER_PREFIX}reviewer").first()
    if user is None:
        user = User(username=f"{DEMO_USER_PREFIX}reviewer", first_name="Reviewer Dinkominfo")
        user.set_unusable_password()
        user.save()
        Membership.objects.create(user=user, role=Role.ADMIN)
        counts["demo accounts created"] += 1
    return user


def load_initiatives(plan: Masterplan, counts):
    opds = {o.code: o for o in Opd.objects.all()}
    dims = {d.code: d for d in Dimension.objects.all()}
    subs = {(s.dimension.code, s.code): s for s in SubDimension.objects.select_related("dimension")}
    indicators = {i.code: i for i in Indicator.objects.all()}
    loaded = []
    for item in _read_json("initiatives.json"):
        dimension = dims[item["dimension"]]
        initiative = _upsert(
            Initiative,
            {"masterplan": plan, "code": item["code"]},
            {
                "title": item["title"],
                "description": item.get("description", ""),
                "dimension": dimension,
                "sub_dimension": subs.get((dimension.code, item.get("sub_dimension"))),
                "lead_opd": opds[item["opd"]],
                "horizon": item["horizon"],
                "start_year": item["start_year"],
                "end_year": item["end_year"],
                "status": item["status"],
                "progress": item["progress"],
                "program_code": item.get("program_code") or "",
                "location": item.get("location") or "",
            },
            counts,
            "initiatives",
        )
        wanted = {opds[c].pk for c in item.get("supporting_opds", []) if c in opds and c != item["opd"]}
        if set(initiative.supporting_opds.values_list("pk", flat=True)) != wanted:
            initiative.supporting_opds.set(wanted)
        wanted_ind = {indicators[c].pk for c in item.get("indicators", []) if c in indicators}
        if set(initiative.indicators.values_list("pk", flat=True)) != wanted_ind:
            initiative.indicators.set(wanted_ind)
        for line in item.get("budget", []):
            _upsert(
                BudgetLine,
                {"initiative": initiative, "year": line["year"], "funding_source": line["source"]},
                {"planned": int(line["planned"]), "realized": int(line["realized"])},
                counts,
                "budget lines",
            )
        for m in item.get("milestones", []):
            _upsert(
                Milestone,
                {"initiative": initiative, "title": m["title"]},
                {
                    "due_date": dt.date.fromisoformat(m["due_date"]),
                    "completed_date": dt.date.fromisoformat(m["completed_date"]) if m.get("completed_date") else None,
                },
                counts,
                "milestones",
            )
        loaded.append(initiative)
    return loaded


def _quarters(start_year, until):
    year, quarter = start_year, 1
    while (year, quarter) <= until:
        yield year, quarter
        year, quarter = (year, quarter + 1) if quarter < 4 else (year + 1, 1)


def load_reports(initiatives, counts, today: dt.date):
    """A history of quarterly reports in every state: approved for past quarters, and for the last completed
    quarter a mix of approved, submitted, returned, draft and missing (stale) reports."""
    reviewer = _demo_reviewer(counts)
    last = last_completed_quarter(today)
    for initiative in initiatives:
        if initiative.status == InitiativeStatus.PLANNED or initiative.start_year > last[0]:
            continue
        rng = random.Random(initiative.code)  # deterministic per initiative
        author = _demo_staff(initiative.lead_opd, counts)
        until = min(last, (initiative.end_year, 4))
        periods = list(_quarters(initiative.start_year, until))
        if not periods:
            continue
        fate = rng.choice(["approved", "approved", "submitted", "returned", "draft", "missing"])
        for index, (year, quarter) in enumerate(periods, start=1):
            is_last = index == len(periods)
            if is_last and fate == "missing" and initiative.status not in (InitiativeStatus.COMPLETED,):
                break
            progress = round(initiative.progress * index / len(periods))
            state = ReportState.APPROVED
            if is_last and initiative.status != InitiativeStatus.COMPLETED and (year, quarter) == last:
                state = {
                    "approved": ReportState.APPROVED,
                    "submitted": ReportState.SUBMITTED,
                    "returned": ReportState.RETURNED,
                    "draft": ReportState.DRAFT,
                }[fate]
            if ProgressReport.objects.filter(initiative=initiative, year=year, quarter=quarter).exists():
                continue
            deadline = report_deadline(year, quarter)
            submitted_at = timezone.make_aware(
                dt.datetime.combine(deadline - dt.timedelta(days=rng.randint(0, 8)), dt.time(9, 30))
            )
            status = initiative.status if is_last else InitiativeStatus.IN_PROGRESS
            if status == InitiativeStatus.PLANNED:
                status = InitiativeStatus.IN_PROGRESS
            budget = sum(b.realized for b in initiative.budget_lines.all() if b.year == year)
            report = ProgressReport(
                initiative=initiative,
                year=year,
                quarter=quarter,
                progress=progress,
                status=status,
                narrative=f"Pelaksanaan {initiative.title.lower()} triwulan {quarter} tahun {year} "
                f"berjalan dengan capaian fisik {progress}%.",
                obstacles=rng.choice(
                    [
                        "",
                        "Keterbatasan SDM teknis di OPD.",
                        "Proses pengadaan mundur.",
                        "Jaringan internet di beberapa desa belum stabil.",
                    ]
                ),
                next_steps=rng.choice(
                    [
                        "Melanjutkan sosialisasi ke kecamatan.",
                        "Koordinasi dengan Dinkominfo.",
                        "Menyiapkan dokumen pengadaan triwulan berikutnya.",
                    ]
                ),
                budget_realized=round(budget * quarter / 4),
                state=state,
                created_by=author,
            )
            if state != ReportState.DRAFT:
                report.submitted_by, report.submitted_at = author, submitted_at
            if state in (ReportState.APPROVED, ReportState.RETURNED):
                report.reviewed_by = reviewer
                report.reviewed_at = submitted_at + dt.timedelta(days=rng.randint(1, 6))
            if state == ReportState.RETURNED:
                report.review_note = "Mohon lengkapi bukti dukung (foto kegiatan dan dokumen realisasi anggaran)."
            report._history_user = author
            report.full_clean()
            report.save()
            counts["reports created"] += 1


@transaction.atomic
def load_demo(today: dt.date | None = None) -> Counts:
    today = today or timezone.localdate()
    counts = Counts()
    load_opds(counts)
    plan = load_masterplan(counts)
    load_dimensions(counts)
    initiatives = load_initiatives(plan, counts)
    load_reports(initiatives, counts, today)
    for _name, step in demo_steps():  # registered by apps above roadmap (see demo_steps.py)
        step(counts=counts, today=today)
    return counts


@transaction.atomic
def set_demo_passwords(password: str = DEMO_PASSWORD) -> list[tuple[str, str, str]]:
    """Give every demo account (``demo-…``) the published demo password, creating a read-only viewer account too,
    so the portal can be seen as agency staff, viewer and administrator. Returns (username, role, agency) rows."""
    User = get_user_model()
    viewer = User.objects.filter(username=DEMO_VIEWER).first()
    if viewer is None:
        viewer = User.objects.create(username=DEMO_VIEWER, first_name="Pimpinan (demo)")
        Membership.objects.create(user=viewer, role=Role.VIEWER)
    rows = []
    users = (
        User.objects.filter(username__startswith=DEMO_USER_PREFIX)
        .select_related("membership", "membership__opd")
        .order_by("username")
    )
    for user in users:
        user.set_password(password)
        user.save(update_fields=["password"])
        membership = getattr(user, "membership", None)
        rows.append(
            (
                user.username,
                membership.role if membership else "",
                membership.opd.abbreviation if membership and membership.opd else "",
            )
        )
    return rows
