"""Request hygiene in front of every view: a NUL byte in the path or the query string is refused (400) before it can
reach the database (PostgreSQL refuses NUL in text and would answer with a server error)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _


def _has_nul(request) -> bool:
    if "\x00" in request.path:
        return True
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists())


class RejectNulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            message = _("The address contains a NUL character.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set: Permissions-Policy (``PERMISSIONS_POLICY``); and, under
    ``CSP_STYLE_ATTR_PREFIXES`` (the Django admin, whose templates we do not own), inline style attributes in the
    Content-Security-Policy. Placed after django-csp's middleware, so the policy is built with it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(tuple(getattr(settings, "CSP_STYLE_ATTR_PREFIXES", ()))):
            response._csp_replace = {"style-src-attr": ["'unsafe-inline'"]}
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response
