"""Every page of the portal for every role, on the demo masterplan (the data the issue-15 findings were seen on).

Used by the translation guard (tests/ux/test_translation_guard.py) and the browser tier's axe, phone-width and
screenshot checks (tests/browser/test_every_page.py), so both look at the same pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from dimensions.models import Dimension
from evaluation.models import Answer, EvaluationPeriod, Risk
from initiatives.choices import ReportState
from initiatives.models import Initiative, Milestone, ProgressReport
from opd.choices import Role
from opd.models import Membership, Opd
from roadmap.demo import DEMO_PASSWORD, DEMO_VIEWER, load_demo, set_demo_passwords

ROLES = ("admin", "viewer", "opd_staff", "anonymous")
USERNAMES = {"admin": "demo-reviewer", "viewer": DEMO_VIEWER, "opd_staff": "demo-dinkes", "anonymous": None}
PASSWORD = DEMO_PASSWORD


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    status: int = 200


def load_demo_with_accounts(*, fast_hasher: bool = True):
    """The demo masterplan, its accounts with the demo password, and a notification for each signed-in role."""
    load_demo()
    set_demo_passwords()
    User = get_user_model()
    # The staff account used here must never carry a saved language: the tests choose it with the cookie.
    Membership.objects.filter(user__username__in=[u for u in USERNAMES.values() if u]).update(language="")
    return {role: User.objects.get(username=name) for role, name in USERNAMES.items() if name}


def evaluation_pages(role: str, dinkes: Opd) -> list[Page]:
    """The evaluation and risk register (issue 13), the printable roadmap (issue 12) and, where it is public, the
    open data page (issue 14): every portal role reads; administrators edit everything; agency staff answer the
    items assigned to their agency and keep the risks of their agency; the rest is refused (403)."""
    if role == "anonymous":
        return [Page("opendata", "/opendata/")]
    year = EvaluationPeriod.objects.order_by("-year").values_list("year", flat=True).first()
    pages = [
        Page("roadmap-print", "/roadmap/print/"),
        Page("evaluation", "/evaluation/"),
        Page("evaluation-framework", "/evaluation/framework/"),
        Page("evaluation-documents", "/evaluation/documents/"),
        Page("evaluation-scorecard", f"/evaluation/{year}/"),
        Page("risks", "/risks/"),
    ]
    risks = Risk.objects.order_by("pk")
    own_risk = risks.filter(initiative__lead_opd=dinkes).first() or risks.filter(owner_opd=dinkes).first()
    other_risk = risks.exclude(initiative__lead_opd=dinkes).exclude(owner_opd=dinkes).first()
    answers = Answer.objects.filter(period__year=year).order_by("item__code").select_related("item")
    own_item = answers.filter(assigned_opd=dinkes).first()
    other_item = answers.exclude(assigned_opd=dinkes).first()
    if role == "viewer":
        return [
            *pages,
            Page("risk-new-refused", "/risks/new/", 403),
            Page("evaluation-weights-refused", f"/evaluation/{year}/weights/", 403),
        ]
    if role == "opd_staff":
        pages.append(Page("risk-new", "/risks/new/"))
        if own_item:
            pages.append(Page("evaluation-item", f"/evaluation/{year}/items/{own_item.item.code}/"))
        if own_risk:  # the demo's risks are all on other agencies' initiatives
            pages.append(Page("risk-edit", f"/risks/{own_risk.pk}/edit/"))
        return [
            *pages,
            Page("risk-edit-refused", f"/risks/{other_risk.pk}/edit/", 403),
            Page("evaluation-item-refused", f"/evaluation/{year}/items/{other_item.item.code}/", 403),
        ]
    return [
        *pages,
        Page("evaluation-item", f"/evaluation/{year}/items/{other_item.item.code}/"),
        Page("evaluation-weights", f"/evaluation/{year}/weights/"),
        Page("risk-new", "/risks/new/"),
        Page("risk-edit", f"/risks/{other_risk.pk}/edit/"),
        Page("opendata", "/opendata/"),
    ]


def pages_for(role: str) -> list[Page]:
    """The pages a role can open (status 200), with real ids from the demo data."""
    return [*core_pages_for(role), *evaluation_pages(role, Opd.objects.get(code="DINKES"))]


def core_pages_for(role: str) -> list[Page]:
    """The pages of the apps below the evaluation (issue 15's list)."""
    dinkes = Opd.objects.get(code="DINKES")
    dimension = Dimension.objects.order_by("order").first()
    own = Initiative.objects.filter(lead_opd=dinkes).order_by("code").first()
    other = Initiative.objects.exclude(lead_opd=dinkes).order_by("code").first()
    submitted = ProgressReport.objects.filter(state=ReportState.SUBMITTED).order_by("id").first()
    milestone = Milestone.objects.filter(initiative=own).order_by("id").first()
    latest = ProgressReport.objects.order_by("-year", "-quarter").first()
    common = [
        Page("dashboard", "/"),
        Page("dimension", f"/dimensions/{dimension.code}/"),
        Page("agency", f"/opd/{dinkes.code}/"),
        Page("roadmap", "/roadmap/"),
        Page("leadership-report", f"/reports/leadership/{latest.year}/{latest.quarter}/"),
        Page("initiatives", "/initiatives/"),
        Page("initiative", f"/initiatives/{own.pk}/"),
        Page("notifications", "/notifications/"),
        Page("password-change", "/accounts/password/change/"),
        Page("not-found", "/no-such-page/", 404),
    ]
    not_found = Page("not-found", "/no-such-page/", 404)
    if role == "anonymous":
        return [
            Page("login", "/accounts/login/"),
            Page("password-reset", "/accounts/password/reset/"),
            Page("public", "/public/"),
            not_found,
        ]
    if role == "viewer":
        return [
            *common,
            Page("initiative-other", f"/initiatives/{other.pk}/"),
            Page("forbidden", "/initiatives/reviews/", 403),
        ]
    if role == "opd_staff":
        pages = [
            *common,
            Page("my-agency", "/initiatives/mine/"),
            Page("report-new", f"/initiatives/{own.pk}/reports/new/"),
            Page("milestone-new", f"/initiatives/{own.pk}/milestones/new/"),
        ]
        if milestone:
            pages.append(Page("milestone-edit", f"/initiatives/milestones/{milestone.pk}/edit/"))
        return pages
    return [
        *common,
        Page("initiative-edit", f"/initiatives/{other.pk}/edit/"),
        Page("review-queue", "/initiatives/reviews/"),
        Page("report-review", f"/initiatives/reports/{submitted.pk}/review/"),
        Page("reminders", "/notifications/reminders/"),
        Page("reminder-settings", "/notifications/reminders/settings/"),
        Page("import", "/masterplan/import/"),
        Page("tokens", "/tokens/"),
        Page("public", "/public/"),
    ]


ROLE_FOR_TEST = {"admin": Role.ADMIN, "viewer": Role.VIEWER, "opd_staff": Role.OPD_STAFF}
