"""manage.py backup and restore: a round trip on PostgreSQL into a new database gives the same rows (history
included) and the same uploaded files; only the newest BACKUP_KEEP backups are kept."""

import json
import uuid

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from core.backup import MANIFEST, PREFIX, BackupError, backups, prune, restore_backup, table_counts
from initiatives.models import Initiative
from roadmap.masterplan_io.importer import import_masterplan
from tests.conftest import require_service
from tests.factories import UserFactory

from . import workbook


@pytest.fixture
def new_database():
    require_service(
        "PostgreSQL",
        connection.vendor == "postgresql",
        "the backup round trip restores into a new PostgreSQL database: set DATABASE_URL=postgres://…",
    )
    settings_dict = connection.settings_dict
    name = f"portal_golive_restore_{uuid.uuid4().hex[:8]}"
    host, port = settings_dict["HOST"] or "127.0.0.1", settings_dict["PORT"] or 5432
    base = f"postgresql://{settings_dict['USER']}@{host}:{port}"
    admin = psycopg.connect(f"{base}/postgres", autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{base}/{name}"
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_into_a_new_database_keeps_rows_history_and_files(tmp_path, settings, new_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "evidence" / "2027").mkdir(parents=True)
    (settings.MEDIA_ROOT / "evidence" / "2027" / "foto.jpg").write_bytes(b"\xff\xd8 jpeg bytes")
    (settings.MEDIA_ROOT / "imports").mkdir()
    (settings.MEDIA_ROOT / "imports" / "plan.xlsx").write_bytes(b"PK workbook")
    user = UserFactory(username="admin-backup")
    assert import_masterplan(workbook.write(tmp_path / "plan.xlsx"), user=user).ok

    call_command("backup", "--dir", str(tmp_path / "backups"), "--keep", "3")
    (path,) = backups(tmp_path / "backups")
    manifest = json.loads((path / MANIFEST).read_text())
    assert manifest["tables"] == table_counts()
    assert manifest["tables"]["initiatives_historicalinitiative"] == 12

    call_command(
        "restore", str(path), "--database-url", new_database, "--media-root", str(tmp_path / "restored"), "--yes"
    )

    with psycopg.connect(new_database) as restored:
        for table, count in manifest["tables"].items():
            assert restored.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] == count, table
        titles = [r[0] for r in restored.execute("SELECT title FROM initiatives_initiative ORDER BY code")]
        history_user = restored.execute(
            "SELECT u.username FROM masterplans_historicalmasterplan h JOIN auth_user u ON u.id = h.history_user_id"
        ).fetchone()[0]
    assert titles == list(Initiative.objects.order_by("code").values_list("title", flat=True))
    assert history_user == "admin-backup"
    assert (tmp_path / "restored" / "evidence" / "2027" / "foto.jpg").read_bytes() == b"\xff\xd8 jpeg bytes"
    assert (tmp_path / "restored" / "imports" / "plan.xlsx").read_bytes() == b"PK workbook"


def test_only_the_newest_backups_are_kept(tmp_path):
    for day in range(1, 6):
        backup = tmp_path / f"{PREFIX}202701{day:02d}-020000"
        backup.mkdir()
        (backup / MANIFEST).write_text("{}")
    (tmp_path / f".{PREFIX}20270106-020000.partial").mkdir()  # an unfinished backup is never counted
    prune(tmp_path, 3)
    assert [p.name for p in backups(tmp_path)] == [f"{PREFIX}2027010{d}-020000" for d in (3, 4, 5)]


def test_restore_refuses_a_directory_that_is_no_backup(tmp_path):
    with pytest.raises(BackupError, match="not a complete backup"):
        restore_backup(tmp_path)
