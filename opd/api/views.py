from rest_framework import viewsets

from opd.filtersets import OpdFilterSet
from opd.models import Opd

from .serializers import OpdSerializer


class OpdViewSet(viewsets.ReadOnlyModelViewSet):
    """Regional agencies (OPD), looked up by code.

    The number of initiatives each leads comes from the serializer context, filled by the layer that reads
    initiatives (roadmap.api.views.OpdRollupViewSet, the one routed)."""

    queryset = Opd.objects.order_by("abbreviation", "code")
    serializer_class = OpdSerializer
    filterset_class = OpdFilterSet
    lookup_field = "code"
    lookup_value_regex = r"[^/\x00-\x1f\x7f]+"  # no NUL or control characters: PostgreSQL refuses NUL
