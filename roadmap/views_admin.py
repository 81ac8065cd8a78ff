"""Masterplan administration pages (admins only): upload → preview (dry run) → confirm import; template and export
downloads. Thin: the services store and run jobs, the masterplan_io package reads and writes the files."""

import csv
import tempfile

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import TransitionError
from masterplans.selectors import active_masterplan
from opd.decorators import admin_required

from . import services
from .forms import ImportUploadForm
from .masterplan_io.exporter import export_masterplan, write_template
from .masterplan_io.importer import KINDS
from .models import ImportJob
from .selectors import recent_import_jobs

MAX_PROBLEMS_SHOWN = 1000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@admin_required
def import_upload(request):
    services.expire_stuck_import_jobs()
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.create_import_job(request.user, form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            services.start_check(job)
            return redirect("masterplan:import-job", pk=job.pk)
    return render(
        request, "roadmap/import_upload.html", {"form": form, "plan": active_masterplan(), "jobs": recent_import_jobs()}
    )


def _summary(report: dict):
    return [
        (str(KINDS.get(kind, kind)), c["created"], c["updated"], c["unchanged"])
        for kind in KINDS
        if (c := (report or {}).get("counts", {}).get(kind))
    ]


@admin_required
def import_job(request, pk):
    services.expire_stuck_import_jobs()
    job = get_object_or_404(ImportJob, pk=pk)
    report = job.result if job.result else job.preview
    problems = (report or {}).get("problems", [])
    return render(
        request,
        "roadmap/import_job.html",
        {
            "job": job,
            "report": report,
            "summary": _summary(report),
            "problems": problems[:MAX_PROBLEMS_SHOWN],
            "problem_count": len(problems),
            "more_problems": max(0, len(problems) - MAX_PROBLEMS_SHOWN),
            "stuck": job.stage == services.STUCK_STAGE,
            "stuck_minutes": settings.MASTERPLAN_IMPORT_STUCK_MINUTES,
        },
    )


@admin_required
def import_problems_csv(request, pk):
    job = get_object_or_404(ImportJob, pk=pk)
    report = job.result if job.result else job.preview
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="import-problems.csv"'
    writer = csv.writer(response)
    writer.writerow([_("sheet"), _("row"), _("column"), _("problem")])
    for p in (report or {}).get("problems", []):
        writer.writerow([p["sheet"], p["row"] or "", p["column"], p["message"]])
    return response


@admin_required
@require_POST
def import_confirm(request, pk):
    job = get_object_or_404(ImportJob, pk=pk)
    try:
        services.confirm_import(request.user, job)
    except TransitionError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("masterplan:import-job", pk=job.pk)


@admin_required
@require_POST
def import_restart(request, pk):
    job = get_object_or_404(ImportJob, pk=pk)
    try:
        services.restart_import_job(request.user, job)
    except TransitionError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("masterplan:import-job", pk=job.pk)


@admin_required
def template_download(request):
    handle = tempfile.TemporaryFile()
    write_template(handle, active_masterplan())
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename="masterplan-template.xlsx", content_type=XLSX)


@admin_required
def export_download(request, fmt):
    plan = active_masterplan()
    if plan is None:
        raise Http404
    handle = tempfile.TemporaryFile()
    export_masterplan(plan, handle, fmt=fmt)
    handle.seek(0)
    name = f"masterplan-{plan.start_year}-{plan.end_year}.{fmt}"
    return FileResponse(
        handle, as_attachment=True, filename=name, content_type=XLSX if fmt == "xlsx" else "application/zip"
    )
