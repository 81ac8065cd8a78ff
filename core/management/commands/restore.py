"""python manage.py restore PATH [--database-url URL] [--media-root DIR] [--yes] — restore a backup (core.backup)."""

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backups, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup written by manage.py backup: the database (pg_restore into an existing database, or "
        "the SQLite file) and MEDIA_ROOT. Replaces what the target holds."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="The backup directory (default: the newest in BACKUP_DIR).")
        parser.add_argument("--database-url", help="Restore into this database instead of the configured one.")
        parser.add_argument("--media-root", help="Restore the media here instead of MEDIA_ROOT.")
        parser.add_argument("--yes", action="store_true", help="Do not ask before replacing the data.")

    def handle(self, *args, path=None, database_url=None, media_root=None, yes=False, **options):
        if path is None:
            found = backups()
            if not found:
                raise CommandError("No backup found in BACKUP_DIR; name the backup directory.")
            path = found[-1]
        if not yes:
            answer = input(f"Replace the database and the media with the backup {path}? Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            manifest = restore_backup(path, database_url=database_url, media_root=media_root)
        except BackupError as exc:
            raise CommandError(f"Restore failed: {exc}") from exc
        self.stdout.write(
            f"Restored the backup of {manifest['created']} ({len(manifest['tables'])} tables). "
            "Run manage.py migrate if the code is newer than the backup."
        )
