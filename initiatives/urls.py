"""Routes of the initiatives app: browsing and exports (views/browse.py), my agency, one initiative, reports,
review, comments and evidence, milestones (views/<topic>.py)."""

from django.urls import path

from .views import agency, browse, detail, evidence, milestones, reports, review

app_name = "initiatives"

urlpatterns = [
    path("", browse.initiative_list, name="list"),
    path("export.xlsx", browse.export_xlsx, name="export-xlsx"),
    path("export.csv", browse.export_csv, name="export-csv"),
    path("mine/", agency.my_initiatives, name="mine"),
    path("reviews/", review.review_queue, name="review-queue"),
    path("<int:pk>/", detail.initiative_detail, name="detail"),
    path("<int:pk>/edit/", detail.initiative_edit, name="edit"),
    path("<int:pk>/reports/new/", reports.report_create, name="report-create"),
    path("<int:pk>/comments/", evidence.comment_add, name="comment-add"),
    path("<int:pk>/evidence/", evidence.evidence_add, name="evidence-add"),
    path("<int:pk>/milestones/new/", milestones.milestone_create, name="milestone-create"),
    path("milestones/<int:pk>/edit/", milestones.milestone_edit, name="milestone-edit"),
    path("milestones/<int:pk>/complete/", milestones.milestone_complete, name="milestone-complete"),
    path("milestones/<int:pk>/reopen/", milestones.milestone_reopen, name="milestone-reopen"),
    path("milestones/<int:pk>/delete/", milestones.milestone_delete, name="milestone-delete"),
    path("evidence/<int:pk>/delete/", evidence.evidence_delete, name="evidence-delete"),
    path("reports/<int:pk>/edit/", reports.report_edit, name="report-edit"),
    path("reports/<int:pk>/review/", review.report_review, name="report-review"),
    path("evidence/<int:pk>/download/", evidence.evidence_download, name="evidence-download"),
]
