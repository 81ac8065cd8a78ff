"""REST API v1 (/api/v1/), its OpenAPI schema (/api/schema/) and offline docs (/api/docs/, vendored assets)."""

from csp.decorators import csp_replace
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

import opd.api.authentication  # noqa: F401 - registers the token authentication scheme with drf-spectacular
from dimensions.api.views import IndicatorViewSet
from evaluation.api.views import EvaluationViewSet, RiskViewSet
from initiatives.api.views import InitiativeViewSet, MilestoneViewSet, ReportViewSet
from roadmap.api.views import DimensionRollupViewSet, OpdRollupViewSet, RoadmapViewSet, StatsViewSet

router = DefaultRouter()
router.register("dimensions", DimensionRollupViewSet, basename="dimension")
router.register("opds", OpdRollupViewSet, basename="opd")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("initiatives", InitiativeViewSet, basename="initiative")
router.register("reports", ReportViewSet, basename="report")
router.register("milestones", MilestoneViewSet, basename="milestone")
router.register("roadmap", RoadmapViewSet, basename="roadmap")
router.register("stats", StatsViewSet, basename="stats")
router.register("evaluations", EvaluationViewSet, basename="evaluation")
router.register("risks", RiskViewSet, basename="risk")

app_name = "api"
DOCS_CSP = csp_replace(
    {
        "style-src-elem": ["'self'", "'unsafe-inline'"],
        "style-src-attr": ["'unsafe-inline'"],
        "worker-src": ["'self'", "blob:"],
    }
)

urlpatterns = [
    path("v1/", include((router.urls, "v1"))),
    path(
        "schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny], authentication_classes=[]), name="schema"
    ),
    # The split view serves Swagger UI's set-up as a script file, so the docs need no inline script either; both
    # viewers inject <style> elements and style attributes of their own, which only these two pages allow.
    path(
        "docs/",
        DOCS_CSP(
            SpectacularSwaggerSplitView.as_view(
                url_name="api:schema", permission_classes=[AllowAny], authentication_classes=[]
            )
        ),
        name="docs",
    ),
    path(
        "redoc/",
        DOCS_CSP(
            SpectacularRedocView.as_view(
                url_name="api:schema", permission_classes=[AllowAny], authentication_classes=[]
            )
        ),
        name="redoc",
    ),
]
