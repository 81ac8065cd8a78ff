"""Milestones are never silently overwritten: a save, completion, reopening or deletion on top of someone else's newer
version is refused, shows what changed and who, and keeps the user's input."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from core.exceptions import ConflictError
from initiatives import services
from initiatives.models import Milestone
from tests.factories import MilestoneFactory

pytestmark = [pytest.mark.db, pytest.mark.django_db]


def form_data(milestone, **changes):
    data = {
        "title": milestone.title,
        "due_date": milestone.due_date.isoformat(),
        "completed_date": "",
        "version": milestone.version,
    }
    data.update(changes)
    return data


def test_two_users_edit_the_same_milestone(staff_user, second_staff, initiative):
    milestone = MilestoneFactory(initiative=initiative, title="Tender", due_date=dt.date(2026, 6, 30))
    first, second = Client(), Client()
    first.force_login(staff_user)
    second.force_login(second_staff)
    url = reverse("initiatives:milestone-edit", args=[milestone.pk])
    assert first.get(url).context["form"]["version"].value() == 1
    assert second.get(url).context["form"]["version"].value() == 1

    assert first.post(url, form_data(milestone, title="Tender ulang", due_date="2026-09-30")).status_code == 302
    response = second.post(url, form_data(milestone, title="Tender B", completed_date="2026-05-02"))
    assert response.status_code == 409
    html = response.content.decode()
    conflict = response.context["conflict"]
    assert conflict["changed_by"] == staff_user
    assert {row["label"] for row in conflict["changes"]} == {"title", "due date"}
    assert "Tender ulang" in html and "staff1" in html and 'id="conflict"' in html
    # the second user's input is still in the form, now at the current version
    form = response.context["form"]
    assert (form["title"].value(), form["completed_date"].value()) == ("Tender B", "2026-05-02")
    assert int(form["version"].value()) == 2
    assert 'value="Tender B"' in html
    # the first user's save is stored untouched
    milestone.refresh_from_db()
    assert (milestone.title, milestone.due_date, milestone.completed_date, milestone.version) == (
        "Tender ulang",
        dt.date(2026, 9, 30),
        None,
        2,
    )

    # saving again, deliberately, on top of the newer version works
    again = second.post(
        url, {**form_data(milestone, title="Tender B", completed_date="2026-05-02"), "version": form["version"].value()}
    )
    assert again.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.title, milestone.completed_date, milestone.version) == ("Tender B", dt.date(2026, 5, 2), 3)
    assert [h.history_user for h in milestone.history.order_by("history_id")][1:] == [staff_user, second_staff]


def test_completing_a_milestone_changed_meanwhile_is_refused_with_who_changed_it(
    client, staff_user, second_staff, initiative
):
    milestone = MilestoneFactory(initiative=initiative, title="Kontrak", due_date=dt.date(2026, 6, 30))
    services.save_milestone(
        second_staff,
        initiative,
        milestone=milestone,
        title="Kontrak kerja",
        due_date=milestone.due_date,
        expected_version=1,
    )
    client.force_login(staff_user)
    response = client.post(
        reverse("initiatives:milestone-complete", args=[milestone.pk]),
        {"completed_date": "2026-05-01", "version": "1"},
        follow=True,
    )
    html = response.content.decode()
    assert "someone else changed this milestone" in html and "staff2" in html and "Kontrak kerja" in html
    milestone.refresh_from_db()
    assert (milestone.completed_date, milestone.version) == (None, 2)
    # the detail page carries the current version in its one-click forms
    page = client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    assert '<input type="hidden" name="version" value="2">' in page
    client.post(
        reverse("initiatives:milestone-complete", args=[milestone.pk]), {"completed_date": "2026-05-01", "version": "2"}
    )
    milestone.refresh_from_db()
    assert (milestone.completed_date, milestone.version) == (dt.date(2026, 5, 1), 3)


def test_reopening_and_deleting_a_stale_milestone_are_refused(client, staff_user, initiative):
    milestone = MilestoneFactory(
        initiative=initiative, due_date=dt.date(2026, 6, 30), completed_date=dt.date(2026, 6, 1)
    )
    services.save_milestone(
        staff_user,
        initiative,
        milestone=milestone,
        title="Judul baru",
        due_date=milestone.due_date,
        completed_date=milestone.completed_date,
    )
    client.force_login(staff_user)
    client.post(reverse("initiatives:milestone-reopen", args=[milestone.pk]), {"version": "1"})
    milestone.refresh_from_db()
    assert milestone.completed_date == dt.date(2026, 6, 1)
    delete_url = reverse("initiatives:milestone-delete", args=[milestone.pk])
    assert 'name="version" value="2"' in client.get(delete_url).content.decode()
    response = client.post(delete_url, {"version": "1"}, follow=True)
    assert "someone else changed this milestone" in response.content.decode()
    assert Milestone.objects.filter(pk=milestone.pk).exists()
    client.post(delete_url, {"version": "2"})
    assert not Milestone.objects.filter(pk=milestone.pk).exists()


def test_services_check_and_increment_the_version(staff_user, initiative):
    milestone = services.save_milestone(staff_user, initiative, title="Tahap 1", due_date=dt.date(2026, 6, 30))
    assert milestone.version == 1
    stale = Milestone.objects.get(pk=milestone.pk)
    services.complete_milestone(staff_user, milestone, completed_date=dt.date(2026, 6, 1), expected_version=1)
    with pytest.raises(ConflictError) as info:
        services.save_milestone(
            staff_user, initiative, milestone=stale, title="Lama", due_date=stale.due_date, expected_version=1
        )
    assert [label for label, _old, _new in info.value.changes] == ["completed on"]
    assert info.value.changed_by == staff_user
    # completing from a stale in-memory copy keeps the stored title and due date
    services.save_milestone(
        staff_user,
        initiative,
        milestone=milestone,
        title="Tahap 1 (baru)",
        due_date=dt.date(2026, 7, 31),
        completed_date=None,
        expected_version=2,
    )
    services.complete_milestone(staff_user, stale)
    stale.refresh_from_db()
    assert (stale.title, stale.due_date, stale.version) == ("Tahap 1 (baru)", dt.date(2026, 7, 31), 4)
    with pytest.raises(ValidationError):
        services.reopen_milestone(staff_user, stale, expected_version="x")


def test_a_masterplan_import_that_changes_a_milestone_moves_its_version(staff_user, initiative, tmp_path):
    """A form opened before an import that changed the milestone must not overwrite the imported values."""
    from roadmap.masterplan_io.exporter import export_masterplan
    from roadmap.masterplan_io.importer import import_masterplan

    milestone = MilestoneFactory(initiative=initiative, title="Peluncuran", due_date=dt.date(2026, 6, 30))
    path = tmp_path / "plan.xlsx"
    export_masterplan(initiative.masterplan, path)
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    sheet = workbook["milestones"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("due_date") + 1, value="2026-08-31")
    workbook.save(path)
    report = import_masterplan(path)
    assert report.ok, report.problems
    milestone.refresh_from_db()
    assert (milestone.due_date, milestone.version) == (dt.date(2026, 8, 31), 2)
    with pytest.raises(ConflictError):
        services.save_milestone(
            staff_user,
            initiative,
            milestone=milestone,
            title="Peluncuran",
            due_date=dt.date(2026, 6, 30),
            expected_version=1,
        )


def test_a_change_in_the_django_admin_moves_the_version(client, staff_user, initiative):
    from django.contrib.auth import get_user_model

    milestone = MilestoneFactory(initiative=initiative, title="Tender", due_date=dt.date(2026, 6, 30))
    root = get_user_model().objects.create_superuser("root", "root@example.go.id", "x-Secret-123")
    client.force_login(root)
    response = client.post(
        reverse("admin:initiatives_milestone_change", args=[milestone.pk]),
        {"initiative": initiative.pk, "title": "Tender (admin)", "due_date": "2026-06-30", "completed_date": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    milestone.refresh_from_db()
    assert (milestone.title, milestone.version) == ("Tender (admin)", 2)
    with pytest.raises(ConflictError):
        services.save_milestone(
            staff_user, initiative, milestone=milestone, title="Tender", due_date=milestone.due_date, expected_version=1
        )


def test_a_change_in_the_initiative_admins_milestone_inline_moves_the_version(client, initiative):
    from django.contrib.auth import get_user_model

    changed = MilestoneFactory(initiative=initiative, title="Tender", due_date=dt.date(2026, 6, 30))
    untouched = MilestoneFactory(initiative=initiative, title="Kontrak", due_date=dt.date(2026, 8, 31))
    root = get_user_model().objects.create_superuser("root", "root@example.go.id", "x-Secret-123")
    client.force_login(root)
    url = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data["supporting_opds"] = [o.pk for o in initiative.supporting_opds.all()]
    data["indicators"] = []
    data.update(
        {
            "masterplan": initiative.masterplan_id,
            "dimension": initiative.dimension_id,
            "lead_opd": initiative.lead_opd_id,
        }
    )
    data.update(
        {
            "budget_lines-TOTAL_FORMS": 0,
            "budget_lines-INITIAL_FORMS": 0,
            "milestones-TOTAL_FORMS": 2,
            "milestones-INITIAL_FORMS": 2,
            "milestones-0-id": changed.pk,
            "milestones-0-initiative": initiative.pk,
            "milestones-0-title": "Tender ulang",
            "milestones-0-due_date": "2026-06-30",
            "milestones-0-completed_date": "",
            "milestones-1-id": untouched.pk,
            "milestones-1-initiative": initiative.pk,
            "milestones-1-title": "Kontrak",
            "milestones-1-due_date": "2026-08-31",
            "milestones-1-completed_date": "",
        }
    )
    data = {k: v for k, v in data.items() if k != "sub_dimension" or v}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    changed.refresh_from_db()
    untouched.refresh_from_db()
    assert (changed.title, changed.version) == ("Tender ulang", 2)
    assert untouched.version == 1
