"""Pages over the whole masterplan: the dashboard, a dimension, an agency, the five-year roadmap, the quarterly
leadership report and the public transparency page. Each view parses, calls one selector and renders."""

import datetime as dt

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core.periods import ROMAN, last_completed_quarter, quarter_start
from dimensions.choices import AchievementBand
from dimensions.models import Dimension
from initiatives.choices import Health, Horizon, InitiativeStatus
from initiatives.filtersets import InitiativeFilterSet
from initiatives.metrics import metric_rules
from initiatives.permissions import can_review
from initiatives.selectors import health_reasons, initiatives_for_user
from initiatives.views.browse import use_checkboxes
from masterplans.selectors import active_masterplan
from opd.decorators import portal_user_required

from . import selectors
from .charts import paired_bars

LEGENDS = {
    "statuses": InitiativeStatus.as_list(),
    "healths": Health.as_list(),
    "horizons": Horizon.as_list(),
    "bands": AchievementBand.as_list(),
}


@portal_user_required
def home(request):
    data = selectors.dashboard(request.user)
    return render(
        request,
        "roadmap/dashboard.html",
        {
            **data,
            **LEGENDS,
            "rules": metric_rules(),
            "plan": data["masterplan"],
            "is_admin": can_review(request.user),
            "budget_by_dimension_chart": paired_bars(data["by_dimension"], "name"),
            "budget_by_year_chart": paired_bars(data["by_year"], "year"),
        },
    )


@portal_user_required
def dimension_detail(request, code):
    data = selectors.dimension_overview(request.user, code)
    if data is None:
        raise Http404
    return render(
        request,
        "roadmap/dimension_detail.html",
        {
            **data,
            **LEGENDS,
            "rules": metric_rules(),
            "plan": active_masterplan(),
            "budget_chart": paired_bars(data["budget_by_year"], "year"),
        },
    )


@portal_user_required
def opd_detail(request, code):
    data = selectors.opd_overview(request.user, code)
    if data is None:
        raise Http404
    return render(
        request,
        "roadmap/opd_detail.html",
        {
            **data,
            **LEGENDS,
            "rules": metric_rules(),
            "plan": active_masterplan(),
            "budget_chart": paired_bars(data["budget_by_year"], "year"),
        },
    )


@portal_user_required
def roadmap(request):
    base = initiatives_for_user(request.user)
    filterset = use_checkboxes(InitiativeFilterSet(request.GET or None, queryset=base, request=request))
    valid = not request.GET or filterset.is_valid()
    qs = (filterset.qs if request.GET else base) if valid else base.none()
    data = selectors.roadmap_timeline(request.user, qs, page=request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "roadmap/roadmap.html",
        {
            "query": params.urlencode(),
            **data,
            **LEGENDS,
            "filter": filterset,
            "plan": data["masterplan"],
            "rules": metric_rules(),
            "filter_fields": [filterset.form[name] for name in ("dimension", "opd", "status", "horizon")],
        },
    )


PRINT_CHUNK = 500


@portal_user_required
def roadmap_print(request):
    """Every initiative of the filtered roadmap, for printing: streamed, the rows rendered PRINT_CHUNK at a time
    as they are read, so the page starts at once and memory stays flat however many initiatives there are."""
    base = initiatives_for_user(request.user)
    filterset = InitiativeFilterSet(request.GET or None, queryset=base, request=request)
    valid = not request.GET or filterset.is_valid()
    qs = (filterset.qs if request.GET else base) if valid else base.none()
    rows = selectors.roadmap_print_rows(qs)
    page = render_to_string("roadmap/roadmap_print.html", {"plan": active_masterplan()}, request=request)
    head, tail = page.split("<!--rows-->", 1)
    language = translation.get_language()

    def chunks():
        with translation.override(language):
            yield head
            batch = []
            for initiative in rows.iterator(chunk_size=PRINT_CHUNK):
                batch.append(initiative)
                if len(batch) >= PRINT_CHUNK:
                    yield render_to_string("roadmap/partials/print_rows.html", {"rows": batch})
                    batch = []
            if batch:
                yield render_to_string("roadmap/partials/print_rows.html", {"rows": batch})
            yield tail

    return StreamingHttpResponse(chunks(), content_type="text/html; charset=utf-8")


@portal_user_required
def leadership_report_latest(request):
    today = timezone.localdate()
    year, quarter = last_completed_quarter(today)
    try:  # the picker submits ?period=2026-3
        if request.GET.get("period"):
            year, quarter = (int(part) for part in request.GET["period"].split("-", 1))
    except ValueError:
        pass
    return redirect(reverse("roadmap:leadership-report", args=[year, quarter]))


@portal_user_required
def leadership_report(request, year, quarter):
    today = timezone.localdate()
    plan = active_masterplan()
    if plan is None or not plan.contains_year(year) or quarter not in ROMAN or quarter_start(year, quarter) > today:
        raise Http404
    data = selectors.leadership_report(request.user, year, quarter, today=today)
    for initiative in data["late"]:
        initiative.health_why = health_reasons(initiative, today)
    choices = [(y, q) for y in plan.years for q in ROMAN if quarter_start(y, q) <= today]
    return render(
        request,
        "roadmap/leadership_report.html",
        {
            **data,
            **LEGENDS,
            "rules": metric_rules(),
            "plan": plan,
            "quarter_choices": list(reversed(choices)),
            "budget_by_dimension_chart": paired_bars(data["by_dimension"], "name"),
        },
    )


def public(request):
    if not settings.PUBLIC_PORTAL:
        raise Http404
    data = selectors.public_overview()
    qs = data.pop("initiatives")
    dimension = None
    code = request.GET.get("dimension")
    if code:
        dimension = Dimension.objects.filter(code=code).first()
        if dimension is not None:
            qs = qs.filter(dimension=dimension)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "roadmap/public.html",
        {
            **data,
            "statuses": InitiativeStatus.as_list(),
            "plan": data["masterplan"],
            "page": page,
            "selected_dimension": dimension,
            "generated": dt.datetime.now(tz=timezone.get_current_timezone()),
        },
    )
