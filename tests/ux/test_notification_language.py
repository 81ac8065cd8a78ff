"""Stored notifications are shown in the reader's language, whatever language they were written in (issue 15)."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.models import Notification
from notifications.services import notify
from opd.choices import Role
from tests.factories import make_user

pytestmark = pytest.mark.db


def test_a_notification_written_in_indonesian_reads_in_english_after_switching(client, db, settings):
    settings.LANGUAGE_CODE = "id"
    user = make_user(Role.VIEWER, username="pimpinan", language="id")
    notify([user], "test", lambda: (_("Page not found"), _("Too many requests")), email=False)
    stored = Notification.objects.get(recipient=user)
    assert (stored.language, stored.title) == ("id", "Halaman tidak ditemukan")
    client.force_login(user)
    assert "Halaman tidak ditemukan" in client.get(reverse("notifications:list")).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(reverse("notifications:list")).content.decode()
    assert "Page not found" in html and "Too many requests" in html
    assert "Halaman tidak ditemukan" not in html
