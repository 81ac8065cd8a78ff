"""Helpers shared by the initiative views: loading what a user may see, service errors on forms, the labels of
an annotated initiative.

Views parse input, call a selector or service and render; permissions and workflow rules live in
initiatives/permissions.py and initiatives/services.py. Service errors become messages or form errors, never a 500:
PermissionDenied → 403, a stale version → the form again with a conflict panel, an illegal transition → a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
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
    qs = (
        selectors.initiative_base_queryset()
        .select_related("lead_opd", "masterplan")
        .prefetch_related("supporting_opds")
    )
    if not permissions.can_view(request.user):
        raise Http404
    return get_object_or_404(qs, pk=pk)


def get_report(request, pk) -> ProgressReport:
    """A report the user may read (drafts and returned ones: the lead agency's staff and admins), else 404."""
    return get_object_or_404(
        selectors.reports_for_user(request.user).prefetch_related("initiative__supporting_opds", "evidence"), pk=pk
    )


def add_service_errors(form, exc: ValidationError):
    """Put a service's ValidationError on the form's fields (or on the form when the field is not shown)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


# --- the conflict flow: a three-way merge from the version the user loaded -------------------------------------------

THEIRS, MINE = "theirs", "mine"
RESOLVE_PREFIX = "resolve_"
# The many-to-many fields a merge compares as sets, with the history snapshot's field naming the related row.
SET_FIELDS = {"supporting_opds": "opd", "indicators": "indicator"}


def _comparable(value):
    """A value as the merge compares it: related objects by pk, sets of related objects as sets of pks."""
    if hasattr(value, "all") and callable(value.all):
        value = value.all()
    if isinstance(value, (list, tuple, set)) or hasattr(value, "model"):
        return frozenset(getattr(v, "pk", v) for v in value)
    if value == "":
        return None
    return getattr(value, "pk", value)


def _stored(obj, name):
    """The value of ``name`` on a model instance or a history record (pks for relations, pk sets for sets)."""
    if obj is None:
        return None
    if name in SET_FIELDS:
        related = getattr(obj, name)
        if hasattr(related, "values_list") and related.model is not type(obj):
            rows = (
                related.values_list(f"{SET_FIELDS[name]}_id", flat=True)
                if obj.__class__.__name__.startswith("Historical")
                else related.values_list("pk", flat=True)
            )
            return frozenset(rows)
        return frozenset(getattr(v, "pk", v) for v in related.all())
    if hasattr(obj, f"{name}_id"):
        return getattr(obj, f"{name}_id")
    return _comparable(getattr(obj, name, None))


def three_way(fields, base, mine: dict, current):
    """Split ``fields`` by who changed what since ``base`` (the version the user loaded): (names to take from the
    user, names to keep as stored, names both changed differently). Without a base every difference is a conflict."""
    take, keep, conflicts = [], [], []
    for name in fields:
        theirs, yours = _stored(current, name), _comparable(mine.get(name))
        if yours == theirs:
            keep.append(name)
            continue
        original = _stored(base, name) if base is not None else object()
        if yours == original:
            keep.append(name)  # only the other person changed it: theirs stays
        elif theirs == original:
            take.append(name)  # only the user changed it
        else:
            conflicts.append(name)
    return take, keep, conflicts


def chosen_values(request, form, fields, current) -> tuple[dict, list]:
    """On the save after a conflict panel: the form's values with every field resolved as "theirs" replaced by the
    stored value; and the conflicting fields left without a choice."""
    values = {name: form.cleaned_data.get(name) for name in fields if name in form.cleaned_data}
    pending = [name for name in request.POST.get("merge_fields", "").split(",") if name in fields]
    unresolved = []
    for name in pending:
        choice = request.POST.get(RESOLVE_PREFIX + name)
        if choice == THEIRS:
            values[name] = _current_value(current, name)
        elif choice != MINE:
            unresolved.append(name)
    return values, unresolved


def _current_value(obj, name):
    value = getattr(obj, name)
    return list(value.all()) if name in SET_FIELDS else value


def _label(form, model, name) -> str:
    if name in form.fields and form.fields[name].label:
        return str(form.fields[name].label)
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a form-only field
        return name


def _display(model, name, value) -> str:
    try:
        field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001
        field = None
    if name in SET_FIELDS:
        names = sorted(str(v) for v in value) if value else []
        return ", ".join(names) or "–"
    return display_value(field if field is not None and not field.many_to_many else None, getattr(value, "pk", value))


def _form_data(request, form, names_from_current, current, version, pending):
    """The user's input again, with ``names_from_current`` showing what is stored and the current version."""
    data = request.POST.copy()
    data["version"] = str(version)
    for name in names_from_current:
        if name not in form.fields:
            continue
        prepared = form.fields[name].prepare_value(_current_value(current, name))
        if isinstance(prepared, (list, tuple)):
            data.setlist(name, [str(v) for v in prepared])
        else:
            data[name] = "" if prepared is None else str(prepared)
    for name in list(data):
        if name.startswith(RESOLVE_PREFIX):
            del data[name]
    data["merge_fields"] = ",".join(pending)
    return data


def render_conflict(
    request,
    template: str,
    context: dict,
    exc: ConflictError,
    form,
    *,
    fields,
    save,
    success_url: str,
    form_class,
    **form_kwargs,
):
    """The conflict flow of every versioned form, a three-way merge from the version the user loaded (``exc.base``,
    from the history): fields only the user changed are applied, fields only the other person changed are kept as
    they are, and when nothing was changed by both the merged result is saved at once (``save(values, version)``).
    Fields both changed differently come back (409) side by side, theirs and the user's, for the user to choose field
    by field; there is no "overwrite everything"."""
    current, model = exc.current, type(exc.current)
    mine = {name: form.cleaned_data.get(name) for name in fields if name in form.cleaned_data}
    take, keep, conflicts = three_way(list(mine), exc.base, mine, current)
    if not conflicts and exc.base is not None:
        values = {**{name: _current_value(current, name) for name in keep}, **{name: mine[name] for name in take}}
        try:
            save(values, current.version)
        except ConflictError as again:  # yet another save meanwhile: merge against that one
            return render_conflict(
                request,
                template,
                context,
                again,
                form,
                fields=fields,
                save=save,
                success_url=success_url,
                form_class=form_class,
                **form_kwargs,
            )
        who = _who(exc.changed_by)
        kept = [_label(form, model, name) for name in keep if _stored(exc.base, name) != _stored(current, name)]
        text = _("Saved. %(who)s had saved changes meanwhile; both are kept.") % {"who": who}
        if kept:
            text += " " + _("Their changes kept: %(fields)s.") % {"fields": ", ".join(kept)}
        messages.success(request, text)
        return redirect(success_url)
    data = _form_data(request, form, keep, current, current.version, conflicts)
    merged = form_class(data, **form_kwargs)
    merged.is_valid()
    rows = [
        {
            "name": name,
            "label": _label(form, model, name),
            "theirs": _display(model, name, _current_value(current, name)),
            "mine": _display(model, name, mine.get(name)),
            "input": RESOLVE_PREFIX + name,
        }
        for name in conflicts
    ]
    changes = conflict_context(exc, model)["conflict"]["changes"]
    conflict = {
        "message": exc.message,
        "changed_by": exc.changed_by,
        "changes": changes,
        "version": current.version,
        "choices": rows,
        "no_base": exc.base is None,
    }
    return render(request, template, {**context, "conflict": conflict, "current": current, "form": merged}, status=409)


def _who(user) -> str:
    if user is None:
        return _("Someone")
    return user.get_full_name() or user.username


def conflict_context(exc: ConflictError, model) -> dict:
    rows = []
    labels = {str(f.verbose_name): f for f in model._meta.concrete_fields}
    for label, theirs_before, now in exc.changes:
        field = labels.get(label)
        rows.append({"label": label, "before": display_value(field, theirs_before), "now": display_value(field, now)})
    return {
        "conflict": {
            "message": exc.message,
            "changed_by": exc.changed_by,
            "changes": rows,
            "version": exc.current.version,
        }
    }


def decorate(initiative, year=None):
    """Labels and colours the templates show for an annotated initiative."""
    initiative.health_label = Health(initiative.health).label
    initiative.health_colour = Health.colour(initiative.health)
    if year is not None:
        initiative.due = selectors.due_state(initiative, year)
        initiative.due_label = DUE_LABELS[initiative.due]
        initiative.due_colour = (
            ReportState.colour(initiative.due)
            if initiative.due in ReportState.values
            else ("#b91c1c" if initiative.due == selectors.DUE_NONE else "#475569")
        )
    return initiative


DUE_LABELS = {
    selectors.DUE_NONE: gettext_lazy("No report yet"),
    selectors.DUE_NOT_DUE: gettext_lazy("Not due"),
    ReportState.DRAFT: gettext_lazy("Draft"),
    ReportState.SUBMITTED: gettext_lazy("Submitted, awaiting review"),
    ReportState.RETURNED: gettext_lazy("Returned: needs fixing"),
    ReportState.APPROVED: gettext_lazy("Approved"),
}
