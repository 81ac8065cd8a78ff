"""The open data doors: the CKAN Action API, the DCAT catalogue, the downloads and the /opendata/ page. Each view
parses, calls the catalogue selector and renders; every one answers 404 while OPEN_DATA is off."""

from __future__ import annotations

import functools
import json

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt

from . import ckan, ckan_shapes, dcat
from .downloads import RENDERERS
from .records import FORMATS, open_data_enabled
from .selectors import catalogue

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json", "xlsx": ckan_shapes.MIMETYPES["xlsx"]}


def open_data_required(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not open_data_enabled():
            raise Http404
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"  # public, read-only data
        patch_cache_control(response, public=True, max_age=300)
        return response

    return wrapped


def _params(request) -> dict:
    """CKAN takes the parameters from the query string (GET), a JSON body or a form (POST)."""
    params = {k: v for k, v in request.GET.items()}
    if request.method == "POST":
        if request.content_type == "application/json" or (request.body[:1] in (b"{", b"[") and not request.POST):
            try:
                body = json.loads(request.body or b"{}")
            except ValueError as exc:
                raise ckan_shapes.ActionError("Bad Request", f"Bad request - JSON Error: {exc}", 400) from None
            if not isinstance(body, dict):
                raise ckan_shapes.ActionError("Bad Request", "Bad request - JSON Error: not a JSON object", 400)
            params.update(body)
        else:
            params.update(request.POST.items())
    return params


@csrf_exempt
@open_data_required
def action(request, action: str):
    help_url = ckan_shapes.absolute(request.path.rsplit("/", 1)[0] + f"/help_show?name={action}")
    if request.method not in ("GET", "POST"):
        return JsonResponse(
            {
                "help": help_url,
                "success": False,
                "error": {"__type": "Bad Request", "message": "Bad request - GET or POST only"},
            },
            status=405,
        )
    cached = []

    def factory():
        if not cached:
            cached.append(catalogue())
        return cached[0]

    try:
        result = ckan.run(action, factory, _params(request))
    except ckan_shapes.ActionError as error:
        return JsonResponse({"help": help_url, "success": False, "error": error.as_dict()}, status=error.status)
    return JsonResponse(
        {"help": help_url, "success": True, "result": result}, json_dumps_params={"ensure_ascii": False}
    )


@open_data_required
def download(request, name: str, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    dataset = catalogue().dataset(name)
    if dataset is None:
        raise Http404
    response = HttpResponse(RENDERERS[fmt](dataset), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{dataset.name}.{fmt}"'
    response["Last-Modified"] = http_date(dataset.modified.timestamp())
    return response


@open_data_required
def catalog(request, fmt: str):
    content_type = "application/ld+json" if fmt == "jsonld" else "text/turtle; charset=utf-8"
    return HttpResponse(dcat.serialise(catalogue(), fmt), content_type=content_type)


@open_data_required
def index(request):
    data = catalogue()
    kinds = {}
    for dataset in data.datasets:
        kinds.setdefault(dataset.kind, []).append(dataset)
    return render(
        request,
        "opendata/index.html",
        {
            "catalogue": data,
            "indicators": kinds.get("indicator", []),
            "initiatives": kinds.get("initiatives", []),
            "roadmap": kinds.get("roadmap", []),
            "formats": FORMATS,
        },
    )
