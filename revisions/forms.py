from django import forms
from django.utils.translation import gettext_lazy as _


class FreezeForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the baseline"),
        max_length=120,
        help_text=_("e.g. “Masterplan 2025 (murni)” or “Perubahan 2026”"),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
