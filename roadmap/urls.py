"""Routes of the roadmap app: the dashboard, dimension and agency pages, the roadmap, the leadership report and the
public transparency page."""

from django.urls import path

from . import views, views_narrative

app_name = "roadmap"

urlpatterns = [
    path("", views.home, name="home"),
    path("dimensions/<slug:code>/", views.dimension_detail, name="dimension"),
    path("dimensions/<slug:code>/findings/", views_narrative.findings_page, name="findings"),
    path("opd/<str:code>/", views.opd_detail, name="opd"),
    path("roadmap/", views.roadmap, name="roadmap"),
    path("roadmap/print/", views.roadmap_print, name="roadmap-print"),
    path("reports/leadership/", views.leadership_report_latest, name="leadership-report-latest"),
    path("reports/leadership/<int:year>/<int:quarter>/", views.leadership_report, name="leadership-report"),
    path("public/", views.public, name="public"),
]
