"""Quarterly reports: write, save as draft, submit, edit (with evidence on the same form).

Views parse input, call a selector or service and render; permissions and workflow rules live in
initiatives/permissions.py and initiatives/services.py. Service errors become messages or form errors, never a 500:
PermissionDenied → 403, a stale version → the form again with a conflict panel, an illegal transition → a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.exceptions import ConflictError, TransitionError
from core.periods import quarter_label, reporting_quarter
from opd.decorators import portal_user_required

from .. import permissions, services
from ..forms import (
    ReportForm,
)
from ..models import ProgressReport
from .common import (
    add_service_errors,
    chosen_values,
    get_plain_initiative,
    get_report,
    render_conflict,
)


def _taken_periods(initiative) -> set:
    return set(ProgressReport.objects.filter(initiative=initiative).values_list("year", "quarter"))


def _save_evidence(request, initiative, report, files) -> int:
    saved = 0
    for uploaded in files:
        try:
            services.add_evidence(request.user, initiative, uploaded, report=report)
            saved += 1
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(
                    request, _("%(name)s was not stored: %(message)s") % {"name": uploaded.name, "message": message}
                )
    return saved


def _report_form_view(request, initiative, report=None):
    taken = _taken_periods(initiative)
    template = "initiatives/report_form.html"
    context = {"initiative": initiative, "report": report}
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, initiative=initiative, report=report, taken=taken)
        submit = request.POST.get("action") == "submit"
        if form.is_valid():
            year, quarter = form.cleaned_data["period"]
            fields = list(services.REPORT_FIELDS)
            outcome = {}

            def save(values, version):
                with transaction.atomic():
                    # Evidence goes on while the report is still a draft; submitting comes after it.
                    saved = services.save_report(
                        request.user,
                        initiative,
                        year=year,
                        quarter=quarter,
                        data={**form.service_data(), **values},
                        expected_version=version,
                        submit=False,
                        report=report,
                    )
                    outcome["stored"] = _save_evidence(request, initiative, saved, form.cleaned_data["evidence"])
                    if submit:
                        saved = services.submit_report(request.user, saved, expected_version=saved.version)
                outcome["saved"] = saved

            values, unresolved = chosen_values(request, form, fields, report) if report else ({}, [])
            try:
                if unresolved:
                    form.add_error(None, _("Choose, for every field in the conflict panel, which value to keep."))
                else:
                    save(values, form.cleaned_data["version"] if report else None)
            except ConflictError as exc:
                if report is None:  # the quarter's report was created meanwhile: edit that one
                    messages.error(
                        request,
                        _(
                            "Nothing was saved: a report for this quarter was saved meanwhile. "
                            "Apply your changes to it."
                        ),
                    )
                    return redirect("initiatives:report-edit", pk=exc.current.pk)
                url = reverse("initiatives:detail", args=[initiative.pk])  # the message stays in view (no anchor)
                return render_conflict(
                    request,
                    template,
                    context,
                    exc,
                    form,
                    fields=fields,
                    save=save,
                    success_url=url,
                    form_class=ReportForm,
                    initiative=initiative,
                    report=report,
                    taken=taken,
                )
            except TransitionError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect("initiatives:detail", pk=initiative.pk)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if unresolved:
                    return render(request, template, {**context, "form": form}, status=400)
                saved, stored = outcome["saved"], outcome["stored"]
                if submit:
                    messages.success(
                        request,
                        _("The %(period)s report was submitted for review.")
                        % {"period": quarter_label(saved.year, saved.quarter)},
                    )
                else:
                    messages.success(
                        request,
                        _("The %(period)s report was saved as a draft.")
                        % {"period": quarter_label(saved.year, saved.quarter)},
                    )
                if stored:
                    messages.info(request, _("%(n)s evidence file(s) stored.") % {"n": stored})
                return redirect("initiatives:detail", pk=initiative.pk)  # the message shows at the top
        if request.FILES:
            messages.warning(request, _("Files are not kept when a form is shown again: choose them again."))
    else:
        if report is not None:
            form = ReportForm(
                initiative=initiative,
                report=report,
                taken=taken,
                initial={
                    "period": f"{report.year}-{report.quarter}",
                    "progress": report.progress,
                    "status": report.status,
                    "narrative": report.narrative,
                    "obstacles": report.obstacles,
                    "next_steps": report.next_steps,
                    "budget_realized": report.budget_realized,
                    "version": report.version,
                },
            )
        else:
            year, quarter = reporting_quarter()
            realised = sum(line.realized for line in initiative.budget_lines.all() if line.year == year)
            form = ReportForm(
                initiative=initiative,
                taken=taken,
                initial={
                    "period": f"{year}-{quarter}",
                    "progress": initiative.progress,
                    "status": initiative.status,
                    "budget_realized": realised,
                },
            )
            if not form.fields["period"].choices:
                messages.info(request, _("Every quarter of this initiative already has a report."))
                return redirect("initiatives:detail", pk=initiative.pk)
    return render(request, template, {**context, "form": form})


@portal_user_required
@require_http_methods(["GET", "POST"])
def report_create(request, pk):
    initiative = get_plain_initiative(request, pk)
    if not permissions.can_report(request.user, initiative):
        raise PermissionDenied
    return _report_form_view(request, initiative)


@portal_user_required
@require_http_methods(["GET", "POST"])
def report_edit(request, pk):
    report = get_report(request, pk)
    initiative = report.initiative
    if not permissions.can_report(request.user, initiative):
        raise PermissionDenied
    if not report.is_editable:
        messages.error(
            request, _("This report is %(state)s and can no longer be edited.") % {"state": report.get_state_display()}
        )
        return redirect("initiatives:detail", pk=initiative.pk)
    return _report_form_view(request, initiative, report)
