"""Filters over indicators (the API's /indicators/)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from opd.models import Opd

from .choices import Direction
from .models import Dimension, Indicator


class IndicatorFilterSet(django_filters.FilterSet):
    dimension = django_filters.ModelChoiceFilter(
        field_name="dimension", to_field_name="code", queryset=Dimension.objects.all(), label=_("Dimension")
    )
    opd = django_filters.ModelChoiceFilter(
        field_name="opd", to_field_name="code", queryset=Opd.objects.all(), label=_("Responsible agency")
    )
    direction = django_filters.ChoiceFilter(choices=Direction.choices, label=_("Direction"))

    class Meta:
        model = Indicator
        fields = ["dimension", "opd", "direction"]
