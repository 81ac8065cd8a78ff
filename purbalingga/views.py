"""The portal's error pages: 400, 403, 404, CSRF failure and 500 in the portal's layout and the reader's language,
each with a way back (under /api/ the 404 and 500 answer in the API's JSON shape). The 500 page is rendered without a
request context (no database, no context processors), so it still shows when those are what failed."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic.base import RedirectView

from core.api import views as api_views
from core.api.views import is_api_request


@requires_csrf_token
def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


@requires_csrf_token
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    if is_api_request(request):  # an API client parses the API's JSON error shape
        return api_views.page_not_found(request, exception)
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    if is_api_request(request):
        return api_views.server_error(request)
    return HttpResponseServerError(loader.get_template("500.html").render())


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: an expired or cookie-less form, explained in the reader's language."""
    return render(request, "403_csrf.html", status=403)


def favicon(request):
    return RedirectView.as_view(url=static("favicon.svg"), permanent=True)(request)
