"""The initiative page's change history lists evidence uploads and deletions: which file, who, when, and the report
it backed."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from core.periods import quarter_label
from initiatives import selectors, services
from initiatives.choices import ReportState
from tests.factories import ProgressReportFactory
from tests.workflow.conftest import pdf

pytestmark = [pytest.mark.db, pytest.mark.django_db]


def evidence_entries(initiative):
    return [e for e in selectors.initiative_history(initiative) if e.subject.startswith("Evidence: ")]


def test_upload_and_deletion_appear_in_the_history_with_who_and_when(client, staff_user, admin_user, initiative):
    draft = ProgressReportFactory(initiative=initiative, year=2026, quarter=3, state=ReportState.DRAFT)
    with time_machine.travel(dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)):
        evidence = services.add_evidence(
            staff_user, initiative, pdf("laporan.pdf"), report=draft, description="Berita acara"
        )
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)):
        services.add_evidence(staff_user, initiative, pdf("foto.pdf"))
    with time_machine.travel(dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC)):
        services.delete_evidence(admin_user, evidence)

    entries = evidence_entries(initiative)
    assert [(e.subject, e.action, e.user) for e in entries] == [
        ("Evidence: laporan.pdf", "deleted", admin_user),
        ("Evidence: foto.pdf", "added", staff_user),
        ("Evidence: laporan.pdf", "added", staff_user),
    ]
    assert entries[0].when.date() == dt.date(2026, 11, 21)
    added = entries[2]
    assert ("description", "–", "Berita acara") in added.changes
    assert ("report", "–", quarter_label(2026, 3)) in added.changes
    assert entries[1].changes == []  # evidence of the initiative itself, without a description

    client.force_login(staff_user)
    html = client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    history = html[html.index('id="history"') :]
    assert "Evidence: laporan.pdf · deleted" in history
    assert "Evidence: laporan.pdf · added" in history
    assert "Evidence: foto.pdf · added" in history


def test_evidence_of_another_initiative_is_not_listed(staff_user, initiative, masterplan, dimension, opd):
    from tests.factories import InitiativeFactory

    other = InitiativeFactory(masterplan=masterplan, dimension=dimension, lead_opd=opd)
    services.add_evidence(staff_user, other, pdf("lain.pdf"))
    assert evidence_entries(initiative) == []
    assert [e.subject for e in evidence_entries(other)] == ["Evidence: lain.pdf"]
    assert evidence_entries(other)[0].when <= timezone.now()
