"""Password reset with limits: per client address and per e-mail address, counted in the shared cache (Redis in
production, so every worker sees the same counts). The answer is the same whether a message was sent, refused by
a limit, or the address has no account: nothing tells an attacker which."""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.http import HttpResponseRedirect

from .lockout import client_ip

log = logging.getLogger(__name__)


def _hit(key: str, window: int) -> int:
    """Count one more request under ``key`` (the window starts with the first); the new count."""
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return 1


def reset_allowed(request, email: str) -> bool:
    window = settings.PASSWORD_RESET_LIMIT_WINDOW
    address = client_ip(request) or "unknown"
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    by_address = _hit(f"password-reset:ip:{address}", window)
    by_email = _hit(f"password-reset:email:{digest}", window)
    return by_address <= settings.PASSWORD_RESET_LIMIT_PER_IP and by_email <= settings.PASSWORD_RESET_LIMIT_PER_EMAIL


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form):
        if reset_allowed(self.request, form.cleaned_data["email"]):
            return super().form_valid(form)
        log.warning("Password reset throttled for %s", client_ip(self.request))
        return HttpResponseRedirect(self.get_success_url())
