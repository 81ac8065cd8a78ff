"""Optimistic locking over HTTP: ``ETag`` on reads, ``If-Match`` on writes (W/"<id>-<version>")."""

import re

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from .exceptions import PreconditionFailed, PreconditionRequired

_ETAG_RE = re.compile(r'^\s*(?:W/)?"(?P<id>\d+)-(?P<version>\d+)"\s*$')


def etag_for(obj) -> str:
    return f'W/"{obj.pk}-{obj.version}"'


def expected_version(request, obj, body_version=None):
    """The version the client says it loaded: from ``If-Match`` when sent (a mismatch with this object raises
    PreconditionFailed → 412), else the ``version`` from the body (checked by the service → 409), else None."""
    header = request.headers.get("If-Match")
    if header is None:
        return body_version
    header = header.strip()
    if header == "*":
        return body_version
    for candidate in header.split(","):
        match = _ETAG_RE.match(candidate)
        if match and int(match["id"]) == obj.pk:
            return int(match["version"])
    raise PreconditionFailed(obj.version, etag_for(obj))


def version_sent(request, obj, body_version=None) -> int | None:
    """The version the client names: ``If-Match`` or the body's ``version`` (both sent and different → 400); None
    when it names none."""
    header_version = expected_version(request, obj)
    if body_version is not None and header_version is not None and body_version != header_version:
        raise ValidationError({"version": [_("The version in the body does not match If-Match.")]})
    return body_version if header_version is None else header_version


def version_named(request, obj, body_version=None) -> int:
    """The version a change or deletion of ``obj`` is based on (``version_sent``); naming none → 428."""
    version = version_sent(request, obj, body_version)
    if version is None:
        raise PreconditionRequired(etag_for(obj))
    return version


def query_version(request) -> int | None:
    """A DELETE may name its version as ``?version=<n>`` (bodies on DELETE are not portable) instead of If-Match."""
    raw = request.query_params.get("version")
    if raw is None:
        return None
    if not raw.isdigit() or len(raw) > 9:
        raise ValidationError({"version": [_("The version must be a whole number.")]})
    return int(raw)
