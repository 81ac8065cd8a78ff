"""Work on one initiative: its detail page, edits, quarterly reports, review, comments and evidence.

Views parse input, call a selector or service and render; permissions and workflow rules live in
initiatives/permissions.py and initiatives/services.py. Service errors become messages or form errors, never a 500:
PermissionDenied → 403, a stale version → the form again with a conflict panel, an illegal transition → a message.
"""
from __future__ import annotations

from collections import OrderedDict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.exceptions import ConflictError, TransitionError
from core.periods import quarter_label, report_deadline, reporting_quarter
from opd.choices import Role
from opd.decorators import portal_user_required
from opd.models import Opd
from opd.selectors import opd_id_of, role_of

from .. import permissions, selectors, services
from ..choices import Health, ReportState
from ..filtersets import ReportFilterSet
from ..forms import (
    CommentForm,
    EvidenceForm,
    InitiativeForm,
    MilestoneActionForm,
    MilestoneCompleteForm,
    MilestoneForm,
    ReportForm,
    ReviewForm,
)
from ..models import Evidence, Initiative, Milestone, ProgressReport


def _get_initiative(request, pk) -> Initiative:
    try:
        return selectors.initiative_detail(request.user, pk)
    except Initiative.DoesNotExist:
        raise Http404 from None


def _get_plain_initiative(request, pk) -> Initiative:
    """The initiative to change, with what permission checks need (its supporting agencies); 404 unless it belongs to
    the active masterplan (archived plans are read-only)."""
    qs = selectors.initiative_base_queryset().select_related("lead_opd", "masterplan").prefetch_related(
        "supporting_opds")
    if not permissions.can_view(request.user):
        raise Http404
    return get_object_or_404(qs, pk=pk)


def _get_report(request, pk) -> ProgressReport:
    return get_object_or_404(
        selectors.reports_for_user(request.user).prefetch_related("initiative__supporting_opds", "evidence"), pk=pk)


def _add_service_errors(form, exc: ValidationError):
    """Put a service's ValidationError on the form's fields (or on the form when the field is not shown)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


def _with_version(form_class, request, version, **kwargs):
    """A bound form holding the user's input but the current version, so saving again is a deliberate choice to
    overwrite the newer version."""
    data = request.POST.copy()
    data["version"] = str(version)
    form = form_class(data, **kwargs)
    form.is_valid()
    return form


def _conflict_context(exc: ConflictError, model) -> dict:
    rows = []
    labels = {str(f.verbose_name): f for f in model._meta.concrete_fields}
    for label, theirs_before, now in exc.changes:
        field = labels.get(label)
        rows.append({"label": label, "before": _readable(field, theirs_before), "now": _readable(field, now)})
    return {"conflict": {"message": exc.message, "changed_by": exc.changed_by, "changes": rows,
                         "version": exc.current.version}}


def _readable(field, value):
    if value in (None, ""):
        return "–"
    if field is not None and field.is_relation:
        obj = field.related_model._default_manager.filter(pk=value).first()
        return str(obj) if obj is not None else value
    if field is not None and field.choices:
        return dict(field.flatchoices).get(value, value)
    if field is not None and field.name in ("planned", "realized", "budget_realized"):
        from core.money import format_rupiah

        return format_rupiah(value)
    return value


def _decorate(initiative, year=None):
    """Labels and colours the templates show for an annotated initiative."""
    initiative.health_label = Health(initiative.health).label
    initiative.health_colour = Health.colour(initiative.health)
    if year is not None:
        initiative.due = selectors.due_state(initiative, year)
        initiative.due_label = DUE_LABELS[initiative.due]
        initiative.due_colour = ReportState.colour(initiative.due) if initiative.due in ReportState.values else (
            "#b91c1c" if initiative.due == selectors.DUE_NONE else "#94a3b8")
    return initiative


DUE_LABELS = {
    selectors.DUE_NONE: _lazy("No report yet"),
    selectors.DUE_NOT_DUE: _lazy("Not due"),
    ReportState.DRAFT: _lazy("Draft"),
    ReportState.SUBMITTED: _lazy("Submitted, awaiting review"),
    ReportState.RETURNED: _lazy("Returned: needs fixing"),
    ReportState.APPROVED: _lazy("Approved"),
}


# --- my agency ---------------------------------------------------------------------------------------------------

@portal_user_required
def my_initiatives(request):
    """The initiatives an agency leads and supports, with what is due in the reporting quarter. Staff see their own
    agency; admins and viewers choose one."""
    year, quarter = reporting_quarter()
    role = role_of(request.user)
    opds = None
    if role == Role.OPD_STAFF:
        opd_id = opd_id_of(request.user)
        opd = Opd.objects.filter(pk=opd_id).first() if opd_id else None
    else:
        opds = list(Opd.objects.filter(active=True).order_by("abbreviation"))
        code = request.GET.get("opd")
        opd = next((o for o in opds if o.code == code), None)
    opd_id = opd.pk if opd else None
    led = list(selectors.agency_initiatives(request.user, opd_id, year, quarter))
    supported = list(selectors.agency_initiatives(request.user, opd_id, year, quarter, supporting=True))
    for initiative in led + supported:
        _decorate(initiative, year)
        initiative.can_report = permissions.can_report(request.user, initiative)
    counts = []
    for key, label in DUE_LABELS.items():
        n = sum(1 for i in led if i.due == key)
        if n:
            counts.append((label, n))
    return render(request, "initiatives/my_initiatives.html", {
        "opd": opd, "opds": opds, "led": led, "supported": supported, "year": year, "quarter": quarter,
        "period_label": quarter_label(year, quarter), "deadline": report_deadline(year, quarter), "counts": counts,
    })


# --- detail ------------------------------------------------------------------------------------------------------

@portal_user_required
def initiative_detail(request, pk):
    initiative = _decorate(_get_initiative(request, pk))
    user = request.user
    year, quarter = reporting_quarter()
    reports = list(initiative.reports.all())
    due_report = next((r for r in reports if (r.year, r.quarter) == (year, quarter)), None)
    evidence = list(initiative.evidence.all())
    evidence_by_report = {}
    for item in evidence:
        evidence_by_report.setdefault(item.report_id, []).append(item)
    budget_years = OrderedDict()
    for line in initiative.budget_lines.all():
        row = budget_years.setdefault(line.year, {"year": line.year, "lines": [], "planned": 0, "realized": 0})
        row["lines"].append(line)
        row["planned"] += line.planned
        row["realized"] += line.realized
    for row in budget_years.values():
        row["rate"] = (row["realized"] * 100 / row["planned"]) if row["planned"] else None
    can_contribute = permissions.can_contribute(user, initiative)
    return render(request, "initiatives/initiative_detail.html", {
        "initiative": initiative,
        "health_reasons": selectors.health_reasons(initiative),
        "reports": reports,
        "evidence": evidence,
        "evidence_by_report": evidence_by_report,
        "budget_years": list(budget_years.values()),
        "history": selectors.initiative_history(initiative),
        "can_edit": permissions.can_edit_initiative(user, initiative),
        "can_report": permissions.can_report(user, initiative),
        "can_review": permissions.can_review(user),
        "can_contribute": can_contribute,
        "can_manage_milestones": permissions.can_manage_milestones(user, initiative),
        "complete_form": MilestoneCompleteForm(),
        "deletable_evidence": {e.pk for e in evidence if _evidence_deletable(user, e)},
        "comment_form": CommentForm() if can_contribute else None,
        "evidence_form": EvidenceForm() if can_contribute else None,
        "due_period": quarter_label(year, quarter),
        "due_report": due_report,
        "due_active": initiative.is_active_in(year),
        "editable_states": (ReportState.DRAFT, ReportState.RETURNED),
    })


# --- edit --------------------------------------------------------------------------------------------------------

@portal_user_required
@require_http_methods(["GET", "POST"])
def initiative_edit(request, pk):
    initiative = _get_plain_initiative(request, pk)
    if not permissions.can_edit_initiative(request.user, initiative):
        raise PermissionDenied
    context = {"initiative": initiative}
    if request.method == "POST":
        form = InitiativeForm(request.POST, instance=initiative, user=request.user)
        if form.is_valid():
            extra = {}
            if form.is_admin_form:
                extra = {"supporting_opds": form.cleaned_data["supporting_opds"],
                         "indicators": form.cleaned_data["indicators"]}
            try:
                services.update_initiative(request.user, initiative, form.service_data(),
                                           expected_version=form.cleaned_data["version"], **extra)
            except ConflictError as exc:
                form = _with_version(InitiativeForm, request, exc.current.version, instance=exc.current,
                                     user=request.user)
                context.update(_conflict_context(exc, Initiative))
                context["current"] = exc.current
                return render(request, "initiatives/initiative_form.html", {**context, "form": form}, status=409)
            except ValidationError as exc:
                _add_service_errors(form, exc)
            else:
                messages.success(request, _("The initiative was saved."))
                return redirect("initiatives:detail", pk=initiative.pk)
    else:
        form = InitiativeForm(instance=initiative, user=request.user)
    return render(request, "initiatives/initiative_form.html", {**context, "form": form})


# --- reports -----------------------------------------------------------------------------------------------------

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
                messages.error(request, _("%(name)s was not stored: %(message)s") % {
                    "name": uploaded.name, "message": message})
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
            try:
                with transaction.atomic():
                    saved = services.save_report(
                        request.user, initiative, year=year, quarter=quarter, data=form.service_data(),
                        expected_version=form.cleaned_data["version"] if report else None, submit=submit,
                        report=report)
            except ConflictError as exc:
                form = _with_version(ReportForm, request, exc.current.version, initiative=initiative, report=report,
                                     taken=taken)
                context.update(_conflict_context(exc, ProgressReport))
                context["current"] = exc.current
                return render(request, template, {**context, "form": form}, status=409)
            except TransitionError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect("initiatives:detail", pk=initiative.pk)
            except ValidationError as exc:
                _add_service_errors(form, exc)
            else:
                stored = _save_evidence(request, initiative, saved, form.cleaned_data["evidence"])
                if submit:
                    messages.success(request, _("The %(period)s report was submitted for review.") % {
                        "period": quarter_label(saved.year, saved.quarter)})
                else:
                    messages.success(request, _("The %(period)s report was saved as a draft.") % {
                        "period": quarter_label(saved.year, saved.quarter)})
                if stored:
                    messages.info(request, _("%(n)s evidence file(s) stored.") % {"n": stored})
                return redirect(reverse("initiatives:detail", args=[initiative.pk]) + f"#report-{saved.pk}")
        if request.FILES:
            messages.warning(request, _("Files are not kept when a form is shown again: choose them again."))
    else:
        if report is not None:
            form = ReportForm(initiative=initiative, report=report, taken=taken, initial={
                "period": f"{report.year}-{report.quarter}", "progress": report.progress, "status": report.status,
                "narrative": report.narrative, "obstacles": report.obstacles, "next_steps": report.next_steps,
                "budget_realized": report.budget_realized, "version": report.version})
        else:
            year, quarter = reporting_quarter()
            realised = sum(line.realized for line in initiative.budget_lines.all() if line.year == year)
            form = ReportForm(initiative=initiative, taken=taken, initial={
                "period": f"{year}-{quarter}", "progress": initiative.progress, "status": initiative.status,
                "budget_realized": realised})
            if not form.fields["period"].choices:
                messages.info(request, _("Every quarter of this initiative already has a report."))
                return redirect("initiatives:detail", pk=initiative.pk)
    return render(request, template, {**context, "form": form})


@portal_user_required
@require_http_methods(["GET", "POST"])
def report_create(request, pk):
    initiative = _get_plain_initiative(request, pk)
    if not permissions.can_report(request.user, initiative):
        raise PermissionDenied
    return _report_form_view(request, initiative)


@portal_user_required
@require_http_methods(["GET", "POST"])
def report_edit(request, pk):
    report = _get_report(request, pk)
    initiative = report.initiative
    if not permissions.can_report(request.user, initiative):
        raise PermissionDenied
    if report.state not in (ReportState.DRAFT, ReportState.RETURNED):
        messages.error(request, _("This report is %(state)s and can no longer be edited.") % {
            "state": report.get_state_display()})
        return redirect(reverse("initiatives:detail", args=[initiative.pk]) + f"#report-{report.pk}")
    return _report_form_view(request, initiative, report)


# --- review ------------------------------------------------------------------------------------------------------

@portal_user_required
def review_queue(request):
    if not permissions.can_review(request.user):
        raise PermissionDenied
    data = request.GET.copy()
    if "state" not in data:
        data.setlist("state", [ReportState.SUBMITTED])
    filterset = ReportFilterSet(data, queryset=selectors.reports_for_user(request.user).order_by(
        "submitted_at", "pk"))
    qs = filterset.qs if filterset.is_valid() else ProgressReport.objects.none()
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "initiatives/review_queue.html", {
        "filterset": filterset, "page": page, "reports": page.object_list, "query": query.urlencode(),
    })


@portal_user_required
@require_http_methods(["GET", "POST"])
def report_review(request, pk):
    if not permissions.can_review(request.user):
        raise PermissionDenied
    report = _get_report(request, pk)
    form = None
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if form.is_valid():
            action = form.cleaned_data["action"]
            try:
                if action == ReviewForm.APPROVE:
                    services.approve_report(request.user, report, expected_version=form.cleaned_data["version"],
                                            note=form.cleaned_data["note"])
                else:
                    services.return_report(request.user, report, note=form.cleaned_data["note"],
                                           expected_version=form.cleaned_data["version"])
            except ConflictError as exc:
                who = exc.changed_by.get_full_name() or exc.changed_by.username if exc.changed_by else _("someone")
                messages.error(request, _("The report changed while you were reviewing it (saved by %(who)s). "
                                          "Check the new version before deciding.") % {"who": who})
                return redirect("initiatives:report-review", pk=report.pk)
            except TransitionError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect("initiatives:report-review", pk=report.pk)
            except ValidationError as exc:
                _add_service_errors(form, exc)
            else:
                label = quarter_label(report.year, report.quarter)
                if action == ReviewForm.APPROVE:
                    messages.success(request, _("The %(period)s report on %(code)s was approved.") % {
                        "period": label, "code": report.initiative.code})
                else:
                    messages.success(request, _("The %(period)s report on %(code)s was returned.") % {
                        "period": label, "code": report.initiative.code})
                next_url = request.POST.get("next", "")
                if next_url.startswith("/initiatives/reviews/"):
                    return HttpResponseRedirect(next_url)
                return redirect("initiatives:review-queue")
    return render(request, "initiatives/report_review.html", {
        "report": report, "initiative": report.initiative, "form": form,
        "evidence": list(report.evidence.all()), "can_decide": report.state == ReportState.SUBMITTED,
    }, status=400 if form is not None else 200)


# --- comments and evidence ---------------------------------------------------------------------------------------

@portal_user_required
@require_POST
def comment_add(request, pk):
    initiative = _get_plain_initiative(request, pk)
    if not permissions.can_contribute(request.user, initiative):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(request.user, initiative, form.cleaned_data["text"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your comment was added."))
    else:
        messages.error(request, _("The comment is empty."))
    return redirect(reverse("initiatives:detail", args=[initiative.pk]) + "#comments")


@portal_user_required
@require_POST
def evidence_add(request, pk):
    initiative = _get_plain_initiative(request, pk)
    if not permissions.can_contribute(request.user, initiative):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        report = None
        if form.cleaned_data["report"]:
            report = ProgressReport.objects.filter(pk=form.cleaned_data["report"], initiative=initiative).first()
            if report is None:
                raise Http404
        stored = 0
        for uploaded in form.cleaned_data["files"]:
            try:
                services.add_evidence(request.user, initiative, uploaded, report=report,
                                      description=form.cleaned_data["description"])
                stored += 1
            except ValidationError as exc:
                messages.error(request, _("%(name)s was not stored: %(message)s") % {
                    "name": uploaded.name, "message": " ".join(exc.messages)})
        if stored:
            messages.success(request, _("%(n)s evidence file(s) stored.") % {"n": stored})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(reverse("initiatives:detail", args=[initiative.pk]) + "#evidence")


@portal_user_required
def evidence_download(request, pk):
    if not permissions.can_view(request.user):
        raise Http404
    # Every portal role may read every initiative (of any masterplan), so any evidence it can name is downloadable.
    evidence = get_object_or_404(Evidence.objects.select_related("initiative"), pk=pk)
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=evidence.original_name,
                            content_type=evidence.content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def _evidence_deletable(user, evidence) -> bool:
    """Whether to offer the delete link (the service decides again when it is used)."""
    if not permissions.can_delete_evidence(user, evidence):
        return False
    return evidence.report is None or evidence.report.state in (ReportState.DRAFT, ReportState.RETURNED)


@portal_user_required
@require_http_methods(["GET", "POST"])
def evidence_delete(request, pk):
    """GET asks for confirmation; POST deletes the file (its uploader or an admin, while its report is open)."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("initiative", "report").filter(
            initiative__in=selectors.initiative_base_queryset()), pk=pk)
    if not permissions.can_delete_evidence(request.user, evidence):
        raise PermissionDenied
    back = reverse("initiatives:detail", args=[evidence.initiative_id]) + "#evidence"
    if request.method == "POST":
        try:
            services.delete_evidence(request.user, evidence)
        except TransitionError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(name)s was deleted.") % {"name": evidence.original_name})
        return redirect(back)
    if not _evidence_deletable(request.user, evidence):
        messages.error(request, _("The file belongs to a report that is %(state)s; it can no longer be deleted.")
                       % {"state": evidence.report.get_state_display()})
        return redirect(back)
    return render(request, "initiatives/confirm_delete.html", {
        "initiative": evidence.initiative, "back": back,
        "question": _("Delete the evidence file “%(name)s”?") % {"name": evidence.original_name},
    })


# --- milestones --------------------------------------------------------------------------------------------------

def _get_milestone(request, pk) -> Milestone:
    """A milestone of the active masterplan (404 otherwise), with its initiative for the permission check."""
    return get_object_or_404(selectors.milestones_for_user(request.user), pk=pk)


def _milestones_url(initiative_id) -> str:
    return reverse("initiatives:detail", args=[initiative_id]) + "#milestones"


def _milestone_conflict_message(request, exc: ConflictError):
    """A conflict on the initiative page's one-click actions (complete, reopen, delete): say what changed and who;
    nothing was saved."""
    who = exc.changed_by.get_full_name() or exc.changed_by.username if exc.changed_by else None
    changes = "; ".join(f"{row['label']}: {row['before']} → {row['now']}"
                        for row in _conflict_context(exc, Milestone)["conflict"]["changes"])
    text = _("Nothing was saved: someone else changed this milestone meanwhile.")
    if who:
        text += " " + _("Last saved by %(who)s.") % {"who": who}
    if changes:
        text += " " + changes
    messages.error(request, text)


def _milestone_form_view(request, initiative, milestone=None):
    if not permissions.can_manage_milestones(request.user, initiative):
        raise PermissionDenied
    context = {"initiative": initiative, "milestone": milestone}
    if request.method == "POST":
        form = MilestoneForm(request.POST)
        if milestone is not None:
            form.fields["version"].required = True  # an edit without the version it was loaded at could overwrite
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version", None)
            try:
                services.save_milestone(request.user, initiative, milestone=milestone, expected_version=version,
                                        **data)
            except ConflictError as exc:
                form = _with_version(MilestoneForm, request, exc.current.version)
                context.update(_conflict_context(exc, Milestone))
                context["current"] = exc.current
                return render(request, "initiatives/milestone_form.html", {**context, "form": form}, status=409)
            except ValidationError as exc:
                _add_service_errors(form, exc)
            else:
                messages.success(request, _("The milestone was saved."))
                return redirect(_milestones_url(initiative.pk))
    elif milestone is not None:
        form = MilestoneForm(initial={"title": milestone.title, "due_date": milestone.due_date,
                                      "completed_date": milestone.completed_date, "version": milestone.version})
    else:
        form = MilestoneForm()
    return render(request, "initiatives/milestone_form.html", {**context, "form": form},
                  status=400 if form.is_bound else 200)


@portal_user_required
@require_http_methods(["GET", "POST"])
def milestone_create(request, pk):
    return _milestone_form_view(request, _get_plain_initiative(request, pk))


@portal_user_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request, pk):
    milestone = _get_milestone(request, pk)
    return _milestone_form_view(request, milestone.initiative, milestone)


def _milestone_action(request, milestone, form, action, success):
    """Run a one-click milestone action (complete, reopen, delete) from the initiative page. The form must carry the
    version the page was loaded at; a stale or missing version saves nothing and says why."""
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(_milestones_url(milestone.initiative_id))
    try:
        action(form.cleaned_data)
    except ConflictError as exc:
        _milestone_conflict_message(request, exc)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect(_milestones_url(milestone.initiative_id))


def _managed_milestone(request, pk) -> Milestone:
    milestone = _get_milestone(request, pk)
    if not permissions.can_manage_milestones(request.user, milestone.initiative):
        raise PermissionDenied
    return milestone


@portal_user_required
@require_POST
def milestone_complete(request, pk):
    milestone = _managed_milestone(request, pk)
    return _milestone_action(
        request, milestone, MilestoneCompleteForm(request.POST),
        lambda data: services.complete_milestone(request.user, milestone, completed_date=data["completed_date"],
                                                 expected_version=data["version"]),
        _("“%(title)s” is marked completed.") % {"title": milestone.title},
    )


@portal_user_required
@require_POST
def milestone_reopen(request, pk):
    milestone = _managed_milestone(request, pk)
    return _milestone_action(
        request, milestone, MilestoneActionForm(request.POST),
        lambda data: services.reopen_milestone(request.user, milestone, expected_version=data["version"]),
        _("“%(title)s” is open again.") % {"title": milestone.title},
    )


@portal_user_required
@require_http_methods(["GET", "POST"])
def milestone_delete(request, pk):
    milestone = _managed_milestone(request, pk)
    back = _milestones_url(milestone.initiative_id)
    if request.method == "POST":
        return _milestone_action(
            request, milestone, MilestoneActionForm(request.POST),
            lambda data: services.delete_milestone(request.user, milestone, expected_version=data["version"]),
            _("The milestone “%(title)s” was deleted.") % {"title": milestone.title},
        )
    return render(request, "initiatives/confirm_delete.html", {
        "initiative": milestone.initiative, "back": back, "version": milestone.version,
        "question": _("Delete the milestone “%(title)s”?") % {"title": milestone.title},
    })


