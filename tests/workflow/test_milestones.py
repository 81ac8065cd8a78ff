"""Milestones on the initiative page: the lead agency's staff and admins add, edit, complete, reopen and delete them;
dates are checked; every change is in the history with who made it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from initiatives import selectors, services
from initiatives.models import Milestone
from tests.factories import MilestoneFactory

pytestmark = [pytest.mark.db, pytest.mark.django_db]


def test_staff_adds_a_milestone_and_sees_it_with_the_history(client, staff_user, initiative):
    client.force_login(staff_user)
    response = client.post(
        reverse("initiatives:milestone-create", args=[initiative.pk]),
        {"title": "Aplikasi diluncurkan", "due_date": "2027-03-31"},
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get(initiative=initiative)
    assert (milestone.title, milestone.due_date, milestone.completed_date) == (
        "Aplikasi diluncurkan",
        dt.date(2027, 3, 31),
        None,
    )
    page = client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    assert "Aplikasi diluncurkan" in page
    assert reverse("initiatives:milestone-edit", args=[milestone.pk]) in page
    entry = next(e for e in selectors.initiative_history(initiative) if "Aplikasi diluncurkan" in e.subject)
    assert entry.action == "created" and entry.user == staff_user


def test_due_date_outside_the_initiatives_years_is_refused_with_a_message(client, staff_user, initiative):
    client.force_login(staff_user)
    response = client.post(
        reverse("initiatives:milestone-create", args=[initiative.pk]),
        {"title": "Terlalu jauh", "due_date": "2030-01-15"},
    )
    assert response.status_code == 400
    assert "within the initiative&#x27;s years (2025–2027)" in response.content.decode()
    assert not Milestone.objects.exists()


def test_an_empty_title_is_refused(client, staff_user, initiative):
    client.force_login(staff_user)
    response = client.post(
        reverse("initiatives:milestone-create", args=[initiative.pk]), {"title": "  ", "due_date": "2026-01-15"}
    )
    assert response.status_code == 400
    assert not Milestone.objects.exists()


def test_completing_defaults_to_today_and_the_future_is_refused(client, staff_user, initiative):
    milestone = MilestoneFactory(initiative=initiative, due_date=dt.date(2026, 6, 30))
    client.force_login(staff_user)
    url = reverse("initiatives:milestone-complete", args=[milestone.pk])
    response = client.post(url, {"completed_date": "2099-01-01", "version": milestone.version}, follow=True)
    assert "may not be in the future" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.completed_date is None
    client.post(url, {"completed_date": "", "version": milestone.version})
    milestone.refresh_from_db()
    assert milestone.completed_date == timezone.localdate()


def test_reopen_clears_the_completion_and_edit_keeps_the_other_fields(client, admin_user, initiative):
    milestone = MilestoneFactory(
        initiative=initiative, title="Uji", due_date=dt.date(2026, 6, 30), completed_date=dt.date(2026, 7, 2)
    )
    client.force_login(admin_user)
    client.post(reverse("initiatives:milestone-reopen", args=[milestone.pk]), {"version": milestone.version})
    milestone.refresh_from_db()
    assert milestone.completed_date is None
    client.post(
        reverse("initiatives:milestone-edit", args=[milestone.pk]),
        {"title": "Uji ulang", "due_date": "2027-02-01", "completed_date": "", "version": milestone.version},
    )
    milestone.refresh_from_db()
    assert (milestone.title, milestone.due_date, milestone.completed_date) == ("Uji ulang", dt.date(2027, 2, 1), None)
    changes = [e for e in selectors.initiative_history(initiative) if e.action == "changed" and "Uji" in e.subject]
    assert len(changes) == 2
    assert any(("title", "Uji", "Uji ulang") in [(c[0], c[1], c[2]) for c in e.changes] for e in changes)
    assert all(e.user == admin_user for e in changes)


def test_delete_is_recorded_in_the_history_with_the_user(client, staff_user, initiative):
    milestone = MilestoneFactory(initiative=initiative, title="Dihapus")
    client.force_login(staff_user)
    page = client.get(reverse("initiatives:milestone-delete", args=[milestone.pk]))
    assert "Delete the milestone “Dihapus”?" in page.content.decode()
    client.post(reverse("initiatives:milestone-delete", args=[milestone.pk]), {"version": milestone.version})
    assert not Milestone.objects.filter(pk=milestone.pk).exists()
    entry = next(e for e in selectors.initiative_history(initiative) if e.action == "deleted")
    assert "Dihapus" in entry.subject and entry.user == staff_user


def test_supporting_staff_see_no_milestone_controls(client, supporting_staff_user, initiative):
    MilestoneFactory(initiative=initiative)
    client.force_login(supporting_staff_user)
    page = client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    assert reverse("initiatives:milestone-create", args=[initiative.pk]) not in page
    assert "Mark completed" not in page


def test_service_refuses_a_milestone_of_another_initiative(staff_user, initiative, opd):
    from tests.factories import InitiativeFactory

    other = InitiativeFactory(lead_opd=opd)
    milestone = MilestoneFactory(initiative=other)
    with pytest.raises(PermissionDenied):
        services.save_milestone(staff_user, initiative, milestone=milestone, title="x", due_date=dt.date(2026, 1, 1))


def test_service_refuses_viewer(viewer_user, initiative):
    with pytest.raises(PermissionDenied):
        services.save_milestone(viewer_user, initiative, title="x", due_date=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError):
        services.save_milestone(services_admin(), initiative, title="x", due_date=dt.date(2024, 12, 31))


def services_admin():
    from opd.choices import Role
    from tests.factories import make_user

    return make_user(Role.ADMIN, username="admin_ms")


@pytest.mark.parametrize("action", ["milestone-complete", "milestone-reopen", "milestone-delete"])
def test_one_click_action_without_the_loaded_version_saves_nothing(client, staff_user, initiative, action):
    milestone = MilestoneFactory(
        initiative=initiative,
        title="Tanpa versi",
        completed_date=(dt.date(2026, 7, 1) if action == "milestone-reopen" else None),
    )
    client.force_login(staff_user)
    response = client.post(reverse(f"initiatives:{action}", args=[milestone.pk]), {}, follow=True)
    assert "Reload the page and try again" in response.content.decode()
    stored = Milestone.objects.get(pk=milestone.pk)
    assert (stored.completed_date, stored.version) == (milestone.completed_date, milestone.version)


def test_editing_without_the_loaded_version_is_a_form_error(client, staff_user, initiative):
    milestone = MilestoneFactory(initiative=initiative, title="Asli")
    client.force_login(staff_user)
    response = client.post(
        reverse("initiatives:milestone-edit", args=[milestone.pk]), {"title": "Tanpa versi", "due_date": "2026-06-30"}
    )
    assert response.status_code == 400
    assert Milestone.objects.get(pk=milestone.pk).title == "Asli"
