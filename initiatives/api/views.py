"""Thin viewsets over the initiatives' selectors and services (the same rules as the portal's pages)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers as drf_serializers
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.conditional import etag_for, version_sent
from core.api.pagination import TwoStepPagination
from core.api.views import PagedResponseMixin, VersionedObjectMixin
from initiatives import permissions as rules
from initiatives import selectors, services
from initiatives.filtersets import InitiativeFilterSet, MilestoneFilterSet, ReportFilterSet
from initiatives.models import Initiative, Milestone, ProgressReport
from masterplans.selectors import active_masterplan
from opd.api.permissions import IsPortalUser

from .permissions import CanReview, InitiativePermission, MilestonePermission
from .serializers import (
    InitiativeDetailSerializer,
    InitiativeInputSerializer,
    InitiativeSerializer,
    InitiativeUpdateSerializer,
    MilestoneInputSerializer,
    MilestoneSerializer,
    MilestoneUpdateSerializer,
    ReportInputSerializer,
    ReportSerializer,
    ReturnInputSerializer,
    ReviewInputSerializer,
)

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description='The ETag you loaded (W/"<id>-<version>"); a stale one is refused with 412. A change or deletion '
    "naming no version (neither If-Match nor `version` in the body) is refused with 428.",
)


VERSION_QUERY = OpenApiParameter(
    "version",
    OpenApiTypes.INT,
    OpenApiParameter.QUERY,
    required=False,
    description="The version you loaded, instead of If-Match (a DELETE naming neither is refused with 428).",
)


@extend_schema_view(
    list=extend_schema(summary="List initiatives"),
    retrieve=extend_schema(
        summary="One initiative with its budget lines and milestones",
        responses={
            200: OpenApiResponse(InitiativeDetailSerializer, description="ETag header"),
            304: OpenApiResponse(description="Not modified (If-None-Match)"),
        },
    ),
    create=extend_schema(request=InitiativeInputSerializer, responses={201: InitiativeDetailSerializer}),
    partial_update=extend_schema(
        request=InitiativeUpdateSerializer, parameters=[IF_MATCH], responses={200: InitiativeDetailSerializer}
    ),
    destroy=extend_schema(parameters=[IF_MATCH, VERSION_QUERY], responses={204: None}),
)
class InitiativeViewSet(VersionedObjectMixin, PagedResponseMixin, viewsets.ModelViewSet):
    """Road-map initiatives. Everyone signed in reads; admins create and delete; admins and staff of the lead agency
    change them (staff only the fields staff may change)."""

    pagination_class = TwoStepPagination

    serializer_class = InitiativeSerializer
    filterset_class = InitiativeFilterSet
    permission_classes = [IsPortalUser, InitiativePermission]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Initiative.objects.none()
        return selectors.initiatives_for_user(self.request.user).order_by("dimension__order", "code", "id")

    def get_object(self):
        try:
            obj = selectors.initiative_detail(self.request.user, int(self.kwargs["pk"]))
        except (Initiative.DoesNotExist, ValueError):
            raise Http404 from None
        self.check_object_permissions(self.request, obj)
        return obj

    def detail_data(self, obj):
        return InitiativeDetailSerializer(obj, context=self.get_serializer_context()).data

    def _detail_response(self, pk, status_code=status.HTTP_200_OK):
        return self.etag_response(selectors.initiative_detail(self.request.user, pk), status_code)

    def create(self, request, *args, **kwargs):
        serializer = InitiativeInputSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        plan = active_masterplan()
        if plan is None:
            raise drf_serializers.ValidationError({"detail": _("There is no masterplan to add initiatives to.")})
        data, supporting, _version = serializer.to_service_data()
        initiative = services.create_initiative(request.user, masterplan=plan, data=data, supporting_opds=supporting)
        response = self._detail_response(initiative.pk, status.HTTP_201_CREATED)
        response["Location"] = request.build_absolute_uri(reverse("api:v1:initiative-detail", args=[initiative.pk]))
        return response

    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            self.http_method_not_allowed(request)
        initiative = self.get_object()
        serializer = InitiativeUpdateSerializer(
            data=request.data, partial=True, context={**self.get_serializer_context(), "initiative": initiative}
        )
        serializer.is_valid(raise_exception=True)
        data, supporting, body_version = serializer.to_service_data()
        version = self.named_version(initiative, body_version)
        services.update_initiative(
            request.user,
            initiative,
            data,
            expected_version=version,
            supporting_opds=supporting,
            reason=serializer.reason,
        )
        return self._detail_response(initiative.pk)

    def destroy(self, request, *args, **kwargs):
        initiative = self.get_object()
        services.delete_initiative(request.user, initiative, expected_version=self.delete_version(initiative))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=ReportSerializer(many=True), filters=False, summary="The initiative's reports")
    @action(detail=True, methods=["get"], url_path="reports", filterset_class=None)
    def reports(self, request, pk=None):
        initiative = get_object_or_404(selectors.initiative_base_queryset(), pk=pk)
        qs = selectors.reports_for_user(request.user).filter(initiative=initiative).order_by("-year", "-quarter")
        return self.paged_response(qs, ReportSerializer)

    @extend_schema(
        request=ReportInputSerializer,
        responses={200: ReportSerializer, 201: ReportSerializer},
        parameters=[IF_MATCH],
        summary="Create, update or submit the report for a quarter",
    )
    @reports.mapping.post
    def save_report(self, request, pk=None):
        """Staff of the lead agency (or an admin) write the report for a quarter while it is a draft or returned;
        ``submit: true`` submits it for review. 201 when the report is new, 200 when it existed."""
        initiative = get_object_or_404(selectors.initiative_base_queryset().select_related("lead_opd"), pk=pk)
        if not rules.can_report(request.user, initiative):
            self.permission_denied(request, message=_("Only the lead agency's staff may report on this initiative."))
        serializer = ReportInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        year, quarter, submit = data.pop("year"), data.pop("quarter"), data.pop("submit", False)
        body_version = data.pop("version", None)
        existing = ProgressReport.objects.filter(initiative=initiative, year=year, quarter=quarter).first()
        existed = existing is not None
        # Creating needs no version; changing the quarter's existing report must name the one the client loaded.
        version = self.named_version(existing, body_version) if existed else None
        report = services.save_report(
            request.user, initiative, year=year, quarter=quarter, data=data, submit=submit, expected_version=version
        )
        report = selectors.reports_for_user(request.user).get(pk=report.pk)
        headers = {"ETag": etag_for(report)}
        if not existed:
            headers["Location"] = request.build_absolute_uri(reverse("api:v1:report-detail", args=[report.pk]))
        return Response(
            ReportSerializer(report).data,
            headers=headers,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )


@extend_schema_view(
    list=extend_schema(summary="List progress reports"),
    retrieve=extend_schema(summary="One progress report"),
)
class ReportViewSet(PagedResponseMixin, viewsets.ReadOnlyModelViewSet):
    """Quarterly progress reports in the active masterplan; admins approve or return submitted ones."""

    serializer_class = ReportSerializer
    filterset_class = ReportFilterSet
    permission_classes = [IsPortalUser, CanReview]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProgressReport.objects.none()
        return selectors.reports_for_user(self.request.user).order_by("-year", "-quarter", "initiative__code", "id")

    def retrieve(self, request, *args, **kwargs):
        report = self.get_object()
        return Response(self.get_serializer(report).data, headers={"ETag": etag_for(report)})

    def _review(self, request, input_serializer, service):
        report = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        serializer = input_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = version_sent(request, report, data.pop("version", None))
        service(request.user, report, expected_version=version, note=data.get("note", ""))
        report = self.get_queryset().get(pk=report.pk)
        return Response(self.get_serializer(report).data, headers={"ETag": etag_for(report)})

    @extend_schema(
        request=ReviewInputSerializer,
        responses=ReportSerializer,
        parameters=[IF_MATCH],
        filters=False,
        summary="Approve a submitted report (admin)",
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def approve(self, request, pk=None):
        """The report's progress, status and budget realisation become the initiative's."""
        return self._review(request, ReviewInputSerializer, services.approve_report)

    @extend_schema(
        request=ReturnInputSerializer,
        responses=ReportSerializer,
        parameters=[IF_MATCH],
        filters=False,
        summary="Return a submitted report for rework (admin, with a note)",
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return", filterset_class=None)
    def return_report(self, request, pk=None):
        return self._review(request, ReturnInputSerializer, services.return_report)


@extend_schema_view(
    list=extend_schema(summary="List milestones"),
    retrieve=extend_schema(
        summary="One milestone",
        responses={
            200: OpenApiResponse(MilestoneSerializer, description="ETag header"),
            304: OpenApiResponse(description="Not modified (If-None-Match)"),
        },
    ),
    create=extend_schema(
        summary="Add a milestone (admin or the lead agency's staff)",
        request=MilestoneInputSerializer,
        responses={201: MilestoneSerializer},
    ),
    partial_update=extend_schema(
        summary="Change, complete or reopen a milestone",
        parameters=[IF_MATCH],
        request=MilestoneUpdateSerializer,
        responses={200: MilestoneSerializer},
    ),
    destroy=extend_schema(summary="Delete a milestone", parameters=[IF_MATCH, VERSION_QUERY], responses={204: None}),
)
class MilestoneViewSet(VersionedObjectMixin, viewsets.ModelViewSet):
    """Dated steps of the initiatives in the active masterplan. Everyone signed in reads; admins and staff of the
    initiative's lead agency add, change and delete them (through the same services as the portal's pages). Writes
    are checked against the version the client loaded: ``If-Match`` (stale → 412) or ``version`` in the body
    (stale → 409)."""

    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilterSet
    permission_classes = [IsPortalUser, MilestonePermission]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Milestone.objects.none()
        return selectors.milestones_for_user(self.request.user).order_by("due_date", "id")

    def _response(self, pk, status_code=status.HTTP_200_OK, headers=None):
        return self.etag_response(self.get_queryset().get(pk=pk), status_code, headers)

    def create(self, request, *args, **kwargs):
        serializer = MilestoneInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        initiative = data.pop("initiative")
        milestone = services.save_milestone(request.user, initiative, **data)
        location = request.build_absolute_uri(reverse("api:v1:milestone-detail", args=[milestone.pk]))
        return self._response(milestone.pk, status.HTTP_201_CREATED, headers={"Location": location})

    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            self.http_method_not_allowed(request)
        milestone = self.get_object()
        serializer = MilestoneUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = self.named_version(milestone, data.pop("version", None))
        values = {
            "title": milestone.title,
            "due_date": milestone.due_date,
            "completed_date": milestone.completed_date,
            **data,
        }
        services.save_milestone(
            request.user, milestone.initiative, milestone=milestone, expected_version=version, **values
        )
        return self._response(milestone.pk)

    def destroy(self, request, *args, **kwargs):
        milestone = self.get_object()
        services.delete_milestone(request.user, milestone, expected_version=self.delete_version(milestone))
        return Response(status=status.HTTP_204_NO_CONTENT)
