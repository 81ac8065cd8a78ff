"""The demo's quarterly reports: every state a report can be in, for each initiative and quarter so far."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from core.periods import last_completed_quarter, report_deadline
from initiatives.choices import InitiativeStatus, ReportState
from initiatives.models import ProgressReport

from .demo_accounts import _demo_reviewer, _demo_staff


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
