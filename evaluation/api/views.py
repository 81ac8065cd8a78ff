"""Read endpoints of the evaluation (/api/v1/evaluations/, /api/v1/evaluations/<year>/) and the risk register
(/api/v1/risks/), plus PATCH of a draft period's weights for administrators; everything from the selectors."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from .. import selectors, services
from ..filtersets import RiskFilterSet
from ..models import EvaluationPeriod, Risk
from ..permissions import can_manage
from .serializers import PeriodSerializer, RiskSerializer, ScorecardSerializer, WeightsInputSerializer


class EvaluationViewSet(viewsets.GenericViewSet):
    """Yearly smart city evaluations: the index and component scores per year; one year's full scorecard."""

    lookup_field = "year"
    lookup_value_regex = r"\d{4}"
    serializer_class = PeriodSerializer
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return EvaluationPeriod.objects.none()  # the answers come from the selectors; the schema needs a model

    @extend_schema(responses=PeriodSerializer(many=True), summary="Evaluation periods with their index")
    def list(self, request):
        return Response(PeriodSerializer(selectors.periods_overview(request.user), many=True).data)

    @extend_schema(responses=ScorecardSerializer, summary="One year's scorecard")
    def retrieve(self, request, year=None):
        card = selectors.scorecard(request.user, int(year))
        if card is None:
            raise Http404
        return Response(ScorecardSerializer(card).data)

    @extend_schema(
        request=WeightsInputSerializer,
        responses=ScorecardSerializer,
        summary="Change a draft period's weights (administrators; they must add up to 100)",
    )
    def partial_update(self, request, year=None):
        if not can_manage(request.user):
            raise PermissionDenied
        period = selectors.periods_for_user(request.user).filter(year=int(year)).first()
        if period is None:
            raise Http404
        data = WeightsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.update_weights(
            user=request.user,
            period=period,
            version=data.validated_data["version"],
            weights=data.validated_data["weights"],
        )
        return Response(ScorecardSerializer(selectors.scorecard(request.user, int(year))).data)


class RiskViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The risk register (filters: dimension, opd, level, status, initiative, q)."""

    serializer_class = RiskSerializer
    filterset_class = RiskFilterSet

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Risk.objects.none()
        return selectors.risks_for_user(self.request.user)
