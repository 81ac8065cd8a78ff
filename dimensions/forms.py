"""Forms of a dimension's findings; an edit carries the version it was loaded at."""

from django import forms

from .models import ConditionFinding


class FindingForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ConditionFinding
        fields = ("kind", "text", "source")
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
