from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.views import PagedResponseMixin
from dimensions import selectors, services
from dimensions.filtersets import IndicatorFilterSet
from dimensions.models import Measurement
from dimensions.permissions import can_record_measurement

from .serializers import DimensionSerializer, IndicatorSerializer, MeasurementInputSerializer, MeasurementSerializer


class DimensionViewSet(viewsets.ReadOnlyModelViewSet):
    """The masterplan's dimensions with their sub-dimensions, progress and number of initiatives.

    The progress and counts come from the serializer context, filled by the layer that reads initiatives
    (roadmap.api.views.DimensionRollupViewSet, the one routed)."""

    queryset = selectors.dimensions().prefetch_related("sub_dimensions")
    serializer_class = DimensionSerializer
    lookup_field = "code"
    lookup_value_regex = r"[^/\x00-\x1f\x7f]+"  # no NUL or control characters: PostgreSQL refuses NUL


class IndicatorViewSet(PagedResponseMixin, viewsets.ReadOnlyModelViewSet):
    """Key performance indicators with targets per year, the latest value and its achievement."""

    queryset = selectors.indicators_with_series().order_by("dimension__order", "code")
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet
    lookup_value_regex = r"\d+"  # a non-numeric id is a 404, not a database error

    @extend_schema(responses=MeasurementSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], url_path="measurements", filterset_class=None)
    def measurements(self, request, pk=None):
        """The indicator's measured values, oldest first."""
        indicator = self.get_object()
        qs = Measurement.objects.filter(indicator=indicator).order_by("year", "quarter", "id")
        return self.paged_response(qs, MeasurementSerializer)

    @extend_schema(
        request=MeasurementInputSerializer, responses={200: MeasurementSerializer, 201: MeasurementSerializer}
    )
    @measurements.mapping.post
    def record_measurement(self, request, pk=None):
        """Record a value for a year (``quarter`` null) or a quarter; an existing value for that period is corrected
        (200), a new one created (201). Staff of the responsible agency or an administrator."""
        indicator = get_object_or_404(self.get_queryset(), pk=pk)
        if not can_record_measurement(request.user, indicator):
            self.permission_denied(request, message="Only the responsible agency's staff or an administrator.")
        data = MeasurementInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        measurement, created = services.record_measurement(request.user, indicator, **data.validated_data)
        return Response(
            MeasurementSerializer(measurement).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )
