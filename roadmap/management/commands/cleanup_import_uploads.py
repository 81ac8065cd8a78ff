"""python manage.py cleanup_import_uploads [--days N] [--dry-run] — delete the uploaded files of finished masterplan
import jobs older than N days (default MASTERPLAN_IMPORT_KEEP_DAYS); the jobs themselves stay listed."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from roadmap.services import delete_old_import_uploads


class Command(BaseCommand):
    help = "Delete uploaded files of finished masterplan import jobs older than --days (the job rows stay)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="age in days (default: the MASTERPLAN_IMPORT_KEEP_DAYS setting, 30)"
        )
        parser.add_argument("--dry-run", action="store_true", help="count the files, delete nothing")

    def handle(self, *args, **options):
        if options["days"] is not None and options["days"] < 0:
            raise CommandError(_("--days must be 0 or more."))
        count = delete_old_import_uploads(days=options["days"], dry_run=options["dry_run"])
        if options["dry_run"]:
            self.stdout.write(_("%(count)s upload(s) would be deleted.") % {"count": count})
        else:
            self.stdout.write(_("%(count)s upload(s) deleted.") % {"count": count})
