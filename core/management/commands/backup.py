"""python manage.py backup [--dir DIR] [--keep N] — back up the database and the uploaded media (core.backup)."""

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump, or the SQLite file) and MEDIA_ROOT into BACKUP_DIR; keep the newest N."

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="Directory of the backups (default: BACKUP_DIR).")
        parser.add_argument("--keep", type=int, help="How many of the newest backups to keep (default: BACKUP_KEEP).")

    def handle(self, *args, dir=None, keep=None, **options):
        try:
            path = create_backup(dir, keep=keep)
        except BackupError as exc:
            raise CommandError(f"Backup failed: {exc}") from exc
        self.stdout.write(f"Backup written to {path}")
