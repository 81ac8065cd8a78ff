"""The evaluation pages: periods, the scorecard, answering an item, weights, pre-fill, finalising, documents and
the framework."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import ConflictError
from opd.decorators import portal_user_required

from .. import permissions, selectors, services
from ..choices import PeriodStatus
from ..forms import AnswerForm, DocumentForm, FrameworkImportForm, PeriodForm, WeightsForm
from ..framework_io import export_framework, import_framework
from ..models import Answer
from ..snapshot import live_framework
from ._helpers import apply_service_errors, flash_error


def _period_or_404(user, year):
    period = selectors.periods_for_user(user).filter(year=year).first()
    if period is None:
        raise Http404
    return period


@portal_user_required
def period_list(request):
    form = None
    if permissions.can_manage(request.user):
        form = PeriodForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                period = services.create_period(
                    user=request.user,
                    year=form.cleaned_data["year"],
                    weights=form.cleaned_data["weights"],
                    notes=form.cleaned_data["notes"],
                )
            except ValidationError as exc:
                apply_service_errors(request, form, exc)
            else:
                messages.success(request, _("The evaluation for %(year)s was created.") % {"year": period.year})
                return redirect("evaluation:scorecard", year=period.year)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "evaluation/period_list.html",
        {
            "rows": selectors.periods_overview(request.user),
            "form": form,
            "can_manage": permissions.can_manage(request.user),
        },
    )


@portal_user_required
def scorecard(request, year):
    card = selectors.scorecard(request.user, year)
    if card is None:
        raise Http404
    for comp in card["components"]:
        for row in comp["rows"]:
            row["can_edit"] = row["answer"] is not None and permissions.can_edit_answer(request.user, row["answer"])
    return render(
        request,
        "evaluation/scorecard.html",
        {**card, "can_manage": permissions.can_manage(request.user) and not card["final"], "statuses": PeriodStatus},
    )


@portal_user_required
def answer_edit(request, year, code):
    period = _period_or_404(request.user, year)
    answer = get_object_or_404(
        Answer.objects.select_related("item", "period", "assigned_opd"), period=period, item__code=code
    )
    if not permissions.can_edit_answer(request.user, answer):
        raise PermissionDenied
    is_admin = permissions.can_manage(request.user)
    form = AnswerForm(request.POST or None, answer=answer, levels=answer.item.levels, is_admin=is_admin)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_answer(
                user=request.user,
                answer=answer,
                version=data["version"],
                level=data["level"],
                justification=data["justification"],
                override_reason=data.get("override_reason", ""),
                assigned_opd=data.get("assigned_opd") if is_admin else answer.assigned_opd,
                links={
                    name: data[name]
                    for name in ("initiatives", "reports", "evidence_files", "measurements", "documents")
                },
            )
        except (ValidationError, ConflictError) as exc:
            apply_service_errors(request, form, exc)
        else:
            messages.success(request, _("The answer to %(code)s was saved.") % {"code": code})
            return redirect("evaluation:scorecard", year=year)
    return render(
        request,
        "evaluation/answer_form.html",
        {
            "period": period,
            "answer": answer,
            "form": form,
            "is_admin": is_admin,
            "history": selectors.answer_history(answer),
        },
    )


@portal_user_required
def weights_edit(request, year):
    if not permissions.can_manage(request.user):
        raise PermissionDenied
    period = _period_or_404(request.user, year)
    form = WeightsForm(request.POST or None, period=period)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_weights(
                user=request.user,
                period=period,
                version=form.cleaned_data["version"],
                weights=form.cleaned_data["weights"],
            )
        except (ValidationError, ConflictError) as exc:
            apply_service_errors(request, form, exc)
        else:
            messages.success(request, _("The weights were saved."))
            return redirect("evaluation:scorecard", year=year)
    return render(request, "evaluation/weights_form.html", {"period": period, "form": form})


@require_POST
@portal_user_required
def prefill(request, year):
    period = _period_or_404(request.user, year)
    try:
        n = services.apply_rules(user=request.user, period=period)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("The rules were applied to %(n)s items.") % {"n": n})
    return redirect("evaluation:scorecard", year=year)


@require_POST
@portal_user_required
def finalise(request, year):
    period = _period_or_404(request.user, year)
    try:
        services.finalise_period(user=request.user, period=period, version=request.POST.get("version"))
    except (ValidationError, ConflictError) as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("The evaluation for %(year)s is final.") % {"year": year})
    return redirect("evaluation:scorecard", year=year)


@portal_user_required
def document_list(request):
    form = None
    if permissions.can_upload_document(request.user):
        form = DocumentForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.upload_document(
                    user=request.user,
                    file=data["file"],
                    title=data["title"],
                    kind=data["kind"],
                    year=data["year"],
                    reference=data["reference"],
                )
            except ValidationError as exc:
                apply_service_errors(request, form, exc)
            else:
                messages.success(request, _("The document was uploaded."))
                return redirect("evaluation:documents")
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request, "evaluation/documents.html", {"documents": selectors.documents_for_user(request.user), "form": form}
    )


@portal_user_required
def document_download(request, pk):
    document = get_object_or_404(selectors.documents_for_user(request.user), pk=pk)
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@portal_user_required
def framework(request):
    form = None
    if permissions.can_manage(request.user):
        form = FrameworkImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                counts = import_framework(user=request.user, file=form.cleaned_data["file"])
            except ValidationError as exc:
                apply_service_errors(request, form, exc)
            else:
                messages.success(
                    request, _("Framework imported: %(created)s rows created, %(updated)s updated.") % counts
                )
                return redirect("evaluation:framework")
    elif request.method == "POST":
        raise PermissionDenied
    data = live_framework()
    names = {n["code"]: n["name"] for n in data["national_dimensions"]}
    for d in data["dimensions"]:
        d["national"] = [names.get(c, c) for c in data["mapping"].get(d["code"], [])]
    return render(
        request,
        "evaluation/framework.html",
        {"framework": data, "names": names, "form": form, "can_manage": permissions.can_manage(request.user)},
    )


@portal_user_required
def framework_export(request):
    response = HttpResponse(
        export_framework(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="kerangka-evaluasi.xlsx"'
    return response
