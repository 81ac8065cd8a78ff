"""/roadmap/ and /stats/: the dashboard's numbers (roadmap.selectors), serialised."""
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from initiatives.filtersets import InitiativeFilterSet
from initiatives.models import Initiative
from initiatives.selectors import initiatives_for_user
from roadmap.selectors import masterplan_stats, roadmap_overview

from .serializers import RoadmapSerializer, StatsSerializer


class RoadmapViewSet(viewsets.GenericViewSet):
    """The active masterplan: period, vision, each year's theme and numbers, each dimension's progress per year."""

    serializer_class = RoadmapSerializer
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    pagination_class = None
    filter_backends = []

    @extend_schema(responses=RoadmapSerializer, summary="The roadmap of the active masterplan")
    def list(self, request):
        overview = roadmap_overview(request.user)
        overview["dimensions"] = [
            {**d, "progress_by_year": {str(y): v for y, v in d["progress_by_year"].items()}}
            for d in overview["dimensions"]
        ]
        return Response(RoadmapSerializer(overview).data)


class StatsViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Progress and counts overall and by dimension, status, health, agency and year: the dashboard's numbers.

    Accepts the initiative filters (dimension, opd, status, …) to narrow the initiatives counted."""

    serializer_class = StatsSerializer
    filterset_class = InitiativeFilterSet
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Initiative.objects.none()
        return initiatives_for_user(self.request.user)

    @extend_schema(responses=StatsSerializer, summary="Dashboard statistics")
    def list(self, request):
        qs = self.filter_queryset(self.get_queryset())
        return Response(StatsSerializer(masterplan_stats(request.user, qs=qs)).data)
