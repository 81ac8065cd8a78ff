"""Lock-out after failed sign-ins (django-axes), with one threshold per username and another per client address.

django-axes compares one number with one limit; with ``AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]`` it
counts failures per username (over every address) and per address (over every username). This handler reports the
username's count, and the full limit as soon as the address alone reaches ``AXES_IP_FAILURE_LIMIT`` — so a guesser
trying one password on many accounts from one address is stopped too, while colleagues behind one office address are
not locked out by one person's typos.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_lockout_parameters
from django.conf import settings
from django.db.models import Sum


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind the TLS proxy the X-Forwarded-For entry the proxy appended (the
    last one; entries before it are whatever the client sent, so never trusted)."""
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")


class PortalLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        user_limit = settings.AXES_FAILURE_LIMIT
        ip_limit = getattr(settings, "AXES_IP_FAILURE_LIMIT", user_limit)
        failures = 0
        for parameter, attempts in zip(
            get_lockout_parameters(request, credentials), self.get_user_attempts(request, credentials), strict=False
        ):
            count = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if parameter == "ip_address":
                failures = max(failures, user_limit if count >= ip_limit else 0)
            else:
                failures = max(failures, count)
        return failures
