"""Output shapes and input validation of the initiatives API (input separate where it differs from output)."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.serializers import StrictInputSerializer
from dimensions.models import Dimension, SubDimension
from initiatives.choices import Health, Horizon, InitiativeStatus
from initiatives.models import BudgetLine, Initiative, Milestone, ProgressReport
from initiatives.selectors import health_reasons, initiative_base_queryset
from opd.models import Opd


def _today(context) -> dt.date:
    if "today" not in context:
        context["today"] = timezone.localdate()
    return context["today"]


# --- output -------------------------------------------------------------------------------------------------------


class InitiativeSerializer(serializers.ModelSerializer):
    dimension = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text="Dimension code.")
    sub_dimension = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text="Sub-dimension code (unique within the dimension).",
    )
    opd = serializers.SlugRelatedField(
        source="lead_opd", slug_field="code", read_only=True, help_text="Code of the lead agency."
    )
    supporting_opds = serializers.SlugRelatedField(
        many=True, slug_field="code", read_only=True, help_text="Codes of the supporting agencies."
    )
    health = serializers.ChoiceField(
        choices=Health.choices, read_only=True, help_text="on_track, at_risk or late (see the dashboard's rules)."
    )
    budget_planned = serializers.IntegerField(read_only=True, help_text="Total planned budget, whole Rupiah.")
    budget_realized = serializers.IntegerField(read_only=True, help_text="Total realised budget, whole Rupiah.")

    class Meta:
        model = Initiative
        fields = [
            "id",
            "code",
            "title",
            "description",
            "dimension",
            "sub_dimension",
            "opd",
            "supporting_opds",
            "horizon",
            "status",
            "progress",
            "health",
            "start_year",
            "end_year",
            "budget_planned",
            "budget_realized",
            "program_code",
            "location",
            "updated_at",
            "version",
        ]
        read_only_fields = fields


class BudgetLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = BudgetLine
        fields = ["year", "funding_source", "planned", "realized", "note"]


class MilestoneSerializer(serializers.ModelSerializer):
    initiative_code = serializers.CharField(source="initiative.code", read_only=True)
    opd = serializers.CharField(
        source="initiative.lead_opd.code", read_only=True, help_text="Code of the initiative's lead agency."
    )
    overdue = serializers.SerializerMethodField(help_text="Due date passed without a completion date.")

    class Meta:
        model = Milestone
        fields = [
            "id",
            "initiative",
            "initiative_code",
            "opd",
            "title",
            "due_date",
            "completed_date",
            "overdue",
            "version",
            "updated_at",
        ]

    @extend_schema_field(serializers.BooleanField())
    def get_overdue(self, obj) -> bool:
        return obj.completed_date is None and obj.due_date < _today(self.context)


class InitiativeMilestoneSerializer(MilestoneSerializer):
    class Meta(MilestoneSerializer.Meta):
        fields = ["id", "title", "due_date", "completed_date", "overdue"]


class InitiativeDetailSerializer(InitiativeSerializer):
    budget_lines = BudgetLineSerializer(many=True, read_only=True, help_text="Budget per year and funding source.")
    milestones = InitiativeMilestoneSerializer(many=True, read_only=True)
    indicators = serializers.SlugRelatedField(
        many=True, slug_field="code", read_only=True, help_text="Codes of the indicators the initiative contributes to."
    )
    expected_progress = serializers.SerializerMethodField(
        help_text="Progress (%) expected today on the initiative's timeline."
    )
    health_reasons = serializers.SerializerMethodField(help_text="Why the initiative has its health.")

    class Meta(InitiativeSerializer.Meta):
        fields = InitiativeSerializer.Meta.fields + [
            "budget_lines",
            "milestones",
            "indicators",
            "expected_progress",
            "health_reasons",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.FloatField())
    def get_expected_progress(self, obj) -> float:
        return round(obj.expected_progress, 1)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_health_reasons(self, obj):
        return [str(r) for r in health_reasons(obj)]


class ReportSerializer(serializers.ModelSerializer):
    initiative_code = serializers.CharField(source="initiative.code", read_only=True)
    opd = serializers.CharField(
        source="initiative.lead_opd.code", read_only=True, help_text="Code of the initiative's lead agency."
    )
    dimension = serializers.CharField(source="initiative.dimension.code", read_only=True)
    submitted_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    reviewed_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "initiative",
            "initiative_code",
            "opd",
            "dimension",
            "year",
            "quarter",
            "progress",
            "status",
            "narrative",
            "obstacles",
            "next_steps",
            "budget_realized",
            "state",
            "submitted_by",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "review_note",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = fields


# --- input --------------------------------------------------------------------------------------------------------


class InitiativeInputSerializer(StrictInputSerializer):
    """POST /initiatives/ (administrators)."""

    code = serializers.CharField(max_length=40)
    title = serializers.CharField(max_length=255)
    description = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    dimension = serializers.SlugRelatedField(slug_field="code", queryset=Dimension.objects.all())
    sub_dimension = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        max_length=40,
        help_text="Sub-dimension code within the dimension; null to clear.",
    )
    opd = serializers.SlugRelatedField(
        slug_field="code", queryset=Opd.objects.all(), help_text="Code of the lead agency."
    )
    supporting_opds = serializers.SlugRelatedField(
        many=True, slug_field="code", queryset=Opd.objects.all(), required=False
    )
    horizon = serializers.ChoiceField(choices=Horizon.choices, required=False)
    status = serializers.ChoiceField(choices=InitiativeStatus.choices, required=False)
    progress = serializers.IntegerField(min_value=0, max_value=100, required=False)
    start_year = serializers.IntegerField(min_value=1990, max_value=2100)
    end_year = serializers.IntegerField(min_value=1990, max_value=2100)
    program_code = serializers.CharField(required=False, allow_blank=True, max_length=60)
    location = serializers.CharField(required=False, allow_blank=True, max_length=255)

    def validate(self, attrs):
        if "sub_dimension" in attrs:
            code = attrs["sub_dimension"]
            if not code:
                attrs["sub_dimension"] = None
            else:
                initiative = self.context.get("initiative")
                dimension = attrs.get("dimension") or (initiative.dimension if initiative else None)
                sub = SubDimension.objects.filter(dimension=dimension, code=code).first()
                if sub is None:
                    raise serializers.ValidationError(
                        {"sub_dimension": [_("The dimension has no sub-dimension with this code.")]}
                    )
                attrs["sub_dimension"] = sub
        return attrs

    def to_service_data(self) -> tuple[dict, list | None, int | None]:
        """(model field values, supporting agencies or None, the version the client loaded or None)."""
        data = dict(self.validated_data)
        version = data.pop("version", None)
        supporting = data.pop("supporting_opds", None)
        if "opd" in data:
            data["lead_opd"] = data.pop("opd")
        return data, supporting, version


class InitiativeUpdateSerializer(InitiativeInputSerializer):
    """PATCH /initiatives/{id}/: admins change any field; staff of the lead agency only title, description,
    sub_dimension, program_code and location (another field → 400 naming it). Progress and status move through
    approved reports: an administrator correcting them directly must give a ``reason`` (kept in the history)."""

    version = serializers.IntegerField(
        min_value=1, required=False, help_text="The version you loaded; a stale one is refused (409)."
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text="Why progress or status are corrected outside the report workflow "
        "(administrators; required when they change).",
    )

    def to_service_data(self) -> tuple[dict, list | None, int | None]:
        data, supporting, version = super().to_service_data()
        self.reason = data.pop("reason", "")
        return data, supporting, version


class ReportInputSerializer(StrictInputSerializer):
    """POST /initiatives/{id}/reports/: create or update the report for a quarter, and submit it with submit=true."""

    year = serializers.IntegerField(min_value=1990, max_value=2100)
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    progress = serializers.IntegerField(min_value=0, max_value=100, required=False)
    status = serializers.ChoiceField(choices=InitiativeStatus.choices, required=False)
    narrative = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    obstacles = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    next_steps = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    budget_realized = serializers.IntegerField(
        min_value=0, max_value=10**15, required=False, help_text="Realised budget of the year, whole Rupiah."
    )
    submit = serializers.BooleanField(required=False, default=False)
    version = serializers.IntegerField(
        min_value=1, required=False, help_text="The version of the existing report you loaded."
    )


class ReviewInputSerializer(StrictInputSerializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    version = serializers.IntegerField(min_value=1, required=False)


class ReturnInputSerializer(ReviewInputSerializer):
    note = serializers.CharField(max_length=5000, help_text="What needs fixing (required).")


@extend_schema_field(OpenApiTypes.INT)
class ActiveInitiativeField(serializers.PrimaryKeyRelatedField):
    """An initiative of the active masterplan, looked up when a value is validated (never when the serializer is
    built, so generating the schema reads no data)."""

    def get_queryset(self):
        return initiative_base_queryset().select_related("lead_opd")


class MilestoneInputSerializer(StrictInputSerializer):
    """POST /milestones/: admins, or staff of the initiative's lead agency."""

    initiative = ActiveInitiativeField(help_text="Id of an initiative of the active masterplan.")
    title = serializers.CharField(max_length=255)
    due_date = serializers.DateField(help_text="Within the initiative's years.")
    completed_date = serializers.DateField(
        required=False, allow_null=True, help_text="Not in the future; null or absent while open."
    )


class MilestoneUpdateSerializer(MilestoneInputSerializer):
    """PATCH /milestones/{id}/: any of title, due_date, completed_date (null reopens it); the initiative stays."""

    title = serializers.CharField(max_length=255, required=False)
    due_date = serializers.DateField(required=False, help_text="Within the initiative's years.")
    version = serializers.IntegerField(
        min_value=1, required=False, help_text="The version you loaded; a stale one is refused (409)."
    )

    def get_fields(self):
        fields = super().get_fields()
        fields.pop("initiative")
        return fields
