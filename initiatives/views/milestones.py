"""Milestones: add, edit, complete, reopen, delete (each carrying the version it was loaded at).

Views parse input, call a selector or service and render; permissions and workflow rules live in
initiatives/permissions.py and initiatives/services.py. Service errors become messages or form errors, never a 500:
PermissionDenied → 403, a stale version → the form again with a conflict panel, an illegal transition → a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.exceptions import ConflictError
from opd.decorators import portal_user_required

from .. import permissions, selectors, services
from ..forms import (
    MilestoneActionForm,
    MilestoneCompleteForm,
    MilestoneForm,
)
from ..models import Milestone
from .common import add_service_errors, chosen_values, conflict_context, get_plain_initiative, render_conflict


def _get_milestone(request, pk) -> Milestone:
    """A milestone of the active masterplan (404 otherwise), with its initiative for the permission check."""
    return get_object_or_404(selectors.milestones_for_user(request.user), pk=pk)


def _milestones_url(initiative_id) -> str:
    return reverse("initiatives:detail", args=[initiative_id]) + "#milestones"


def _milestone_conflict_message(request, exc: ConflictError):
    """A conflict on the initiative page's one-click actions (complete, reopen, delete): say what changed and who;
    nothing was saved."""
    who = exc.changed_by.get_full_name() or exc.changed_by.username if exc.changed_by else None
    changes = "; ".join(
        f"{row['label']}: {row['before']} → {row['now']}"
        for row in conflict_context(exc, Milestone)["conflict"]["changes"]
    )
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
            fields = list(services.MILESTONE_FIELDS)

            def save(values, version):
                data = {name: form.cleaned_data.get(name) for name in fields}
                services.save_milestone(
                    request.user, initiative, milestone=milestone, expected_version=version, **{**data, **values}
                )

            values, unresolved = chosen_values(request, form, fields, milestone) if milestone else ({}, [])
            try:
                if unresolved:
                    form.add_error(None, _("Choose, for every field in the conflict panel, which value to keep."))
                else:
                    save(values, form.cleaned_data["version"])
            except ConflictError as exc:
                return render_conflict(
                    request,
                    "initiatives/milestone_form.html",
                    context,
                    exc,
                    form,
                    fields=fields,
                    save=save,
                    success_url=_milestones_url(initiative.pk),
                    form_class=MilestoneForm,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if not unresolved:
                    messages.success(request, _("The milestone was saved."))
                    return redirect(_milestones_url(initiative.pk))
    elif milestone is not None:
        form = MilestoneForm(
            initial={
                "title": milestone.title,
                "due_date": milestone.due_date,
                "completed_date": milestone.completed_date,
                "version": milestone.version,
            }
        )
    else:
        form = MilestoneForm()
    return render(
        request, "initiatives/milestone_form.html", {**context, "form": form}, status=400 if form.is_bound else 200
    )


@portal_user_required
@require_http_methods(["GET", "POST"])
def milestone_create(request, pk):
    return _milestone_form_view(request, get_plain_initiative(request, pk))


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
        request,
        milestone,
        MilestoneCompleteForm(request.POST),
        lambda data: services.complete_milestone(
            request.user, milestone, completed_date=data["completed_date"], expected_version=data["version"]
        ),
        _("“%(title)s” is marked completed.") % {"title": milestone.title},
    )


@portal_user_required
@require_POST
def milestone_reopen(request, pk):
    milestone = _managed_milestone(request, pk)
    return _milestone_action(
        request,
        milestone,
        MilestoneActionForm(request.POST),
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
            request,
            milestone,
            MilestoneActionForm(request.POST),
            lambda data: services.delete_milestone(request.user, milestone, expected_version=data["version"]),
            _("The milestone “%(title)s” was deleted.") % {"title": milestone.title},
        )
    return render(
        request,
        "initiatives/confirm_delete.html",
        {
            "initiative": milestone.initiative,
            "back": back,
            "version": milestone.version,
            "question": _("Delete the milestone “%(title)s”?") % {"title": milestone.title},
        },
    )
