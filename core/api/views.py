"""Helpers shared by the apps' viewsets, and the error pages that answer the API in its JSON shape."""
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework.response import Response


class PagedResponseMixin:
    """``paged_response`` for custom list actions: paginated JSON, or every row for ``?format=csv``."""

    def paged_response(self, queryset, serializer_class):
        context = self.get_serializer_context()
        page = self.paginate_queryset(queryset)
        if page is None:
            return Response(serializer_class(queryset, many=True, context=context).data)
        return self.get_paginated_response(serializer_class(page, many=True, context=context).data)


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
        return JsonResponse({"detail": _("Server error: the request was logged; please try again later.")},
                            status=500)
    return defaults.server_error(request)
