"""One initiative: its detail page and its edit form.

Views parse input, call a selector or service and render; permissions and workflow rules live in
initiatives/permissions.py and initiatives/services.py. Service errors become messages or form errors, never a 500:
PermissionDenied → 403, a stale version → the form again with a conflict panel, an illegal transition → a message.
"""

from __future__ import annotations

from collections import OrderedDict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.exceptions import ConflictError
from core.periods import quarter_label, reporting_quarter
from opd.decorators import portal_user_required

from .. import permissions, selectors, services
from ..choices import EDITABLE_REPORT_STATES
from ..forms import (
    CommentForm,
    EvidenceForm,
    InitiativeForm,
    MilestoneCompleteForm,
    period_choices,
)
from .common import (
    SET_FIELDS,
    add_service_errors,
    chosen_values,
    decorate,
    get_initiative,
    get_plain_initiative,
    render_conflict,
)


@portal_user_required
def initiative_detail(request, pk):
    initiative = decorate(get_initiative(request, pk))
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
    return render(
        request,
        "initiatives/initiative_detail.html",
        {
            "initiative": initiative,
            "health_reasons": selectors.health_reasons(initiative),
            "reports": reports,
            "evidence": evidence,
            "evidence_by_report": evidence_by_report,
            "budget_years": list(budget_years.values()),
            "history": selectors.initiative_history(initiative, user=user),
            "can_edit": permissions.can_edit_initiative(user, initiative),
            "can_report": permissions.can_report(user, initiative),
            "can_review": permissions.can_review(user),
            "decidable_reports": {r.pk for r in reports if permissions.can_decide(user, r)},
            "can_contribute": can_contribute,
            "can_manage_milestones": permissions.can_manage_milestones(user, initiative),
            "complete_form": MilestoneCompleteForm(),
            "deletable_evidence": {e.pk for e in evidence if permissions.evidence_deletable(user, e)},
            "comment_form": CommentForm() if can_contribute else None,
            "evidence_form": EvidenceForm() if can_contribute else None,
            "due_period": quarter_label(year, quarter),
            "due_report": due_report,
            "due_active": initiative.is_active_in(year),
            "open_periods": bool(period_choices(initiative, taken={(r.year, r.quarter) for r in reports})),
            "editable_states": EDITABLE_REPORT_STATES,
        },
    )


@portal_user_required
@require_http_methods(["GET", "POST"])
def initiative_edit(request, pk):
    initiative = get_plain_initiative(request, pk)
    if not permissions.can_edit_initiative(request.user, initiative):
        raise PermissionDenied
    context = {"initiative": initiative}
    template = "initiatives/initiative_form.html"
    if request.method == "POST":
        form = InitiativeForm(request.POST, instance=initiative, user=request.user)
        if form.is_valid():
            fields = [name for name in form.fields if name not in ("version", "reason")]

            def save(values, version):
                data = {name: value for name, value in values.items() if name not in SET_FIELDS}
                extra = {name: values[name] for name in SET_FIELDS if name in values}
                services.update_initiative(
                    request.user,
                    initiative,
                    data,
                    expected_version=version,
                    reason=form.cleaned_data.get("reason", ""),
                    **extra,
                )

            values, unresolved = chosen_values(request, form, fields, initiative)
            try:
                if unresolved:
                    form.add_error(None, _("Choose, for every field in the conflict panel, which value to keep."))
                else:
                    save(values, form.cleaned_data["version"])
            except ConflictError as exc:
                return render_conflict(
                    request,
                    template,
                    context,
                    exc,
                    form,
                    fields=fields,
                    save=save,
                    success_url=reverse("initiatives:detail", args=[initiative.pk]),
                    form_class=InitiativeForm,
                    instance=exc.current,
                    user=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if not unresolved:
                    messages.success(request, _("The initiative was saved."))
                    return redirect("initiatives:detail", pk=initiative.pk)
    else:
        form = InitiativeForm(instance=initiative, user=request.user)
    return render(request, template, {**context, "form": form})
