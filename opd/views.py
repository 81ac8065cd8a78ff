"""Portal pages of the opd app: administrators issue and revoke API tokens (the key is shown once)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from opd.decorators import admin_required

from .forms import ApiTokenForm
from .models import ApiToken
from .selectors import api_tokens
from .services import issue_token, revoke_token, save_language_choice


@never_cache
@admin_required
def token_list(request):
    form = ApiTokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = issue_token(
                request.user,
                user=form.cleaned_data["user"],
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form = ApiTokenForm()
    return render(request, "opd/token_list.html", {"form": form, "tokens": api_tokens(), "issued": issued})


@require_POST
@admin_required
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk)
    revoke_token(request.user, token)
    messages.success(request, _("The token “%(name)s” was revoked; it no longer works.") % {"name": token.name})
    return redirect("opd:tokens")


@require_POST
def set_language(request):
    """Django's language switch (cookie, redirect to ``next``), and for a signed-in user the choice is kept on the
    account so it follows them to other browsers, e-mails and notifications."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in {code for code, _name in settings.LANGUAGES}:
        save_language_choice(request.user, language=language)
    return response
