"""Forms of the evaluation pages: a period with its weights, weights alone, an answer, a document, a risk.
Each editing form carries the version it was loaded at; the services decide again."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from core.periods import quarter_label
from dimensions.models import Measurement
from initiatives.models import Evidence, Initiative, ProgressReport
from opd.models import Opd

from .choices import DocumentKind, RiskStatus, Scale
from .models import Component, Document
from .weights import validate_weights


class WeightsMixin:
    """One decimal field per component (``weight_<code>``), checked together: they must add up to 100."""

    def add_weight_fields(self, initial: dict | None):
        self.components = list(Component.objects.all())
        for c in self.components:
            value = (initial or {}).get(c.code, c.weight)
            self.fields[f"weight_{c.code}"] = forms.DecimalField(
                label=_("Weight of %(name)s (%%)") % {"name": c.name},
                min_value=0,
                max_value=100,
                decimal_places=2,
                initial=Decimal(str(value)),
            )

    def clean_weights(self, cleaned):
        weights = {c.code: cleaned.get(f"weight_{c.code}") for c in self.components}
        if any(v is None for v in weights.values()):
            return None
        try:
            return validate_weights(weights, [c.code for c in self.components])
        except ValidationError as exc:
            self.add_error(None, exc.message_dict["weights"])
            return None


class PeriodForm(WeightsMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_weight_fields(None)

    def clean(self):
        cleaned = super().clean()
        cleaned["weights"] = self.clean_weights(cleaned)
        return cleaned


class WeightsForm(WeightsMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, period=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_weight_fields(period.weights if period else None)
        if period is not None:
            self.initial.setdefault("version", period.version)

    def clean(self):
        cleaned = super().clean()
        cleaned["weights"] = self.clean_weights(cleaned)
        return cleaned


class AnswerForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    level = forms.TypedChoiceField(
        label=_("Maturity level"), coerce=int, empty_value=None, required=False, widget=forms.RadioSelect
    )
    justification = forms.CharField(label=_("Justification"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    override_reason = forms.CharField(
        label=_("Reason for overriding the rule"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the level differs from the one the rule gives."),
    )
    assigned_opd = forms.ModelChoiceField(
        label=_("Assigned agency"), queryset=Opd.objects.order_by("abbreviation"), required=False
    )
    initiatives = forms.ModelMultipleChoiceField(
        label=_("Initiatives"), required=False, queryset=Initiative.objects.order_by("code")
    )
    reports = forms.ModelMultipleChoiceField(
        label=_("Progress reports"), required=False, queryset=ProgressReport.objects.none()
    )
    evidence_files = forms.ModelMultipleChoiceField(
        label=_("Evidence files"), required=False, queryset=Evidence.objects.none()
    )
    measurements = forms.ModelMultipleChoiceField(
        label=_("KPI measurements"), required=False, queryset=Measurement.objects.none()
    )
    documents = forms.ModelMultipleChoiceField(
        label=_("Documents"), required=False, queryset=Document.objects.order_by("-year", "title")
    )

    def __init__(self, *args, answer, levels, is_admin: bool, **kwargs):
        super().__init__(*args, **kwargs)
        year = answer.period.year
        self.fields["level"].choices = [("", _("Not answered"))] + [
            (n, f"{n} · {text}") for n, text in enumerate(levels, start=1)
        ]
        self.fields["reports"].queryset = (
            ProgressReport.objects.filter(year=year)
            .select_related("initiative")
            .order_by("initiative__code", "quarter")
        )
        self.fields["reports"].label_from_instance = lambda r: (
            f"{r.initiative.code} · {quarter_label(r.year, r.quarter)}"
        )
        self.fields["evidence_files"].queryset = Evidence.objects.select_related("initiative").order_by("-pk")
        self.fields["evidence_files"].label_from_instance = lambda e: f"{e.initiative.code} · {e.original_name}"
        self.fields["measurements"].queryset = (
            Measurement.objects.filter(year=year).select_related("indicator").order_by("indicator__code", "quarter")
        )
        self.fields["measurements"].label_from_instance = _measurement_label
        self.fields["initiatives"].label_from_instance = lambda i: f"{i.code} · {i.title}"
        if not is_admin:
            del self.fields["assigned_opd"]
            del self.fields["override_reason"]
        self.initial.setdefault("version", answer.version)
        if not self.is_bound:
            self.initial.update(
                {
                    "level": answer.level,
                    "justification": answer.justification,
                    "override_reason": answer.override_reason,
                    "assigned_opd": answer.assigned_opd_id,
                    "initiatives": list(answer.initiatives.values_list("pk", flat=True)),
                    "reports": list(answer.reports.values_list("pk", flat=True)),
                    "evidence_files": list(answer.evidence_files.values_list("pk", flat=True)),
                    "measurements": list(answer.measurements.values_list("pk", flat=True)),
                    "documents": list(answer.documents.values_list("pk", flat=True)),
                }
            )


def _measurement_label(m) -> str:
    """``LIV-01 · Triwulan III 2025: 69,72`` (the reader's quarter label and decimal comma)."""
    return f"{m.indicator.code} · {quarter_label(m.year, m.quarter)}: {number_format(m.value.normalize())}"


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    reference = forms.CharField(label=_("Number/reference"), max_length=120, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    file = forms.FileField(label=_("File"))


class RiskForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    initiative = forms.ModelChoiceField(label=_("Initiative"), queryset=Initiative.objects.none())
    title = forms.CharField(label=_("Risk"), max_length=255)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    likelihood = forms.TypedChoiceField(label=_("Likelihood"), coerce=int, choices=Scale.choices)
    impact = forms.TypedChoiceField(label=_("Impact"), coerce=int, choices=Scale.choices)
    mitigation = forms.CharField(label=_("Mitigation"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    owner_opd = forms.ModelChoiceField(
        label=_("Owner agency"),
        queryset=Opd.objects.order_by("abbreviation"),
        required=False,
        help_text=_("Empty: the initiative's lead agency."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=RiskStatus.choices)

    def __init__(self, *args, initiatives, risk=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives
        self.fields["initiative"].label_from_instance = lambda i: f"{i.code} · {i.title}"
        self.fields["version"].required = risk is not None
        if risk is not None and not self.is_bound:
            self.initial.update(
                {
                    "version": risk.version,
                    "initiative": risk.initiative_id,
                    "title": risk.title,
                    "description": risk.description,
                    "likelihood": risk.likelihood,
                    "impact": risk.impact,
                    "mitigation": risk.mitigation,
                    "owner_opd": risk.owner_opd_id,
                    "status": risk.status,
                }
            )


class FrameworkImportForm(forms.Form):
    file = forms.FileField(label=_("Framework workbook (.xlsx)"))
