"""Filters over agencies (the API's /opds/)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .choices import OpdKind
from .models import Opd


class OpdFilterSet(django_filters.FilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=OpdKind.choices, label=_("Kind"))
    active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Opd
        fields = ["kind", "active"]
