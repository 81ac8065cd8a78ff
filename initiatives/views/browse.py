"""Browsing initiatives: the filtered, sorted, paginated list and its Excel/CSV exports (same query string, same
rows, same columns)."""

import tempfile

from django import forms
from django.http import FileResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.paginator import TwoStepPaginator
from initiatives import exports
from initiatives.choices import Health, InitiativeStatus
from initiatives.filtersets import InitiativeFilterSet
from initiatives.metrics import metric_rules
from initiatives.selectors import health_reasons, initiatives_for_user
from opd.decorators import portal_user_required

PAGE_SIZE = 25
DEFAULT_ORDER = ("dimension__order", "code")
SORTABLE = (
    ("code", gettext_lazy("Code")),
    ("title", gettext_lazy("Title")),
    ("dimension", gettext_lazy("Dimension")),
    ("opd", gettext_lazy("Lead agency")),
    ("status", gettext_lazy("Status")),
    ("health", gettext_lazy("Health")),
    ("progress", gettext_lazy("Progress")),
    ("start_year", gettext_lazy("Years")),
    ("budget_planned", gettext_lazy("Budget planned")),
    ("budget_realized", gettext_lazy("Budget realised")),
)


def use_checkboxes(filterset, names=("status", "health", "horizon")):
    """Multiple-choice filters read better as checkboxes than as multi-selects, on phones too."""
    for name in names:
        field = filterset.form.fields.get(name)
        if field is not None:
            field.widget = forms.CheckboxSelectMultiple(choices=field.choices)
    return filterset


def filtered_initiatives(request):
    """The filterset over what the user may see, and its rows (None when the filters are invalid)."""
    base = initiatives_for_user(request.user)
    filterset = use_checkboxes(InitiativeFilterSet(request.GET or None, queryset=base, request=request))
    if request.GET and not filterset.is_valid():
        return filterset, None
    qs = filterset.qs if request.GET else base
    if not request.GET.get("ordering"):
        qs = qs.order_by(*DEFAULT_ORDER)
    else:
        qs = qs.order_by(*qs.query.order_by, "code")
    return filterset, qs


def _sort_links(request):
    current = request.GET.get("ordering", "")
    params = request.GET.copy()
    params.pop("page", None)
    links = []
    for key, label in SORTABLE:
        if current == key:
            target, state = f"-{key}", "ascending"
        elif current == f"-{key}":
            target, state = key, "descending"
        else:
            target, state = key, None
        params["ordering"] = target
        links.append({"key": key, "label": label, "url": "?" + params.urlencode(), "state": state})
    return {link["key"]: link for link in links}


@portal_user_required
def initiative_list(request):
    filterset, qs = filtered_initiatives(request)
    page = None
    if qs is not None:
        page = TwoStepPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
        for initiative in page.object_list:
            initiative.health_why = " ".join(health_reasons(initiative))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "initiatives/initiative_list.html",
        {
            "filter": filterset,
            "page": page,
            "initiatives": page.object_list if page else [],
            "query": params.urlencode(),
            "sort": _sort_links(request),
            "statuses": InitiativeStatus.as_list(),
            "healths": Health.as_list(),
            "rules": metric_rules(),
        },
    )


def _export(request, kind):
    filterset, qs = filtered_initiatives(request)
    if qs is None:
        errors = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in filterset.errors.items())
        return HttpResponseBadRequest(
            _("Invalid filter: %(errors)s") % {"errors": errors}, content_type="text/plain; charset=utf-8"
        )
    stamp = timezone.localdate().isoformat()
    if kind == "xlsx":
        # write-only workbook into a spooled temporary file (memory flat whatever the rows), then streamed
        output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
        exports.write_xlsx(qs, output, title=_("Initiatives"))
        output.seek(0)
        response = FileResponse(
            output, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        response = StreamingHttpResponse(exports.stream_csv(qs), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="initiatives-{stamp}.{kind}"'
    return response


@portal_user_required
def export_xlsx(request):
    return _export(request, "xlsx")


@portal_user_required
def export_csv(request):
    return _export(request, "csv")
