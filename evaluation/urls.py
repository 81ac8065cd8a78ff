"""Routes of the evaluation app, mounted at the root: /evaluation/…, /risks/…, /masterplan/document.pdf and
/reports/leadership.pdf."""

from django.urls import path

from .views import files, pages, risks

app_name = "evaluation"

urlpatterns = [
    path("evaluation/", pages.period_list, name="periods"),
    path("evaluation/framework/", pages.framework, name="framework"),
    path("evaluation/framework/export.xlsx", pages.framework_export, name="framework-export"),
    path("evaluation/documents/", pages.document_list, name="documents"),
    path("evaluation/documents/<int:pk>/download/", pages.document_download, name="document"),
    path("evaluation/<int:year>/", pages.scorecard, name="scorecard"),
    path("evaluation/<int:year>/items/<slug:code>/", pages.answer_edit, name="answer"),
    path("evaluation/<int:year>/weights/", pages.weights_edit, name="weights"),
    path("evaluation/<int:year>/prefill/", pages.prefill, name="prefill"),
    path("evaluation/<int:year>/finalise/", pages.finalise, name="finalise"),
    path("evaluation/<int:year>/export.xlsx", files.export_xlsx, name="export"),
    path("evaluation/<int:year>/evidence.zip", files.evidence_zip, name="evidence-zip"),
    path("evaluation/<int:year>/report.pdf", files.report_pdf, name="report-pdf"),
    path("risks/", risks.risk_list, name="risks"),
    path("risks/new/", risks.risk_create, name="risk-create"),
    path("risks/<int:pk>/edit/", risks.risk_edit, name="risk-edit"),
    path("risks/export.xlsx", risks.risk_export, name="risk-export"),
    path("masterplan/document.pdf", files.masterplan_pdf, name="masterplan-pdf"),
    path("reports/leadership.pdf", files.leadership_pdf, name="leadership-pdf"),
]
