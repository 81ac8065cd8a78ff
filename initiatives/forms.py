"""Forms of the report workflow: they parse what people type; the services decide what may be saved.

Every editing form carries the ``version`` it was loaded at, so a save on top of someone else's change is refused
(ConflictError) instead of silently overwriting it.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.money import group_thousands, parse_rupiah
from core.periods import current_quarter, quarter_label
from dimensions.models import Indicator, SubDimension
from opd.models import Opd

from . import permissions
from .choices import InitiativeStatus
from .evidence import validate_evidence_file
from .models import Initiative

MAX_FILES_PER_UPLOAD = 10


class RupiahField(forms.Field):
    """An amount of whole Rupiah typed as ``1.250.000``, ``1250000`` or ``Rp 1.250.000``."""

    default_error_messages = {
        "invalid": _("Enter an amount in Rupiah, e.g. 1.250.000."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "placeholder": "1.250.000"})
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return group_thousands(value)
        return value

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
        if value in self.empty_values:
            return None
        if isinstance(value, str) and len(value) > 40:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return parse_rupiah(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several evidence files in one input, each checked by content and size before anything is saved."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.xlsx,.docx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        files = [f for f in files if f]
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > MAX_FILES_PER_UPLOAD:
            raise ValidationError(_("Upload at most %(n)s files at once.") % {"n": MAX_FILES_PER_UPLOAD})
        errors = []
        for uploaded in files:
            try:
                validate_evidence_file(uploaded)
            except ValidationError as exc:
                for message in _messages_of(exc):
                    errors.append(
                        ValidationError("%(name)s: %(message)s", params={"name": uploaded.name, "message": message})
                    )
        if errors:
            raise ValidationError(errors)
        return files


def _messages_of(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [str(m) for messages in exc.message_dict.values() for m in messages]
    return [str(m) for m in exc.messages]


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class SubDimensionSelect(forms.Select):
    """Each sub-dimension option names its dimension (``data-parent``), so static/js/portal.js can offer only the
    chosen dimension's sub-dimensions; without JavaScript all are offered and the service refuses a mismatch."""

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.parents = parents or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        parent = self.parents.get(getattr(value, "value", value))
        if parent is not None:
            option["attrs"]["data-parent"] = str(parent)
        return option


class InitiativeForm(forms.ModelForm):
    """The initiative's fields the user may change: OPD staff of the lead agency get the staff fields, admins all."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    supporting_opds = forms.ModelMultipleChoiceField(
        queryset=Opd.objects.order_by("abbreviation"),
        required=False,
        label=_("Supporting agencies"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    indicators = forms.ModelMultipleChoiceField(
        queryset=Indicator.objects.order_by("code"),
        required=False,
        label=_("Indicators"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    reason = forms.CharField(
        label=_("Reason for correcting progress or status"),
        required=False,
        max_length=100,
        help_text=_(
            "Progress and status change through approved reports. Required when you correct them here; "
            "the history shows it."
        ),
    )

    class Meta:
        model = Initiative
        fields = list(permissions.ADMIN_EDITABLE_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = set(permissions.editable_fields(user, self.instance))
        self.is_admin_form = permissions.can_manage_initiatives(user)
        for name in list(self.fields):
            if name == "version":
                continue
            if name in ("supporting_opds", "indicators", "reason"):
                if not self.is_admin_form:
                    del self.fields[name]
                continue
            if name not in allowed:
                del self.fields[name]
        if "sub_dimension" in self.fields:
            queryset = SubDimension.objects.select_related("dimension").order_by("dimension__order", "code")
            field = self.fields["sub_dimension"]
            field.queryset = queryset
            field.widget = SubDimensionSelect(
                choices=field.choices,
                parents=dict(queryset.values_list("pk", "dimension_id")),
                attrs={"data-filter-by": "id_dimension"} if "dimension" in self.fields else {},
            )
        if "progress" in self.fields:
            self.fields["progress"].widget.attrs.update({"min": 0, "max": 100})
        if not self.is_bound:
            self.initial.setdefault("version", self.instance.version)
            if self.is_admin_form and self.instance.pk:
                self.initial.setdefault("supporting_opds", list(self.instance.supporting_opds.all()))
                self.initial.setdefault("indicators", list(self.instance.indicators.all()))

    def clean_progress(self):
        progress = self.cleaned_data["progress"]
        if progress is not None and not 0 <= progress <= 100:
            raise ValidationError(_("Progress must be between 0 and 100."))
        return progress

    def _post_clean(self):
        # The service validates the model (with the row locked); validating the shared instance here would change it
        # in place before we know the save is allowed.
        pass

    def service_data(self) -> dict:
        skip = {"version", "supporting_opds", "indicators", "reason"}
        return {name: value for name, value in self.cleaned_data.items() if name not in skip}


def period_choices(initiative: Initiative, taken=(), keep=None, today=None) -> list[tuple[str, str]]:
    """The quarters one may report on, newest first: the initiative's years up to the current quarter, without those
    that already have a report (``taken``) except ``keep`` (the report being edited)."""
    now = current_quarter(today)
    choices = []
    for year in range(min(initiative.end_year, now[0]), initiative.start_year - 1, -1):
        for quarter in (4, 3, 2, 1):
            period = (year, quarter)
            if period > now or (period in taken and period != keep):
                continue
            choices.append((f"{year}-{quarter}", quarter_label(year, quarter)))
    return choices


class ReportForm(forms.Form):
    """A quarterly progress report, saved as a draft or submitted, with evidence files on the same form."""

    period = forms.ChoiceField(
        label=_("Reporting quarter"),
        error_messages={
            "invalid_choice": _("That quarter already has a report or is not open for reporting; choose another."),
        },
    )
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "inputmode": "numeric"}),
    )
    status = forms.ChoiceField(label=_("Initiative status"), choices=InitiativeStatus.choices)
    narrative = forms.CharField(
        label=_("Narrative"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What was done this quarter."),
    )
    obstacles = forms.CharField(
        label=_("Obstacles"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_steps = forms.CharField(
        label=_("Next steps"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 3})
    )
    budget_realized = RupiahField(
        label=_("Budget realised this year (Rp)"),
        required=False,
        help_text=_("Total realised in the report's year, e.g. 1.250.000."),
    )
    evidence = MultipleFileField(label=_("Evidence files"), required=False, help_text=_("PDF, JPG, PNG, XLSX or DOCX."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, initiative: Initiative, report=None, taken=(), **kwargs):
        super().__init__(*args, **kwargs)
        keep = (report.year, report.quarter) if report is not None else None
        # Editing a stored report must say which version it was loaded at; a new report has none yet.
        self.fields["version"].required = report is not None
        self.fields["period"].choices = period_choices(initiative, taken=taken, keep=keep)
        self.fields["evidence"].help_text = _("PDF, JPG, PNG, XLSX or DOCX; at most %(mb)s MB each.") % {
            "mb": _max_mb()
        }

    def clean_period(self):
        year, quarter = self.cleaned_data["period"].split("-")
        return int(year), int(quarter)

    def clean_budget_realized(self):
        value = self.cleaned_data.get("budget_realized")
        return 0 if value is None else value

    def service_data(self) -> dict:
        names = ("progress", "status", "narrative", "obstacles", "next_steps", "budget_realized")
        return {name: self.cleaned_data[name] for name in names}


def _max_mb():
    from django.conf import settings

    mb = settings.EVIDENCE_MAX_BYTES / 1024 / 1024
    return f"{mb:g}".replace(".", ",")


class ReviewForm(VersionedForm):
    APPROVE, RETURN = "approve", "return"
    action = forms.ChoiceField(choices=[(APPROVE, _("Approve")), (RETURN, _("Return"))], widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == self.RETURN and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("Say what needs fixing: a note is required when returning a report."))
        return cleaned


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class EvidenceForm(forms.Form):
    files = MultipleFileField(label=_("Evidence files"), required=True)
    description = forms.CharField(label=_("Description"), required=False, max_length=255)
    report = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _("PDF, JPG, PNG, XLSX or DOCX; at most %(mb)s MB each.") % {"mb": _max_mb()}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


class MilestoneVersionForm(forms.Form):
    """The version of the milestone the page was loaded at (absent: no check, e.g. a new milestone)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class MilestoneForm(MilestoneVersionForm):
    """A milestone's title and due date (and, when editing, its completion date)."""

    title = forms.CharField(label=_("Title"), max_length=255)
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())
    completed_date = forms.DateField(
        label=_("Completed on"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty while the milestone is open."),
    )


class MilestoneActionForm(forms.Form):
    """A one-click action on an existing milestone: it must carry the version the page was loaded at."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={"required": _("Reload the page and try again: the form is outdated.")},
    )


class MilestoneCompleteForm(MilestoneActionForm):
    completed_date = forms.DateField(
        label=_("Completed on"), required=False, widget=DateInput(), help_text=_("Today when left empty.")
    )
