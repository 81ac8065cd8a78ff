"""Masterplan administration routes (import and export of the masterplan, issue 7)."""

from django.urls import path

from . import views_admin, views_narrative

app_name = "masterplan"

urlpatterns = [
    path("", views_narrative.masterplan_page, name="overview"),
    path("import/", views_admin.import_upload, name="import"),
    path("import/<uuid:pk>/", views_admin.import_job, name="import-job"),
    path("import/<uuid:pk>/confirm/", views_admin.import_confirm, name="import-confirm"),
    path("import/<uuid:pk>/restart/", views_admin.import_restart, name="import-restart"),
    path("import/<uuid:pk>/problems.csv", views_admin.import_problems_csv, name="import-problems"),
    path("template.xlsx", views_admin.template_download, name="template"),
    path("export.xlsx", views_admin.export_download, {"fmt": "xlsx"}, name="export"),
    path("export.zip", views_admin.export_download, {"fmt": "zip"}, name="export-csv"),
]
