"""Translate the services' exceptions into API responses with stable shapes and status codes.

- django ValidationError → 400 with field errors (``{"field": ["message"]}``, ``non_field_errors`` for the rest);
- TransitionError (a workflow step not allowed from the current state) → 409 ``{"detail": message}``;
- a change of an existing object naming no version (no If-Match, no ``version``) → 428 Precondition Required;
- ConflictError (stale version) → 412 when the client sent ``If-Match``, 409 when it sent ``version`` in the body,
  both with the current ``version`` and what changed;
- django PermissionDenied → 403 with the service's reason as ``detail``; Http404 → 404 (DRF's own handling).
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from core.exceptions import ConflictError, TransitionError

# Model field names that the API calls differently.
FIELD_ALIASES = {"lead_opd": "opd"}


class PreconditionRequired(Exception):
    """A change of an existing object that names no version (neither If-Match nor ``version``): 428."""

    def __init__(self, etag):
        self.etag = etag


class PreconditionFailed(Exception):
    """An If-Match header that does not name the object's current version."""

    def __init__(self, current_version, etag):
        self.current_version = current_version
        self.etag = etag


def validation_error_data(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        data = {}
        for field, errors in exc.message_dict.items():
            key = api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else FIELD_ALIASES.get(field, field)
            data.setdefault(key, []).extend(force_str(e) for e in errors)
        return data
    return {api_settings.NON_FIELD_ERRORS_KEY: [force_str(m) for m in exc.messages]}


def _conflict_body(exc: ConflictError) -> dict:
    current = exc.current
    return {
        "detail": force_str(exc.message or _("The object changed since you loaded it.")),
        "version": getattr(current, "version", None),
        "changes": [
            {"field": force_str(label), "yours": force_str(old), "current": force_str(new)}
            for label, old, new in exc.changes
        ],
        "changed_by": getattr(exc.changed_by, "username", None),
    }


def api_exception_handler(exc, context):
    """Map the exception to a response; errors are always JSON, also for a ``?format=csv`` request."""
    request = context.get("request")
    if request is not None and getattr(getattr(request, "accepted_renderer", None), "format", None) != "json":
        request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
    if isinstance(exc, PreconditionRequired):
        return Response(
            {
                "detail": _(
                    "Say which version you are changing: send the ETag you loaded as If-Match, or the "
                    '"version" you loaded in the body.'
                )
            },
            status=status.HTTP_428_PRECONDITION_REQUIRED,
            headers={"ETag": exc.etag},
        )
    if isinstance(exc, PreconditionFailed):
        return Response(
            {
                "detail": _("The object changed since you loaded it: If-Match does not name its current version."),
                "version": exc.current_version,
            },
            status=status.HTTP_412_PRECONDITION_FAILED,
            headers={"ETag": exc.etag},
        )
    if isinstance(exc, ConflictError):
        has_if_match = request is not None and "If-Match" in request.headers
        code = status.HTTP_412_PRECONDITION_FAILED if has_if_match else status.HTTP_409_CONFLICT
        return Response(_conflict_body(exc), status=code)
    if isinstance(exc, TransitionError):
        return Response({"detail": " ".join(force_str(m) for m in exc.messages)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        return Response(validation_error_data(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoPermissionDenied) and exc.args:  # a service's refusal says why (e.g. four eyes)
        return Response({"detail": force_str(exc.args[0])}, status=status.HTTP_403_FORBIDDEN)
    return drf_exception_handler(exc, context)
