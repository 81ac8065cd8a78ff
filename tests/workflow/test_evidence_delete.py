"""Deleting evidence: the uploader or an admin, while the report is open (initiative evidence at any time); the file
leaves storage after commit and the history records who deleted it."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from core.exceptions import TransitionError
from initiatives import services
from initiatives.choices import ReportState
from initiatives.models import Evidence
from tests.factories import ProgressReportFactory
from tests.workflow.conftest import files_under, pdf

pytestmark = [pytest.mark.db, pytest.mark.django_db]


@pytest.fixture
def draft(initiative):
    return ProgressReportFactory(initiative=initiative, year=2026, quarter=1, state=ReportState.DRAFT)


def stored_path(evidence):
    return Path(settings.MEDIA_ROOT) / evidence.file.name


def test_uploader_deletes_draft_evidence_file_is_gone_and_history_records_it(
    client, staff_user, initiative, draft, django_capture_on_commit_callbacks
):
    evidence = services.add_evidence(staff_user, initiative, pdf("foto.pdf"), report=draft)
    path = stored_path(evidence)
    assert path.exists()
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("initiatives:evidence-delete", args=[evidence.pk]))
    assert response.status_code == 302
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert not path.exists()
    assert files_under(settings.MEDIA_ROOT) == []
    record = Evidence.history.filter(id=evidence.pk, history_type="-").get()
    assert record.history_user == staff_user and record.original_name == "foto.pdf"


def test_evidence_of_a_submitted_report_cannot_be_deleted(client, staff_user, initiative, draft):
    evidence = services.add_evidence(staff_user, initiative, pdf(), report=draft)
    draft.state = ReportState.SUBMITTED
    draft.save()
    client.force_login(staff_user)
    response = client.post(reverse("initiatives:evidence-delete", args=[evidence.pk]), follow=True)
    assert "can no longer be deleted" in response.content.decode()
    assert Evidence.objects.filter(pk=evidence.pk).exists() and stored_path(evidence).exists()
    with pytest.raises(TransitionError):
        services.delete_evidence(staff_user, evidence)


def test_admin_deletes_evidence_of_a_returned_report(
    admin_user, staff_user, initiative, draft, django_capture_on_commit_callbacks
):
    evidence = services.add_evidence(staff_user, initiative, pdf(), report=draft)
    draft.state = ReportState.RETURNED
    draft.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_evidence(admin_user, evidence)
    assert not stored_path(evidence).exists()


def test_initiative_evidence_is_deletable_by_its_uploader_at_any_time_but_not_by_a_colleague(
    supporting_staff_user, initiative, supporting_opd, django_capture_on_commit_callbacks
):
    from opd.choices import Role
    from tests.factories import make_user

    colleague = make_user(Role.OPD_STAFF, opd=supporting_opd, username="colleague")
    evidence = services.add_evidence(supporting_staff_user, initiative, pdf())
    with pytest.raises(PermissionDenied):
        services.delete_evidence(colleague, evidence)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_evidence(supporting_staff_user, evidence)
    assert not Evidence.objects.filter(pk=evidence.pk).exists()


def test_file_stays_when_the_transaction_rolls_back(staff_user, initiative, django_capture_on_commit_callbacks):
    evidence = services.add_evidence(staff_user, initiative, pdf())
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            services.delete_evidence(staff_user, evidence)
            raise RuntimeError("later step failed")
    assert Evidence.objects.filter(pk=evidence.pk).exists() and stored_path(evidence).exists()


def test_delete_link_shown_only_to_who_may_delete(client, staff_user, viewer_user, initiative, draft):
    evidence = services.add_evidence(staff_user, initiative, pdf(), report=draft)
    url = reverse("initiatives:evidence-delete", args=[evidence.pk])
    client.force_login(staff_user)
    assert url in client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    client.force_login(viewer_user)
    assert url not in client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
