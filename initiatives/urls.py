"""Routes of the initiatives app: browsing and exports (views/browse.py), work on one initiative and the report
workflow (views/workflow.py)."""
from django.urls import path

from .views import browse, workflow

app_name = "initiatives"

urlpatterns = [
    path("", browse.initiative_list, name="list"),
    path("export.xlsx", browse.export_xlsx, name="export-xlsx"),
    path("export.csv", browse.export_csv, name="export-csv"),
    path("mine/", workflow.my_initiatives, name="mine"),
    path("reviews/", workflow.review_queue, name="review-queue"),
    path("<int:pk>/", workflow.initiative_detail, name="detail"),
    path("<int:pk>/edit/", workflow.initiative_edit, name="edit"),
    path("<int:pk>/reports/new/", workflow.report_create, name="report-create"),
    path("<int:pk>/comments/", workflow.comment_add, name="comment-add"),
    path("<int:pk>/evidence/", workflow.evidence_add, name="evidence-add"),
    path("<int:pk>/milestones/new/", workflow.milestone_create, name="milestone-create"),
    path("milestones/<int:pk>/edit/", workflow.milestone_edit, name="milestone-edit"),
    path("milestones/<int:pk>/complete/", workflow.milestone_complete, name="milestone-complete"),
    path("milestones/<int:pk>/reopen/", workflow.milestone_reopen, name="milestone-reopen"),
    path("milestones/<int:pk>/delete/", workflow.milestone_delete, name="milestone-delete"),
    path("evidence/<int:pk>/delete/", workflow.evidence_delete, name="evidence-delete"),
    path("reports/<int:pk>/edit/", workflow.report_edit, name="report-edit"),
    path("reports/<int:pk>/review/", workflow.report_review, name="report-review"),
    path("evidence/<int:pk>/download/", workflow.evidence_download, name="evidence-download"),
]
