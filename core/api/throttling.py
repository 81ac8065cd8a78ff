"""Rate limits: anonymous callers (the schema, failed logins) stricter than signed-in users and tokens.

Rates are read from settings at each request (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], set from the environment),
so they can be changed without touching the classes. A throttled call gets 429 with ``Retry-After``.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _LiveRate:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonThrottle(_LiveRate, AnonRateThrottle):
    scope = "anon"


class UserThrottle(_LiveRate, UserRateThrottle):
    """Per user for sessions, per token for API keys (two tools of one user do not starve each other)."""

    scope = "user"

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None
        token = getattr(request, "auth", None)
        ident = f"token-{token.pk}" if getattr(token, "pk", None) else f"user-{request.user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
