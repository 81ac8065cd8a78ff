"""Pages of the revisions app: the baselines of the active masterplan (administrators freeze a new one) and what
changed between two baselines, or between a baseline and today, as a page and an xlsx."""

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from masterplans.selectors import active_masterplan
from opd.decorators import portal_user_required
from opd.permissions import is_admin

from . import selectors, services
from .forms import FreezeForm
from .xlsx import write_difference

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _plan():
    plan = active_masterplan()
    if plan is None:
        raise Http404
    return plan


@portal_user_required
def baseline_list(request):
    plan = _plan()
    form = FreezeForm()
    status = 200
    if request.method == "POST":
        if not is_admin(request.user):
            raise PermissionDenied
        form = FreezeForm(request.POST)
        if form.is_valid():
            try:
                baseline = services.freeze_baseline(
                    request.user, plan, name=form.cleaned_data["name"], note=form.cleaned_data["note"]
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Baseline “%(name)s” frozen.") % {"name": baseline.name})
                return redirect("revisions:list")
        status = 400
    return render(
        request,
        "revisions/baseline_list.html",
        {
            "plan": plan,
            "baselines": selectors.baselines(plan),
            "form": form,
            "is_admin": is_admin(request.user),
        },
        status=status,
    )


def _difference(request, plan):
    items = list(selectors.baselines(plan))
    default_from = str(items[0].pk) if items else "today"
    before_key, after_key = request.GET.get("from") or default_from, request.GET.get("to") or "today"
    before, after = selectors.resolve(plan, before_key), selectors.resolve(plan, after_key)
    if before is None or after is None:
        raise Http404
    return items, before_key, after_key, before, after, selectors.compare(before[1], after[1])


@portal_user_required
def difference(request):
    plan = _plan()
    items, before_key, after_key, before, after, diff = _difference(request, plan)
    return render(
        request,
        "revisions/difference.html",
        {
            "plan": plan,
            "baselines": items,
            "from": before_key,
            "to": after_key,
            "before_label": before[0],
            "after_label": after[0],
            "diff": diff,
        },
    )


@portal_user_required
def difference_xlsx(request):
    plan = _plan()
    _items, _b, _a, before, after, diff = _difference(request, plan)
    handle = io.BytesIO()
    write_difference(diff, before[0], after[0], handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename="masterplan-changes.xlsx", content_type=XLSX)
