"""Forms of the roadmap app."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("Masterplan file (.xlsx, .csv or .zip of CSV files)"))
