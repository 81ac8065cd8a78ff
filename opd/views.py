"""Portal pages of the opd app: administrators issue and revoke API tokens (the key is shown once)."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from opd.decorators import admin_required

from .forms import ApiTokenForm
from .models import ApiToken
from .selectors import api_tokens
from .services import issue_token, revoke_token


@never_cache
@admin_required
def token_list(request):
    form = ApiTokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = issue_token(request.user, user=form.cleaned_data["user"], name=form.cleaned_data["name"],
                                 scope=form.cleaned_data["scope"])
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
