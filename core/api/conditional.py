"""Optimistic locking over HTTP: ``ETag`` on reads, ``If-Match`` on writes (W/"<id>-<version>")."""
import re

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


def required_version(request, obj, body_version=None) -> int:
    """Like ``expected_version`` but for a change or deletion of an existing object: when neither ``If-Match``
    (naming a version; ``*`` names none) nor a ``version`` in the body says which version the client loaded, the
    write is refused with 428 Precondition Required instead of silently replacing someone else's change."""
    version = expected_version(request, obj, body_version)
    if version is None:
        raise PreconditionRequired(etag_for(obj))
    return version
