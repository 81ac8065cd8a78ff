"""/roadmap/ and /stats/: the dashboard's numbers (roadmap.selectors), serialised; and the roll-ups that /dimensions/
and /opds/ show beside their own data (this layer reads initiatives, the apps below it do not)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from dimensions.api.views import DimensionViewSet
from initiatives.filtersets import InitiativeFilterSet
from initiatives.metrics import combine_rollup, count_rows, group_rows, rollup_query
from initiatives.models import Initiative
from initiatives.selectors import initiatives_for_user
from initiatives.snapshots import cached_rows
from opd.api.views import OpdViewSet
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


def _visible_initiatives(view):
    """The initiatives the requesting user sees in the active masterplan; None while the schema is generated."""
    if view.request is None or getattr(view, "swagger_fake_view", False):
        return None
    return initiatives_for_user(view.request.user)


class DimensionRollupViewSet(DimensionViewSet):
    """The masterplan's dimensions with their sub-dimensions, progress and number of initiatives."""

    def get_serializer_context(self):
        context = super().get_serializer_context()
        qs = _visible_initiatives(self)
        if qs is not None:
            # one grouped query, served from the roll-up cache until the data changes (initiatives.snapshots)
            (rows,) = cached_rows(rollup_query(qs, ("dimension_id",)))
            context["progress"] = {k: combine_rollup(v, k) for k, v in group_rows(rows, "dimension_id").items()}
            context["initiative_counts"] = count_rows(rows, "dimension_id")
        return context


class OpdRollupViewSet(OpdViewSet):
    """Regional agencies (OPD), looked up by code."""

    def get_serializer_context(self):
        context = super().get_serializer_context()
        qs = _visible_initiatives(self)
        if qs is not None:
            (rows,) = cached_rows(rollup_query(qs, ("lead_opd_id",)))
            context["initiative_counts"] = count_rows(rows, "lead_opd_id")
        return context
