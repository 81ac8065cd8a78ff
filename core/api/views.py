"""Helpers shared by the apps' viewsets, and the error pages that answer the API in its JSON shape."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import status
from rest_framework.response import Response

from .conditional import etag_for, query_version, version_named


class PagedResponseMixin:
    """``paged_response`` for custom list actions: paginated JSON, or every row for ``?format=csv``."""

    def paged_response(self, queryset, serializer_class):
        context = self.get_serializer_context()
        page = self.paginate_queryset(queryset)
        if page is None:
            return Response(serializer_class(queryset, many=True, context=context).data)
        return self.get_paginated_response(serializer_class(page, many=True, context=context).data)


class VersionedObjectMixin:
    """Conditional requests for one versioned object, written once for every viewset that has them: reads carry
    ``ETag`` (``If-None-Match`` → 304), writes name the version they were based on (``named_version``: If-Match or
    the body's ``version``, ``?version=`` on DELETE; none → 428, stale → 412 or the service's 409)."""

    def detail_data(self, obj):
        return self.get_serializer(obj).data

    def etag_response(self, obj, status_code=status.HTTP_200_OK, headers=None):
        return Response(self.detail_data(obj), status=status_code, headers={**(headers or {}), "ETag": etag_for(obj)})

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        etag = etag_for(obj)
        if request.headers.get("If-None-Match") in (etag, etag[2:]):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        return Response(self.detail_data(obj), headers={"ETag": etag})

    def named_version(self, obj, body_version=None) -> int:
        return version_named(self.request, obj, body_version)

    def delete_version(self, obj) -> int:
        return version_named(self.request, obj, query_version(self.request))


def is_api_request(request) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request, exception=None):
    """404: the API's JSON error shape under /api/, the portal's page elsewhere."""
    if is_api_request(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """500: JSON under /api/ (a client parses it), the portal's page elsewhere."""
    if is_api_request(request):
        return JsonResponse({"detail": _("Server error: the request was logged; please try again later.")}, status=500)
    return defaults.server_error(request)
