"""Forms of the masterplan's narrative; each carries the version it was loaded at."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Masterplan, MasterplanYear


class NarrativeForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Masterplan
        fields = ("title", "vision", "mission", "description")
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in ("vision", "mission", "description")}


class YearForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = MasterplanYear
        fields = ("theme", "focus")
        widgets = {"focus": forms.Textarea(attrs={"rows": 2})}
        labels = {"theme": _("Theme")}
