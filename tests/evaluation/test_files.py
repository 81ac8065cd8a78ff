"""The files for the assessors open with standard readers (openpyxl, pdftotext, zipfile) and contain what the page
shows; a missing PDF library is a clear message page, not a server error."""

import io
import shutil
import subprocess
import zipfile

import pytest
from django.core.files.base import ContentFile
from openpyxl import load_workbook

from evaluation import pdf, services
from evaluation.models import Answer
from initiatives.models import Evidence
from tests.conftest import require_service
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.db


@pytest.fixture
def filled(period, evaluator, masterplan, dimension, opd):
    initiative = InitiativeFactory(
        masterplan=masterplan, dimension=dimension, lead_opd=opd, code="LIV-09", title="Telemedisin Puskesmas"
    )
    evidence = Evidence.objects.create(
        initiative=initiative,
        file=ContentFile(b"foto kegiatan", name="foto.jpg"),
        original_name="foto-kegiatan.jpg",
        content_type="image/jpeg",
        size=13,
    )
    upload = ContentFile(b"Perbup smart city", name="perbup.txt")
    document = services.upload_document(
        user=evaluator,
        file=upload,
        title="Perbup Masterplan Smart City",
        kind="regulation",
        year=2025,
        reference="Perbup No. 27 Tahun 2025",
    )
    answer = Answer.objects.get(period=period, item__code="I1")
    services.save_answer(
        user=evaluator,
        answer=answer,
        version=answer.version,
        level=3,
        justification="Layanan telemedisin berjalan.",
        links={"initiatives": [initiative], "evidence_files": [evidence], "documents": [document]},
    )
    services.create_risk(
        user=evaluator,
        initiative=initiative,
        title="Jaringan desa belum stabil",
        likelihood=3,
        impact=2,
        mitigation="Koordinasi dengan penyedia jaringan.",
    )
    return {"initiative": initiative, "evidence": evidence, "document": document}


def test_workbook_has_a_sheet_per_component_the_risks_and_the_evidence(client, evaluator, filled):
    client.force_login(evaluator)
    page = client.get("/evaluation/2025/").content.decode()
    response = client.get("/evaluation/2025/export.xlsx")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    assert {
        "Summary",
        "Baseline",
        "Output",
        "Outcome",
        "Impact",
        "Quick-Win",
        "Risk register",
        "Evidence index",
    } <= set(wb.sheetnames)
    summary = {row[0]: row[1] for row in wb["Summary"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Index (0–5)"] == 3.8 and "3.80" in page
    impact = list(wb["Impact"].iter_rows(values_only=True))
    i1 = next(r for r in impact if r[0] == "I1")
    assert i1[3] == 3 and i1[5] == "Layanan telemedisin berjalan."
    risks = list(wb["Risk register"].iter_rows(values_only=True))
    assert any(r[3] == "Jaringan desa belum stabil" and r[10] == "High" for r in risks[1:])
    evidence = [r[4] for r in wb["Evidence index"].iter_rows(min_row=2, values_only=True)]
    assert "LIV-09 · foto-kegiatan.jpg" in evidence
    assert "Perbup Masterplan Smart City (Perbup No. 27 Tahun 2025)" in evidence


def test_evidence_pack_holds_every_file_by_component_and_dimension(client, evaluator, filled):
    client.force_login(evaluator)
    response = client.get("/evaluation/2025/evidence.zip")
    assert response.status_code == 200
    pack = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(pack.namelist())
    assert "impact/living/I1-foto-kegiatan.jpg" in names
    assert "impact/umum/I1-perbup.txt" in names
    assert pack.read("impact/living/I1-foto-kegiatan.jpg") == b"foto kegiatan"
    index = load_workbook(io.BytesIO(pack.read("index.xlsx")))
    paths = [r[6] for r in index.active.iter_rows(min_row=2, values_only=True)]
    assert "impact/living/I1-foto-kegiatan.jpg" in paths


def test_risk_register_export_follows_the_filters(client, evaluator, filled):
    client.force_login(evaluator)
    wb = load_workbook(io.BytesIO(client.get("/risks/export.xlsx?level=high").content))
    rows = list(wb.active.iter_rows(min_row=2, values_only=True))
    assert [r[3] for r in rows] == ["Jaringan desa belum stabil"]
    wb = load_workbook(io.BytesIO(client.get("/risks/export.xlsx?level=low").content))
    assert list(wb.active.iter_rows(min_row=2, values_only=True)) == []


def _pdftotext(content: bytes, tmp_path) -> str:
    require_service(
        "pdftotext", bool(shutil.which("pdftotext") and shutil.which("pdffonts")), "apt-get install poppler-utils"
    )
    path = tmp_path / "out.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return " ".join(text.split())  # table cells wrap: compare words, not line breaks


def _fonts(content: bytes, tmp_path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout


def test_report_pdf_contains_the_scorecard_with_embedded_fonts(client, evaluator, filled, tmp_path, indonesian):
    client.force_login(evaluator)
    response = client.get("/evaluation/2025/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdftotext(response.content, tmp_path)
    assert "Evaluasi Smart City 2025" in text
    assert "3.80" in text or "3,80" in text
    assert "Layanan telemedisin berjalan." in text and "Jaringan desa belum stabil" in text
    font_lines = _fonts(response.content, tmp_path).splitlines()[2:]
    assert font_lines and all("DejaVu-Sans" in line for line in font_lines)
    assert all(line.split()[-5] == "yes" for line in font_lines)  # the "emb" column: every font is embedded


def test_masterplan_and_leadership_pdfs(client, evaluator, filled, tmp_path, masterplan):
    client.force_login(evaluator)
    response = client.get("/masterplan/document.pdf")
    assert response.status_code == 200
    text = _pdftotext(response.content, tmp_path)
    assert masterplan.title in text and "LIV-09" in text and "Telemedisin" in text and "Vision" in text
    leader = client.get("/reports/leadership.pdf?period=2025-4")
    assert leader.status_code == 200
    assert "Quarterly leadership report" in _pdftotext(leader.content, tmp_path)
    assert client.get("/reports/leadership.pdf?period=bukan").status_code == 404


def test_missing_pdf_library_is_a_clear_message(client, evaluator, period, monkeypatch):
    def broken(html):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "html_to_pdf", broken)
    client.force_login(evaluator)
    response = client.get("/evaluation/2025/report.pdf")
    assert response.status_code == 503
    assert "cannot produce PDF files" in response.content.decode()
