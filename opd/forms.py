"""Forms of the opd app: issuing an API token."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .choices import TokenScope


class ApiTokenForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("User"),
        queryset=get_user_model().objects.none(),
        help_text=_("The token acts with this user's permissions, capped by its scope."),
    )
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("What the key is for, e.g. the BI dashboard."))
    scope = forms.ChoiceField(label=_("Scope"), choices=TokenScope.choices, initial=TokenScope.READ)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model().objects.filter(is_active=True).filter(membership__isnull=False).order_by("username")
        )
