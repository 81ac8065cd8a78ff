"""The framework as a workbook: downloaded, edited and imported back (matched by code), all or nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from evaluation.models import Component, Item

pytestmark = pytest.mark.db


def _upload(wb):
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("kerangka.xlsx", out.getvalue())


def test_round_trip_updates_and_adds_by_code(client, framework, evaluator):
    client.force_login(evaluator)
    wb = load_workbook(io.BytesIO(client.get("/evaluation/framework/export.xlsx").content))
    assert [r[0] for r in wb["components"].iter_rows(min_row=2, values_only=True)] == [
        "baseline",
        "output",
        "outcome",
        "impact",
        "quick-win",
    ]
    for row in wb["components"].iter_rows(min_row=2):
        if row[0].value == "impact":
            row[3].value = 20
    wb["items"].append(["Q2", "quick-win", "Inovasi baru?", "", "a", "b", "c", "d", "e", "no", "", 2])
    response = client.post("/evaluation/framework/", {"file": _upload(wb)})
    assert response.status_code == 302
    assert Component.objects.get(code="impact").weight == 20
    assert Item.objects.get(code="Q2").component.code == "quick-win"


def test_a_bad_row_is_reported_and_nothing_is_written(client, framework, evaluator):
    client.force_login(evaluator)
    wb = load_workbook(io.BytesIO(client.get("/evaluation/framework/export.xlsx").content))
    for row in wb["components"].iter_rows(min_row=2):
        if row[0].value == "impact":
            row[3].value = 20
    wb["items"].append(["Q3", "tidak-ada", "Pertanyaan?", "", "a", "b", "c", "d", "e", "no", "", 3])
    response = client.post("/evaluation/framework/", {"file": _upload(wb)})
    assert response.status_code == 200
    assert "items row 12, component: Unknown component tidak-ada." in response.content.decode()
    assert Component.objects.get(code="impact").weight == 30
    assert not Item.objects.filter(code="Q3").exists()


def test_viewer_cannot_import(client, framework):
    from opd.choices import Role
    from tests.factories import make_user

    client.force_login(make_user(Role.VIEWER, username="pembaca2"))
    assert client.get("/evaluation/framework/export.xlsx").status_code == 200
    assert client.post("/evaluation/framework/", {}).status_code == 403
