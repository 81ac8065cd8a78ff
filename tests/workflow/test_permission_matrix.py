"""The permission matrix of docs/permissions.md, by URL: every role × every action, with exact status codes and
effects. "login" means the anonymous user is sent to the login page and nothing happens."""

import datetime as dt

import pytest
from django.urls import reverse

from initiatives import services
from initiatives.choices import ReportState
from initiatives.models import Comment, Evidence, Milestone, ProgressReport
from tests.factories import MilestoneFactory, ProgressReportFactory
from tests.workflow.conftest import ROLES, pdf

pytestmark = [pytest.mark.db, pytest.mark.django_db]


@pytest.fixture
def world(initiative, admin_user, staff_user):
    draft = ProgressReportFactory(initiative=initiative, year=2026, quarter=1, state=ReportState.DRAFT)
    submitted = ProgressReportFactory(
        initiative=initiative, year=2026, quarter=2, state=ReportState.SUBMITTED, progress=77
    )
    evidence = services.add_evidence(admin_user, initiative, pdf())
    staff_evidence = services.add_evidence(staff_user, initiative, pdf("draft.pdf"), report=draft)
    milestone = MilestoneFactory(initiative=initiative, title="Tahap awal", due_date=dt.date(2026, 6, 30))
    done = MilestoneFactory(
        initiative=initiative, title="Tahap selesai", due_date=dt.date(2026, 3, 31), completed_date=dt.date(2026, 3, 20)
    )
    return {
        "initiative": initiative,
        "draft": draft,
        "submitted": submitted,
        "evidence": evidence,
        "staff_evidence": staff_evidence,
        "milestone": milestone,
        "done": done,
    }


def edit_data(w):
    i = w["initiative"]
    return {
        "code": i.code,
        "title": "Judul diubah",
        "description": "",
        "dimension": i.dimension_id,
        "lead_opd": i.lead_opd_id,
        "horizon": i.horizon,
        "start_year": i.start_year,
        "end_year": i.end_year,
        "status": i.status,
        "progress": str(i.progress),
        "version": i.version,
        "supporting_opds": [o.pk for o in i.supporting_opds.all()],
    }


def report_data(period):
    return lambda w: {
        "period": period,
        "progress": "50",
        "status": "in_progress",
        "narrative": "Diubah",
        "budget_realized": "1.000.000",
        "action": "draft",
        "version": 1,
    }


def edited(w, allowed):
    w["initiative"].refresh_from_db()
    return (w["initiative"].title == "Judul diubah") == allowed


def report_created(w, allowed):
    return ProgressReport.objects.filter(initiative=w["initiative"], year=2026, quarter=3).exists() == allowed


def draft_changed(w, allowed):
    w["draft"].refresh_from_db()
    return (w["draft"].narrative == "Diubah") == allowed


def approved(w, allowed):
    w["submitted"].refresh_from_db()
    return (w["submitted"].state == ReportState.APPROVED) == allowed


def commented(w, allowed):
    return Comment.objects.filter(initiative=w["initiative"]).exists() == allowed


def evidence_added(w, allowed):
    return (Evidence.objects.filter(initiative=w["initiative"]).count() == 3) == allowed


def milestone_added(w, allowed):
    return Milestone.objects.filter(initiative=w["initiative"], title="Uji coba").exists() == allowed


def milestone_edited(w, allowed):
    w["milestone"].refresh_from_db()
    return (w["milestone"].title == "Tahap diubah") == allowed


def milestone_completed(w, allowed):
    w["milestone"].refresh_from_db()
    return (w["milestone"].completed_date == dt.date(2026, 11, 1)) == allowed


def milestone_reopened(w, allowed):
    w["done"].refresh_from_db()
    return (w["done"].completed_date is None) == allowed


def milestone_deleted(w, allowed):
    return (not Milestone.objects.filter(pk=w["milestone"].pk).exists()) == allowed


def evidence_deleted(w, allowed):
    return (not Evidence.objects.filter(pk=w["staff_evidence"].pk).exists()) == allowed


L = "login"
# action: (method, url(world), data(world) or None, effect or None, statuses for ROLES =
#          anonymous, viewer, admin, lead-OPD staff, supporting-OPD staff, other-OPD staff)
MATRIX = {
    "view detail": (
        "get",
        lambda w: reverse("initiatives:detail", args=[w["initiative"].pk]),
        None,
        None,
        (L, 200, 200, 200, 200, 200),
    ),
    "my agency": ("get", lambda w: reverse("initiatives:mine"), None, None, (L, 200, 200, 200, 200, 200)),
    "edit form": (
        "get",
        lambda w: reverse("initiatives:edit", args=[w["initiative"].pk]),
        None,
        None,
        (L, 403, 200, 200, 403, 403),
    ),
    "edit save": (
        "post",
        lambda w: reverse("initiatives:edit", args=[w["initiative"].pk]),
        edit_data,
        edited,
        (L, 403, 302, 302, 403, 403),
    ),
    "report form": (
        "get",
        lambda w: reverse("initiatives:report-create", args=[w["initiative"].pk]),
        None,
        None,
        (L, 403, 200, 200, 403, 403),
    ),
    "report create": (
        "post",
        lambda w: reverse("initiatives:report-create", args=[w["initiative"].pk]),
        report_data("2026-3"),
        report_created,
        (L, 403, 302, 302, 403, 403),
    ),
    # a draft is private to the lead agency (and admins): the others do not learn it exists
    "report edit form": (
        "get",
        lambda w: reverse("initiatives:report-edit", args=[w["draft"].pk]),
        None,
        None,
        (L, 404, 200, 200, 404, 404),
    ),
    "report edit save": (
        "post",
        lambda w: reverse("initiatives:report-edit", args=[w["draft"].pk]),
        report_data("2026-1"),
        draft_changed,
        (L, 404, 302, 302, 404, 404),
    ),
    "review queue": ("get", lambda w: reverse("initiatives:review-queue"), None, None, (L, 403, 200, 403, 403, 403)),
    "review page": (
        "get",
        lambda w: reverse("initiatives:report-review", args=[w["submitted"].pk]),
        None,
        None,
        (L, 403, 200, 403, 403, 403),
    ),
    "approve": (
        "post",
        lambda w: reverse("initiatives:report-review", args=[w["submitted"].pk]),
        lambda w: {"action": "approve", "version": w["submitted"].version},
        approved,
        (L, 403, 302, 403, 403, 403),
    ),
    "comment": (
        "post",
        lambda w: reverse("initiatives:comment-add", args=[w["initiative"].pk]),
        lambda w: {"text": "Catatan"},
        commented,
        (L, 403, 302, 302, 302, 403),
    ),
    "comment by GET": (
        "get",
        lambda w: reverse("initiatives:comment-add", args=[w["initiative"].pk]),
        None,
        None,
        (L, 405, 405, 405, 405, 405),
    ),
    "evidence upload": (
        "post",
        lambda w: reverse("initiatives:evidence-add", args=[w["initiative"].pk]),
        lambda w: {"files": pdf("laporan.pdf"), "description": "Foto"},
        evidence_added,
        (L, 403, 302, 302, 302, 403),
    ),
    "evidence download": (
        "get",
        lambda w: reverse("initiatives:evidence-download", args=[w["evidence"].pk]),
        None,
        None,
        (L, 200, 200, 200, 200, 200),
    ),
    "draft's evidence download": (
        "get",
        lambda w: reverse("initiatives:evidence-download", args=[w["staff_evidence"].pk]),
        None,
        None,
        (L, 404, 200, 200, 404, 404),
    ),
    "milestone form": (
        "get",
        lambda w: reverse("initiatives:milestone-create", args=[w["initiative"].pk]),
        None,
        None,
        (L, 403, 200, 200, 403, 403),
    ),
    "milestone add": (
        "post",
        lambda w: reverse("initiatives:milestone-create", args=[w["initiative"].pk]),
        lambda w: {"title": "Uji coba", "due_date": "2026-09-30"},
        milestone_added,
        (L, 403, 302, 302, 403, 403),
    ),
    "milestone edit form": (
        "get",
        lambda w: reverse("initiatives:milestone-edit", args=[w["milestone"].pk]),
        None,
        None,
        (L, 403, 200, 200, 403, 403),
    ),
    "milestone edit": (
        "post",
        lambda w: reverse("initiatives:milestone-edit", args=[w["milestone"].pk]),
        lambda w: {"title": "Tahap diubah", "due_date": "2026-06-30", "version": w["milestone"].version},
        milestone_edited,
        (L, 403, 302, 302, 403, 403),
    ),
    "milestone complete": (
        "post",
        lambda w: reverse("initiatives:milestone-complete", args=[w["milestone"].pk]),
        lambda w: {"completed_date": "2026-11-01", "version": w["milestone"].version},
        milestone_completed,
        (L, 403, 302, 302, 403, 403),
    ),
    "milestone reopen": (
        "post",
        lambda w: reverse("initiatives:milestone-reopen", args=[w["done"].pk]),
        lambda w: {"version": w["done"].version},
        milestone_reopened,
        (L, 403, 302, 302, 403, 403),
    ),
    "milestone complete by GET": (
        "get",
        lambda w: reverse("initiatives:milestone-complete", args=[w["milestone"].pk]),
        None,
        None,
        (L, 405, 405, 405, 405, 405),
    ),
    "milestone delete confirm": (
        "get",
        lambda w: reverse("initiatives:milestone-delete", args=[w["milestone"].pk]),
        None,
        None,
        (L, 403, 200, 200, 403, 403),
    ),
    "milestone delete": (
        "post",
        lambda w: reverse("initiatives:milestone-delete", args=[w["milestone"].pk]),
        lambda w: {"version": w["milestone"].version},
        milestone_deleted,
        (L, 403, 302, 302, 403, 403),
    ),
    "missing milestone": (
        "post",
        lambda w: reverse("initiatives:milestone-edit", args=[999999]),
        lambda w: {"title": "x", "due_date": "2026-06-30"},
        None,
        (L, 404, 404, 404, 404, 404),
    ),
    "evidence delete confirm": (
        "get",
        lambda w: reverse("initiatives:evidence-delete", args=[w["staff_evidence"].pk]),
        None,
        None,
        (L, 403, 200, 200, 403, 403),
    ),
    "evidence delete (uploader or admin)": (
        "post",
        lambda w: reverse("initiatives:evidence-delete", args=[w["staff_evidence"].pk]),
        lambda w: {},
        evidence_deleted,
        (L, 403, 302, 302, 403, 403),
    ),
    "missing initiative": (
        "get",
        lambda w: reverse("initiatives:detail", args=[999999]),
        None,
        None,
        (L, 404, 404, 404, 404, 404),
    ),
    "missing initiative edit": (
        "get",
        lambda w: reverse("initiatives:edit", args=[999999]),
        None,
        None,
        (L, 404, 404, 404, 404, 404),
    ),
    "missing evidence": (
        "get",
        lambda w: reverse("initiatives:evidence-download", args=[999999]),
        None,
        None,
        (L, 404, 404, 404, 404, 404),
    ),
}

CASES = [
    pytest.param(action, role, spec[4][index], id=f"{action}-{role}")
    for action, spec in MATRIX.items()
    for index, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("action", "role", "expected"), CASES)
def test_permission_matrix(action, role, expected, world, client_for):
    method, url, data, effect, _statuses = MATRIX[action]
    client = client_for(role)
    response = getattr(client, method)(url(world), data(world) if data else None)
    if expected == L:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected
        if expected == 302:
            assert not response["Location"].startswith(reverse("login"))
    if effect is not None:
        assert effect(world, allowed=expected == 302)


@pytest.mark.parametrize("url_name", ["initiatives:detail", "initiatives:edit", "initiatives:report-create"])
def test_signed_in_user_without_portal_role_is_refused(client, no_role_user, initiative, url_name):
    client.force_login(no_role_user)
    assert client.get(reverse(url_name, args=[initiative.pk])).status_code == 403


def test_initiative_of_an_archived_masterplan_is_readable_but_not_changeable(client, staff_user, initiative):
    from masterplans.choices import MasterplanStatus
    from tests.factories import MasterplanFactory

    initiative.masterplan.status = MasterplanStatus.ARCHIVED
    initiative.masterplan.save()
    MasterplanFactory(start_year=2030)  # the new active plan
    client.force_login(staff_user)
    assert client.get(reverse("initiatives:detail", args=[initiative.pk])).status_code == 200
    assert client.get(reverse("initiatives:edit", args=[initiative.pk])).status_code == 404
    assert client.get(reverse("initiatives:report-create", args=[initiative.pk])).status_code == 404
