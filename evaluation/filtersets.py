"""Filters over the risk register, shared by the page, its export and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dimensions.models import Dimension
from opd.models import Opd

from .choices import RiskLevel, RiskStatus
from .models import Risk


class RiskFilterSet(django_filters.FilterSet):
    dimension = django_filters.ModelChoiceFilter(
        field_name="initiative__dimension", to_field_name="code", queryset=Dimension.objects.all(), label=_("Dimension")
    )
    opd = django_filters.ModelChoiceFilter(
        field_name="owner_opd", method="filter_opd", to_field_name="code", queryset=Opd.objects.all(), label=_("Agency")
    )
    level = django_filters.MultipleChoiceFilter(choices=RiskLevel.choices, label=_("Risk level"))
    status = django_filters.MultipleChoiceFilter(choices=RiskStatus.choices, label=_("Status"))
    initiative = django_filters.CharFilter(field_name="initiative__code", label=_("Initiative code"), max_length=40)
    q = django_filters.CharFilter(method="filter_q", label=_("Search"), max_length=200)

    class Meta:
        model = Risk
        fields = ["dimension", "opd", "level", "status", "initiative", "q"]

    def filter_opd(self, queryset, name, value):
        """Risks the agency owns or whose initiative it leads."""
        return queryset.filter(Q(owner_opd=value) | Q(initiative__lead_opd=value))

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(mitigation__icontains=value)
            | Q(initiative__title__icontains=value)
            | Q(initiative__code__icontains=value)
        )
