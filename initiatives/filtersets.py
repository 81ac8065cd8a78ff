"""Filters over initiatives, reports and milestones, shared by the pages, exports and the API (one vocabulary, one
behaviour). ``updated_since`` (ISO 8601 date-time) lets API clients fetch only what changed since their last sync.

Unknown choice values and malformed dates make the filterset invalid (a form error on the page, a 400 in the API),
never a server error.
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import UtcIsoDateTimeFilter
from dimensions.models import Dimension
from opd.models import Opd

from .choices import Health, Horizon, InitiativeStatus, ReportState
from .models import Initiative, Milestone, ProgressReport

ORDERING_FIELDS = (
    ("code", "code"),
    ("title", "title"),
    ("progress", "progress"),
    ("status", "status"),
    ("start_year", "start_year"),
    ("end_year", "end_year"),
    ("updated_at", "updated_at"),
    ("budget_planned", "budget_planned"),
    ("budget_realized", "budget_realized"),
    ("dimension__order", "dimension"),
    ("lead_opd__abbreviation", "opd"),
    ("health", "health"),
)


class InitiativeFilterSet(django_filters.FilterSet):
    dimension = django_filters.ModelChoiceFilter(
        field_name="dimension", to_field_name="code", queryset=Dimension.objects.all(), label=_("Dimension")
    )
    opd = django_filters.ModelChoiceFilter(
        field_name="lead_opd", to_field_name="code", queryset=Opd.objects.all(), label=_("Lead agency")
    )
    status = django_filters.MultipleChoiceFilter(choices=InitiativeStatus.choices, label=_("Status"))
    health = django_filters.MultipleChoiceFilter(choices=Health.choices, label=_("Health"))
    horizon = django_filters.MultipleChoiceFilter(choices=Horizon.choices, label=_("Horizon"))
    year = django_filters.NumberFilter(method="filter_year", label=_("Active in year"), min_value=1900, max_value=2200)
    q = django_filters.CharFilter(method="filter_q", label=_("Search"), max_length=200)
    updated_since = UtcIsoDateTimeFilter(field_name="updated_at", lookup_expr="gte", label=_("Updated since"))
    ordering = django_filters.OrderingFilter(fields=ORDERING_FIELDS, label=_("Sort by"))

    class Meta:
        model = Initiative
        fields = ["dimension", "opd", "status", "health", "horizon", "year", "q", "updated_since"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(start_year__lte=value, end_year__gte=value)

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(title__icontains=value) | Q(description__icontains=value))


class ReportFilterSet(django_filters.FilterSet):
    """Filters over progress reports: the review queue and the API's /reports/."""

    state = django_filters.MultipleChoiceFilter(choices=ReportState.choices, label=_("State"))
    opd = django_filters.ModelChoiceFilter(
        field_name="initiative__lead_opd", to_field_name="code", queryset=Opd.objects.all(), label=_("Agency")
    )
    dimension = django_filters.ModelChoiceFilter(
        field_name="initiative__dimension", to_field_name="code", queryset=Dimension.objects.all(), label=_("Dimension")
    )
    year = django_filters.NumberFilter(field_name="year", label=_("Year"), min_value=1900, max_value=2200)
    # The blank choice keeps an HTML form from filtering on quarter 1 when the user did not pick a quarter.
    quarter = django_filters.TypedChoiceFilter(
        field_name="quarter",
        choices=[("", "---------")] + [(q, q) for q in (1, 2, 3, 4)],
        coerce=int,
        label=_("Quarter"),
    )
    initiative = django_filters.NumberFilter(field_name="initiative_id", label=_("Initiative"))
    updated_since = UtcIsoDateTimeFilter(field_name="updated_at", lookup_expr="gte", label=_("Updated since"))

    class Meta:
        model = ProgressReport
        fields = ["state", "opd", "dimension", "year", "quarter", "initiative", "updated_since"]


class MilestoneFilterSet(django_filters.FilterSet):
    initiative = django_filters.NumberFilter(field_name="initiative_id", label=_("Initiative"))
    opd = django_filters.ModelChoiceFilter(
        field_name="initiative__lead_opd", to_field_name="code", queryset=Opd.objects.all(), label=_("Agency")
    )
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lt", label=_("Due before"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    updated_since = UtcIsoDateTimeFilter(field_name="updated_at", lookup_expr="gte", label=_("Updated since"))

    class Meta:
        model = Milestone
        fields = ["initiative", "opd", "due_before", "overdue", "updated_since"]

    def filter_overdue(self, queryset, name, value):
        from django.utils import timezone

        overdue = Q(completed_date__isnull=True, due_date__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)
