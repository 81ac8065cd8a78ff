"""Evidence uploads: refused files leave a message and nothing on disk; stored files get generated names and are
downloaded as attachments with nosniff under their sanitised original name."""

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatives.models import Evidence, ProgressReport
from tests.workflow.conftest import PDF_BYTES, PNG_BYTES, files_under, pdf, xlsx_bytes

pytestmark = [pytest.mark.db, pytest.mark.django_db]


def upload(client, initiative, *files):
    return client.post(
        reverse("initiatives:evidence-add", args=[initiative.pk]),
        {"files": list(files), "description": ""},
        follow=True,
    )


def messages_of(response):
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_oversized_file_is_refused(client, staff_user, initiative, settings):
    settings.EVIDENCE_MAX_BYTES = 100
    client.force_login(staff_user)
    response = upload(client, initiative, pdf())
    assert "limit" in messages_of(response)
    assert not Evidence.objects.exists()
    assert files_under(settings.MEDIA_ROOT) == []


def test_wrong_content_renamed_to_pdf_is_refused(client, staff_user, initiative):
    client.force_login(staff_user)
    fake = SimpleUploadedFile("laporan.pdf", b"MZ\x90\x00 this is an executable", content_type="application/pdf")
    response = upload(client, initiative, fake)
    assert "not a PDF" in messages_of(response)
    assert not Evidence.objects.exists()
    assert files_under(settings.MEDIA_ROOT) == []


def test_png_renamed_to_pdf_is_refused(client, staff_user, initiative):
    client.force_login(staff_user)
    response = upload(client, initiative, SimpleUploadedFile("foto.pdf", PNG_BYTES))
    assert "not a PDF" in messages_of(response)
    assert files_under(settings.MEDIA_ROOT) == []


def test_path_traversal_name_is_neutralised(client, staff_user, initiative, tmp_path):
    client.force_login(staff_user)
    upload(client, initiative, pdf("../../x.pdf"))
    evidence = Evidence.objects.get()
    assert evidence.original_name == "x.pdf"
    stored = files_under(settings.MEDIA_ROOT)
    assert len(stored) == 1
    media = settings.MEDIA_ROOT.resolve()
    assert stored[0].resolve().is_relative_to(media / "evidence")
    assert stored[0].name != "x.pdf"  # generated name
    assert not (media.parent / "x.pdf").exists() and not (tmp_path.parent / "x.pdf").exists()


def test_allowed_types_are_stored(client, staff_user, initiative):
    client.force_login(staff_user)
    upload(
        client,
        initiative,
        pdf("a.pdf"),
        SimpleUploadedFile("b.png", PNG_BYTES),
        SimpleUploadedFile("c.xlsx", xlsx_bytes()),
    )
    assert sorted(Evidence.objects.values_list("original_name", flat=True)) == ["a.pdf", "b.png", "c.xlsx"]


def test_download_is_an_attachment_with_nosniff(client, staff_user, viewer_user, initiative):
    client.force_login(staff_user)
    upload(client, initiative, pdf("Laporan Triwulan <3>.pdf"))
    evidence = Evidence.objects.get()
    client.force_login(viewer_user)
    response = client.get(reverse("initiatives:evidence-download", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert evidence.original_name in response["Content-Disposition"]
    assert "<" not in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_report_form_with_a_bad_file_saves_nothing(client, staff_user, initiative):
    client.force_login(staff_user)
    response = client.post(
        reverse("initiatives:report-create", args=[initiative.pk]),
        {
            "period": "2026-3",
            "progress": "10",
            "status": "in_progress",
            "action": "submit",
            "evidence": [pdf("ok.pdf"), SimpleUploadedFile("../../evil.pdf", b"<html>not a pdf</html>")],
        },
    )
    assert response.status_code == 200
    assert "evidence" in response.context["form"].errors
    assert not ProgressReport.objects.exists()
    assert files_under(settings.MEDIA_ROOT) == []


def test_report_form_stores_evidence_with_the_report(client, staff_user, initiative):
    client.force_login(staff_user)
    client.post(
        reverse("initiatives:report-create", args=[initiative.pk]),
        {
            "period": "2026-3",
            "progress": "10",
            "status": "in_progress",
            "action": "submit",
            "evidence": [pdf("bukti.pdf")],
        },
    )
    report = ProgressReport.objects.get()
    assert list(report.evidence.values_list("original_name", flat=True)) == ["bukti.pdf"]
