"""Filters over initiatives, shared by the list page, its exports and the API (one vocabulary, one behaviour).

Unknown choice values and malformed dates make the filterset invalid (a form error on the page, a 400 in the API),
never a server error.
"""
import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dimensions.models import Dimension
from opd.models import Opd

from .choices import Health, Horizon, InitiativeStatus
from .models import Initiative

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
        field_name="dimension", to_field_name="code", queryset=Dimension.objects.all(), label=_("Dimension"))
    opd = django_filters.ModelChoiceFilter(
        field_name="lead_opd", to_field_name="code", queryset=Opd.objects.all(), label=_("Lead agency"))
    status = django_filters.MultipleChoiceFilter(choices=InitiativeStatus.choices, label=_("Status"))
    health = django_filters.MultipleChoiceFilter(choices=Health.choices, label=_("Health"))
    horizon = django_filters.MultipleChoiceFilter(choices=Horizon.choices, label=_("Horizon"))
    year = django_filters.NumberFilter(method="filter_year", label=_("Active in year"), min_value=1900,
                                       max_value=2200)
    q = django_filters.CharFilter(method="filter_q", label=_("Search"), max_length=200)
    updated_since = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte",
                                                     label=_("Updated since"))
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
