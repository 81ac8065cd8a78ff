"""The masterplan's narrative in the portal: the masterplan page (title, vision, mission, description, yearly
themes) and a dimension's findings page; everyone with a portal role reads them, administrators edit them through
``masterplans.services`` and ``dimensions.services`` (versions, history)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.exceptions import ConflictError
from dimensions import services as dimension_services
from dimensions.choices import FindingKind
from dimensions.forms import FindingForm
from dimensions.models import ConditionFinding, Dimension
from dimensions.permissions import can_edit_findings
from dimensions.selectors import finding_history
from initiatives.views.common import conflict_context
from masterplans import services as masterplan_services
from masterplans.forms import NarrativeForm, YearForm
from masterplans.permissions import can_edit_masterplan
from masterplans.selectors import active_masterplan, masterplan_history, masterplan_years
from opd.decorators import portal_user_required


def _year_forms(plan, years, bound=None):
    stored = {y.year: y for y in years}
    rows = []
    for year in plan.years:
        obj = stored.get(year)
        if bound is not None and bound[0] == year:
            form = bound[1]
        else:
            form = YearForm(instance=obj, prefix=f"y{year}", initial={"version": obj.version if obj else None})
        rows.append({"year": year, "stored": obj, "form": form})
    return rows


@portal_user_required
def masterplan_page(request):
    plan = active_masterplan()
    if plan is None:
        raise Http404
    editor = can_edit_masterplan(request.user)
    form = NarrativeForm(instance=plan, initial={"version": plan.version})
    context, status, bound_year = {}, 200, None
    if request.method == "POST":
        if not editor:
            raise PermissionDenied
        year = request.POST.get("year")
        try:
            if year:
                year = int(year)
                if not plan.contains_year(year):
                    raise Http404
                stored = plan.roadmap_years.filter(year=year).first()
                year_form = YearForm(request.POST, instance=stored, prefix=f"y{year}")
                bound_year = (year, year_form)
                if year_form.is_valid():
                    masterplan_services.save_masterplan_year(
                        request.user,
                        plan,
                        year=year,
                        theme=year_form.cleaned_data["theme"],
                        focus=year_form.cleaned_data["focus"],
                        expected_version=year_form.cleaned_data["version"],
                    )
                    messages.success(request, _("The theme of %(year)s was saved.") % {"year": year})
                    return redirect("masterplan:overview")
            else:
                form = NarrativeForm(request.POST, instance=_fresh(plan))
                if form.is_valid():
                    masterplan_services.update_masterplan(
                        request.user,
                        plan,
                        data={k: form.cleaned_data[k] for k in ("title", "vision", "mission", "description")},
                        expected_version=form.cleaned_data["version"],
                    )
                    messages.success(request, _("The masterplan was saved."))
                    return redirect("masterplan:overview")
            status = 400
        except ConflictError as exc:
            # The user's input again, now at the current version: saving once more overwrites deliberately.
            context.update(conflict_context(exc, type(exc.current)))
            data = _at_version(request, exc.current.version, f"y{year}-" if year else "")
            if year:
                bound_year = (year, YearForm(data, instance=exc.current, prefix=f"y{year}"))
            else:
                form = NarrativeForm(data, instance=_fresh(plan))
            status = 409
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            status = 400
    years = masterplan_years(plan)
    return render(
        request,
        "roadmap/masterplan.html",
        {
            **context,
            "plan": plan,
            "form": form,
            "editor": editor,
            "years": _year_forms(plan, years, bound_year),
            "history": masterplan_history(plan),
        },
        status=status,
    )


def _at_version(request, version, prefix=""):
    data = request.POST.copy()
    data[f"{prefix}version"] = str(version)
    return data


def _fresh(plan):  # a detached copy, so an invalid form never touches the loaded plan
    return type(plan).objects.get(pk=plan.pk)


def _dimension(code):
    return get_object_or_404(Dimension, code=code)


@portal_user_required
def findings_page(request, code):
    dimension = _dimension(code)
    editor = can_edit_findings(request.user)
    add_form = FindingForm(prefix="new")
    context, status, bound = {}, 200, None
    if request.method == "POST":
        if not editor:
            raise PermissionDenied
        action, pk = request.POST.get("action", "add"), request.POST.get("finding")
        finding = get_object_or_404(ConditionFinding, pk=pk, dimension=dimension) if pk else None
        try:
            if action == "add":
                add_form = FindingForm(request.POST, prefix="new")
                if add_form.is_valid():
                    data = add_form.cleaned_data
                    dimension_services.add_finding(
                        request.user, dimension, kind=data["kind"], text=data["text"], source=data["source"]
                    )
                    messages.success(request, _("The finding was added."))
                    return redirect("roadmap:findings", code=code)
            elif finding is not None and action == "edit":
                form = FindingForm(
                    request.POST, prefix=f"f{finding.pk}", instance=ConditionFinding.objects.get(pk=finding.pk)
                )
                bound = (finding.pk, form)
                if form.is_valid():
                    data = form.cleaned_data
                    dimension_services.update_finding(
                        request.user,
                        finding,
                        kind=data["kind"],
                        text=data["text"],
                        source=data["source"],
                        expected_version=data["version"],
                    )
                    messages.success(request, _("The finding was saved."))
                    return redirect("roadmap:findings", code=code)
            elif finding is not None and action in ("up", "down"):
                dimension_services.move_finding(
                    request.user, finding, direction=action, expected_version=request.POST.get("version")
                )
                return redirect("roadmap:findings", code=code)
            elif finding is not None and action == "delete":
                dimension_services.delete_finding(request.user, finding, expected_version=request.POST.get("version"))
                messages.success(request, _("The finding was deleted."))
                return redirect("roadmap:findings", code=code)
            else:
                raise Http404
            status = 400
        except ConflictError as exc:
            context.update(conflict_context(exc, ConditionFinding))
            if action == "edit":
                bound = (
                    finding.pk,
                    FindingForm(
                        _at_version(request, exc.current.version, f"f{finding.pk}-"),
                        prefix=f"f{finding.pk}",
                        instance=exc.current,
                    ),
                )
            status = 409
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            status = 400
    findings = list(dimension.findings.order_by("kind", "order", "id"))
    groups = []
    for kind, label in FindingKind.choices:
        items = []
        for f in findings:
            if f.kind != kind:
                continue
            form = (
                bound[1]
                if bound and bound[0] == f.pk
                else FindingForm(instance=f, prefix=f"f{f.pk}", initial={"version": f.version})
            )
            items.append({"finding": f, "form": form})
        groups.append({"kind": kind, "label": label, "items": items})
    return render(
        request,
        "roadmap/findings.html",
        {
            **context,
            "dimension": dimension,
            "groups": groups,
            "add_form": add_form,
            "editor": editor,
            "history": finding_history(dimension),
        },
        status=status,
    )
