"""manage.py check, migrations in sync, load_demo idempotent, adduser and ensure_admin."""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from dimensions.models import Dimension
from initiatives.choices import Horizon, InitiativeStatus, ReportState
from initiatives.models import Initiative, ProgressReport
from masterplans.models import Masterplan
from opd.models import Membership, Opd

pytestmark = pytest.mark.db


def test_system_check_is_clean():
    out = StringIO()
    call_command("check", stdout=out)
    assert "no issues" in out.getvalue()


def test_no_missing_migrations(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def _row_counts():
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label in {"opd", "dimensions", "roadmap", "initiatives", "auth"}
    }


def test_load_demo_is_idempotent_and_realistic(db):
    call_command("load_demo", stdout=StringIO())
    first = _row_counts()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert _row_counts() == first
    assert "nothing changed" in out.getvalue()

    plan = Masterplan.objects.get()
    assert plan.is_demo and plan.status == "active" and plan.end_year - plan.start_year == 4
    assert plan.roadmap_years.count() == 5
    assert set(Dimension.objects.values_list("code", flat=True)) == {
        "economy",
        "living",
        "mobility",
        "environment",
        "government",
        "people",
    }
    for dimension in Dimension.objects.all():
        assert 3 <= dimension.sub_dimensions.count() <= 5
        assert 2 <= dimension.indicators.count() <= 3
        assert {f.kind for f in dimension.findings.all()} == {"existing", "problem", "uniqueness", "potential"}
        assert dimension.initiatives.count() >= 5
        assert dimension.description
    for indicator in apps.get_model("dimensions", "Indicator").objects.all():
        assert indicator.targets.count() == 5 and indicator.baseline is not None
    assert Opd.objects.count() >= 25
    initiatives = Initiative.objects.all()
    assert initiatives.count() >= 60
    assert initiatives.values("lead_opd").distinct().count() >= 15
    assert set(initiatives.values_list("horizon", flat=True)) == set(Horizon.values)
    assert set(initiatives.values_list("status", flat=True)) == set(InitiativeStatus.values)
    assert set(initiatives.values_list("start_year", flat=True)) == set(plan.years)
    assert set(ProgressReport.objects.values_list("state", flat=True)) == set(ReportState.values)
    assert apps.get_model("initiatives", "BudgetLine").objects.count() >= 60
    assert apps.get_model("initiatives", "Milestone").objects.count() >= 60


def test_adduser_creates_staff_with_generated_password(db):
    Opd.objects.create(code="DINKES", abbreviation="Dinkes", name="Dinas Kesehatan")
    out = StringIO()
    call_command("adduser", "budi", "--role", "opd_staff", "--opd", "DINKES", "--email", "budi@x.go.id", stdout=out)
    user = get_user_model().objects.get(username="budi")
    password = out.getvalue().split("Password: ")[1].strip()
    assert user.check_password(password)
    assert user.membership.role == "opd_staff" and user.membership.opd.code == "DINKES"
    assert user.email == "budi@x.go.id"


def test_adduser_updates_an_existing_user(db):
    call_command("adduser", "sari", "--role", "viewer", "--password", "Kata-Sandi-Panjang-1", stdout=StringIO())
    call_command("adduser", "sari", "--role", "admin", "--password", "Kata-Sandi-Panjang-2", stdout=StringIO())
    user = get_user_model().objects.get(username="sari")
    assert user.membership.role == "admin" and user.is_staff
    assert user.check_password("Kata-Sandi-Panjang-2")
    assert get_user_model().objects.filter(username="sari").count() == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["--role", "boss"], "Unknown role"),
        (["--role", "opd_staff"], "need an agency"),
        (["--role", "opd_staff", "--opd", "NOPE"], "Unknown agency code"),
        (["--role", "viewer", "--email", "not-an-email"], "not a valid e-mail"),
    ],
)
def test_adduser_bad_input_fails_with_one_line_and_changes_nothing(db, args, message):
    with pytest.raises(CommandError) as excinfo:
        call_command("adduser", "tono", *args, stdout=StringIO())
    assert message in str(excinfo.value)
    assert "\n" not in str(excinfo.value)
    assert not get_user_model().objects.filter(username="tono").exists()
    assert not Membership.objects.exists()


def test_adduser_exits_non_zero_from_the_command_line(db):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "manage.py", "adduser", "x", "--role", "boss"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0 and "boss" in result.stderr


def test_ensure_admin_creates_one_admin_once(db):
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    assert "password:" in out.getvalue()
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.membership.role == "admin"
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    assert "already exists" in out.getvalue()
    assert get_user_model().objects.filter(membership__role="admin").count() == 1
