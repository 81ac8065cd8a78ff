"""Who may do what, as a matrix (role × action) on the pages and the API, including another agency's risk."""

import pytest
from rest_framework.test import APIClient

from evaluation import services
from evaluation.models import Answer, Risk
from opd.choices import Role
from tests.factories import InitiativeFactory, make_user

pytestmark = pytest.mark.db


@pytest.fixture
def world(period, evaluator, opd, other_opd, masterplan, dimension):
    mine = InitiativeFactory(masterplan=masterplan, dimension=dimension, lead_opd=opd, code="MINE-1")
    theirs = InitiativeFactory(masterplan=masterplan, dimension=dimension, lead_opd=other_opd, code="THEIRS-1")
    own_risk = services.create_risk(user=evaluator, initiative=mine, title="Risiko kami", likelihood=2, impact=2)
    other_risk = services.create_risk(
        user=evaluator, initiative=theirs, title="Risiko OPD lain", likelihood=3, impact=3
    )
    answer = Answer.objects.get(period=period, item__code="I1")
    services.save_answer(user=evaluator, answer=answer, version=answer.version, level=3, assigned_opd=opd)
    return {"mine": mine, "theirs": theirs, "own_risk": own_risk, "other_risk": other_risk}


@pytest.fixture
def users(evaluator, opd, other_opd):
    return {
        "admin": evaluator,
        "viewer": make_user(Role.VIEWER, username="pembaca"),
        "staff": make_user(Role.OPD_STAFF, opd=opd, username="staf-dinkes"),
        "other_staff": make_user(Role.OPD_STAFF, opd=other_opd, username="staf-dinhub"),
    }


# (action, method, url, {role: expected status})
def _matrix(w):
    own, other = w["own_risk"].pk, w["other_risk"].pk
    return [
        ("list periods", "get", "/evaluation/", {"admin": 200, "viewer": 200, "staff": 200, "other_staff": 200}),
        ("scorecard", "get", "/evaluation/2025/", {"admin": 200, "viewer": 200, "staff": 200, "other_staff": 200}),
        (
            "answer assigned item",
            "get",
            "/evaluation/2025/items/I1/",
            {"admin": 200, "viewer": 403, "staff": 200, "other_staff": 403},
        ),
        (
            "answer unassigned item",
            "get",
            "/evaluation/2025/items/I2/",
            {"admin": 200, "viewer": 403, "staff": 403, "other_staff": 403},
        ),
        (
            "weights",
            "get",
            "/evaluation/2025/weights/",
            {"admin": 200, "viewer": 403, "staff": 403, "other_staff": 403},
        ),
        (
            "finalise",
            "post",
            "/evaluation/2025/finalise/",
            {"admin": 302, "viewer": 403, "staff": 403, "other_staff": 403},
        ),
        ("risk list", "get", "/risks/", {"admin": 200, "viewer": 200, "staff": 200, "other_staff": 200}),
        ("add risk", "get", "/risks/new/", {"admin": 200, "viewer": 403, "staff": 200, "other_staff": 200}),
        (
            "edit own agency's risk",
            "get",
            f"/risks/{own}/edit/",
            {"admin": 200, "viewer": 403, "staff": 200, "other_staff": 403},
        ),
        (
            "edit another agency's risk",
            "get",
            f"/risks/{other}/edit/",
            {"admin": 200, "viewer": 403, "staff": 403, "other_staff": 200},
        ),
    ]


@pytest.mark.parametrize("role", ["admin", "viewer", "staff", "other_staff"])
def test_page_matrix(client, world, users, role):
    client.force_login(users[role])
    for action, method, url, expected in _matrix(world):
        response = getattr(client, method)(url)
        assert response.status_code == expected[role], f"{role} · {action}: {response.status_code}"


def test_only_the_admin_finalises(client, world, users, period):
    for role in ("viewer", "staff", "other_staff"):
        client.force_login(users[role])
        client.post("/evaluation/2025/finalise/", {"version": period.version})
        period.refresh_from_db()
        assert not period.is_final
    client.force_login(users["admin"])
    client.post("/evaluation/2025/finalise/", {"version": period.version})
    period.refresh_from_db()
    assert period.is_final


def test_staff_cannot_save_another_agencys_risk(client, world, users):
    risk = world["other_risk"]
    client.force_login(users["staff"])
    response = client.post(
        f"/risks/{risk.pk}/edit/",
        {
            "version": risk.version,
            "initiative": world["mine"].pk,
            "title": "Diambil alih",
            "likelihood": 1,
            "impact": 1,
            "status": "closed",
        },
    )
    assert response.status_code == 403
    risk.refresh_from_db()
    assert risk.title == "Risiko OPD lain"


def test_staff_adds_a_risk_only_to_their_agencys_initiatives(client, world, users):
    client.force_login(users["staff"])
    refused = client.post(
        "/risks/new/", {"initiative": world["theirs"].pk, "title": "X", "likelihood": 2, "impact": 2, "status": "open"}
    )
    assert refused.status_code == 200 and not Risk.objects.filter(title="X").exists()
    client.post(
        "/risks/new/", {"initiative": world["mine"].pk, "title": "Y", "likelihood": 3, "impact": 2, "status": "open"}
    )
    risk = Risk.objects.get(title="Y")
    assert risk.level == "high" and risk.owner_opd == world["mine"].lead_opd


def test_staff_answers_the_item_assigned_to_their_agency(client, world, users):
    answer = Answer.objects.get(period__year=2025, item__code="I1")
    client.force_login(users["staff"])
    response = client.post(
        "/evaluation/2025/items/I1/", {"version": answer.version, "level": 5, "justification": "Sudah terintegrasi."}
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    assert (answer.level, answer.answered_by) == (5, users["staff"])


@pytest.mark.api
@pytest.mark.parametrize("role", ["admin", "viewer", "staff", "other_staff"])
def test_api_matrix(world, users, role):
    api = APIClient()
    api.force_authenticate(users[role])
    assert api.get("/api/v1/evaluations/").status_code == 200
    assert api.get("/api/v1/evaluations/2025/").status_code == 200
    assert api.get("/api/v1/evaluations/1999/").status_code == 404
    risks = api.get("/api/v1/risks/")
    assert risks.status_code == 200 and risks.json()["count"] == 2
    patch = api.patch("/api/v1/evaluations/2025/", {"version": 1, "weights": {}}, format="json")
    assert patch.status_code == (400 if role == "admin" else 403)
    assert api.post("/api/v1/risks/", {}, format="json").status_code == 405


@pytest.mark.api
def test_api_anonymous_is_refused(world):
    api = APIClient()
    assert api.get("/api/v1/evaluations/").status_code == 401
    assert api.get("/api/v1/risks/").status_code == 401


def test_anonymous_pages_go_to_login(client, world):
    for url in ("/evaluation/", "/evaluation/2025/", "/risks/", "/evaluation/2025/export.xlsx"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_admin_edits_the_framework_through_the_service(client, framework, evaluator):
    from evaluation.models import Component

    evaluator.is_superuser = True  # Django's admin asks for model permissions; a superuser has them all
    evaluator.save()
    client.force_login(evaluator)
    component = Component.objects.get(code="impact")
    response = client.post(
        f"/admin/evaluation/component/{component.pk}/change/",
        {"code": "impact", "name": "Dampak", "name_en": "Impact", "description": "", "weight": "25", "order": 4},
    )
    assert response.status_code == 302
    component.refresh_from_db()
    assert (component.name, str(component.weight)) == ("Dampak", "25.00")


def test_viewer_cannot_change_the_framework_through_the_service(framework, users):
    from django.core.exceptions import PermissionDenied

    from evaluation.models import Component

    with pytest.raises(PermissionDenied):
        services.save_component(user=users["viewer"], component=Component.objects.get(code="impact"))
