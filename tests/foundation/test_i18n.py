"""Indonesian by default, English a switch away, and every catalogue complete."""

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.db
ROOT = Path(__file__).resolve().parents[2]


def test_home_page_is_in_indonesian_by_default(client, admin_user, initiative, indonesian):
    client.force_login(admin_user)
    html = client.get("/").content.decode()
    assert '<html lang="id">' in html
    assert "Dasbor" in html and "Kemajuan keseluruhan" in html
    assert "Overall progress" not in html


def test_language_switch_to_english_and_back(client, admin_user, initiative, indonesian):
    client.force_login(admin_user)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html and "Overall progress" in html
    assert "Smart Living" in html  # the dimension's English name
    client.post("/i18n/setlang/", {"language": "id", "next": "/"})
    assert "Kemajuan keseluruhan" in client.get("/").content.decode()


def test_login_page_in_indonesian(client, db, indonesian):
    html = client.get("/accounts/login/").content.decode()
    assert "Masuk" in html


def test_indonesian_catalogue_is_complete():
    result = subprocess.run([sys.executable, "scripts/i18n.py", "check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_english_catalogue_never_falls_back_to_indonesian():
    import polib

    po = polib.pofile(str(ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in po if not e.obsolete and not e.translated()]
    assert missing == []
