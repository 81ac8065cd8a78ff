from rest_framework import viewsets

from initiatives.selectors import initiative_counts_by, initiatives_for_user
from opd.filtersets import OpdFilterSet
from opd.models import Opd

from .serializers import OpdSerializer


class OpdViewSet(viewsets.ReadOnlyModelViewSet):
    """Regional agencies (OPD), looked up by code."""

    queryset = Opd.objects.order_by("abbreviation", "code")
    serializer_class = OpdSerializer
    filterset_class = OpdFilterSet
    lookup_field = "code"
    lookup_value_regex = "[^/]+"

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.request is not None and getattr(self, "swagger_fake_view", False) is False:
            context["initiative_counts"] = initiative_counts_by(initiatives_for_user(self.request.user), "lead_opd_id")
        return context
