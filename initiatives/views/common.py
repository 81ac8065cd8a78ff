"""Helpers shared by the initiative views: loading what a user may see, service errors on forms, the labels of
an annotated initiative.

Views parse input, call a selector or service and render; permissions and workflow rules live in
initiatives/permissions.py and initiatives/services.py. Service errors become messages or form errors, never a 500:
PermissionDenied → 403, a stale version → the form again with a conflict panel, an illegal transition → a message.
"""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy

from core.exceptions import ConflictError

from .. import permissions, selectors
from ..choices import Health, ReportState
from ..display import display_value
from ..models import Initiative, ProgressReport


def get_initiative(request, pk) -> Initiative:
    try:
        return selectors.initiative_detail(request.user, pk)
    except Initiative.DoesNotExist:
        raise Http404 from None


def get_plain_initiative(request, pk) -> Initiative:
    """The initiative to change, with what permission checks need (its supporting agencies); 404 unless it belongs to
    the active masterplan (archived plans are read-only)."""
    qs = selectors.initiative_base_queryset().select_related("lead_opd", "masterplan").prefetch_related(
        "supporting_opds")
    if not permissions.can_view(request.user):
        raise Http404
    return get_object_or_404(qs, pk=pk)


def get_report(request, pk) -> ProgressReport:
    return get_object_or_404(
        selectors.reports_for_user(request.user).prefetch_related("initiative__supporting_opds", "evidence"), pk=pk)


def add_service_errors(form, exc: ValidationError):
    """Put a service's ValidationError on the form's fields (or on the form when the field is not shown)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


def with_version(form_class, request, version, **kwargs):
    """A bound form holding the user's input but the current version, so saving again is a deliberate choice to
    overwrite the newer version."""
    data = request.POST.copy()
    data["version"] = str(version)
    form = form_class(data, **kwargs)
    form.is_valid()
    return form


def render_conflict(request, template: str, context: dict, exc: ConflictError, form_class, **form_kwargs):
    """The conflict flow of every versioned form: the form again (409) with the user's input, the current version,
    and what the other person changed, by whom."""
    form = with_version(form_class, request, exc.current.version, **form_kwargs)
    return render(request, template, {**context, **conflict_context(exc, type(exc.current)),
                                      "current": exc.current, "form": form}, status=409)


def conflict_context(exc: ConflictError, model) -> dict:
    rows = []
    labels = {str(f.verbose_name): f for f in model._meta.concrete_fields}
    for label, theirs_before, now in exc.changes:
        field = labels.get(label)
        rows.append({"label": label, "before": display_value(field, theirs_before), "now": display_value(field, now)})
    return {"conflict": {"message": exc.message, "changed_by": exc.changed_by, "changes": rows,
                         "version": exc.current.version}}


def decorate(initiative, year=None):
    """Labels and colours the templates show for an annotated initiative."""
    initiative.health_label = Health(initiative.health).label
    initiative.health_colour = Health.colour(initiative.health)
    if year is not None:
        initiative.due = selectors.due_state(initiative, year)
        initiative.due_label = DUE_LABELS[initiative.due]
        initiative.due_colour = ReportState.colour(initiative.due) if initiative.due in ReportState.values else (
            "#b91c1c" if initiative.due == selectors.DUE_NONE else "#475569")
    return initiative


DUE_LABELS = {
    selectors.DUE_NONE: gettext_lazy("No report yet"),
    selectors.DUE_NOT_DUE: gettext_lazy("Not due"),
    ReportState.DRAFT: gettext_lazy("Draft"),
    ReportState.SUBMITTED: gettext_lazy("Submitted, awaiting review"),
    ReportState.RETURNED: gettext_lazy("Returned: needs fixing"),
    ReportState.APPROVED: gettext_lazy("Approved"),
}
