"""The page language: the signed-in user's saved choice, else the language cookie, else the installation's default
(``settings.LANGUAGE_CODE``, Indonesian). The browser's Accept-Language is deliberately ignored: the portal is
Indonesian-first and a browser set to English must not turn it English (issue 15)."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

from .selectors import membership_of

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def preferred_language(request) -> str:
    user = getattr(request, "user", None)
    membership = membership_of(user) if user is not None and user.is_authenticated else None
    saved = getattr(membership, "language", "") if membership else ""
    if saved in SUPPORTED:
        return saved
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if cookie in SUPPORTED:
        return cookie
    return settings.LANGUAGE_CODE if settings.LANGUAGE_CODE in SUPPORTED else "id"


class PreferredLanguageMiddleware:
    """Replaces Django's LocaleMiddleware; must come after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = preferred_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response
