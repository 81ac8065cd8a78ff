"""Logging helpers: a refused or malformed request is an event worth one line, not a stack trace."""

import logging


class OneLineClientErrors(logging.Filter):
    """Drop the traceback of records about 4xx responses (PermissionDenied, Http404, SuspiciousOperation): Django
    attaches the exception to them, which turns every 403 into a screenful."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
