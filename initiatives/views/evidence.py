"""Comments and evidence files: add, download, delete.

Views parse input, call a selector or service and render; permissions and workflow rules live in
initiatives/permissions.py and initiatives/services.py. Service errors become messages or form errors, never a 500:
PermissionDenied → 403, a stale version → the form again with a conflict panel, an illegal transition → a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.exceptions import TransitionError
from opd.decorators import portal_user_required

from .. import permissions, selectors, services
from ..forms import (
    CommentForm,
    EvidenceForm,
)
from ..models import Evidence
from .common import get_plain_initiative


@portal_user_required
@require_POST
def comment_add(request, pk):
    initiative = get_plain_initiative(request, pk)
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
    initiative = get_plain_initiative(request, pk)
    if not permissions.can_contribute(request.user, initiative):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        report = None
        if form.cleaned_data["report"]:
            report = (
                selectors.reports_for_user(request.user)
                .filter(pk=form.cleaned_data["report"], initiative=initiative)
                .first()
            )
            if report is None:
                raise Http404
        stored = 0
        for uploaded in form.cleaned_data["files"]:
            try:
                services.add_evidence(
                    request.user, initiative, uploaded, report=report, description=form.cleaned_data["description"]
                )
                stored += 1
            except ValidationError as exc:
                messages.error(
                    request,
                    _("%(name)s was not stored: %(message)s")
                    % {"name": uploaded.name, "message": " ".join(exc.messages)},
                )
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
    # Every portal role may read every initiative (of any masterplan); evidence of a draft or returned report only
    # the lead agency's staff and administrators (404 for the others: its existence is not disclosed either).
    evidence = get_object_or_404(Evidence.objects.select_related("initiative", "report", "report__initiative"), pk=pk)
    if not permissions.can_see_evidence(request.user, evidence):
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@portal_user_required
@require_http_methods(["GET", "POST"])
def evidence_delete(request, pk):
    """GET asks for confirmation; POST deletes the file (its uploader or an admin, while its report is open)."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("initiative", "report").filter(
            initiative__in=selectors.initiative_base_queryset()
        ),
        pk=pk,
    )
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
    if not permissions.evidence_deletable(request.user, evidence):
        messages.error(
            request,
            _("The file belongs to a report that is %(state)s; it can no longer be deleted.")
            % {"state": evidence.report.get_state_display()},
        )
        return redirect(back)
    return render(
        request,
        "initiatives/confirm_delete.html",
        {
            "initiative": evidence.initiative,
            "back": back,
            "question": _("Delete the evidence file “%(name)s”?") % {"name": evidence.original_name},
        },
    )
