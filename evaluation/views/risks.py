"""The risk register pages: list with filters, add, edit, export.xlsx."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.exceptions import ConflictError
from initiatives.models import Initiative
from masterplans.selectors import active_masterplan
from opd.decorators import portal_user_required
from opd.permissions import is_admin
from opd.selectors import opd_id_of

from .. import permissions, selectors, services
from ..choices import RiskLevel, RiskStatus
from ..exports import risks_workbook
from ..filtersets import RiskFilterSet
from ..forms import RiskForm
from ._helpers import apply_service_errors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filtered(request):
    filterset = RiskFilterSet(request.GET or None, queryset=selectors.risks_for_user(request.user))
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else selectors.risks_for_user(request.user)
    return filterset, qs


@portal_user_required
def risk_list(request):
    filterset, qs = _filtered(request)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    for risk in page:
        risk.editable = permissions.can_edit_risk(request.user, risk)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "evaluation/risk_list.html",
        {
            "filter": filterset,
            "page": page,
            "risks": page.object_list,
            "query": query.urlencode(),
            "can_add": permissions.can_add_risk(request.user),
            "levels": RiskLevel.as_list(),
            "statuses": RiskStatus.as_list(),
        },
    )


def _initiatives_for(user):
    qs = Initiative.objects.filter(masterplan=active_masterplan()).order_by("code")
    if is_admin(user):
        return qs
    return qs.filter(lead_opd_id=opd_id_of(user))


def _values(data):
    return {name: data[name] for name in ("title", "description", "likelihood", "impact", "mitigation", "status")}


@portal_user_required
def risk_create(request):
    if not permissions.can_add_risk(request.user):
        raise PermissionDenied
    form = RiskForm(request.POST or None, initiatives=_initiatives_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.create_risk(
                user=request.user, initiative=data["initiative"], owner_opd=data["owner_opd"], **_values(data)
            )
        except ValidationError as exc:
            apply_service_errors(request, form, exc)
        else:
            messages.success(request, _("The risk was added."))
            return redirect("evaluation:risks")
    return render(request, "evaluation/risk_form.html", {"form": form, "risk": None})


@portal_user_required
def risk_edit(request, pk):
    risk = get_object_or_404(selectors.risks_for_user(request.user), pk=pk)
    if not permissions.can_edit_risk(request.user, risk):
        raise PermissionDenied
    initiatives = _initiatives_for(request.user) | Initiative.objects.filter(pk=risk.initiative_id)
    form = RiskForm(request.POST or None, initiatives=initiatives.distinct(), risk=risk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if request.POST.get("delete"):
                services.delete_risk(user=request.user, risk=risk, version=data["version"])
                messages.success(request, _("The risk was deleted."))
                return redirect("evaluation:risks")
            services.update_risk(
                user=request.user,
                risk=risk,
                version=data["version"],
                initiative=data["initiative"],
                owner_opd=data["owner_opd"] or risk.owner_opd,
                **_values(data),
            )
        except (ValidationError, ConflictError) as exc:
            apply_service_errors(request, form, exc)
        else:
            messages.success(request, _("The risk was saved."))
            return redirect("evaluation:risks")
    return render(request, "evaluation/risk_form.html", {"form": form, "risk": risk})


@portal_user_required
def risk_export(request):
    filterset, qs = _filtered(request)
    if filterset.is_bound and not filterset.is_valid():
        raise Http404
    response = HttpResponse(risks_workbook(qs), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="daftar-risiko.xlsx"'
    return response
