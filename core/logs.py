"""Request ids and JSON log lines (``LOG_FORMAT=json``): one JSON object per line, with the id of the request
being served, so the lines of one request can be found across several web containers."""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import uuid

_request_id = contextvars.ContextVar("request_id", default="")
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
HEADER = "X-Request-ID"


def current_request_id() -> str:
    return _request_id.get()


class RequestIdMiddleware:
    """Takes the reverse proxy's ``X-Request-ID`` (when it is a plain token) or makes one, keeps it for the log lines
    of this request and returns it in the response's ``X-Request-ID`` header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(HEADER, "")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (empty outside a request: Celery, commands)."""

    def filter(self, record):
        if not getattr(record, "request_id", None):
            # django.request logs the response after the middleware returned: its record carries the request
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", "") or current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """{"time", "level", "logger", "message", "request_id"[, "status_code", "exception"]} on one line."""

    def format(self, record):
        line = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or current_request_id(),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            line["status_code"] = status
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)
