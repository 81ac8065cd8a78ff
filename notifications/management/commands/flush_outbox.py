"""Queue (or, with --inline, run here) the jobs kept in the outbox while the broker was unreachable."""

from django.core.management.base import BaseCommand

from notifications.services import flush_outbox


class Command(BaseCommand):
    help = "Hand pending outbox jobs (e.g. e-mails) to the Celery broker, or run them here with --inline."

    def add_arguments(self, parser):
        parser.add_argument("--inline", action="store_true", help="Run the jobs in this process (no worker needed).")

    def handle(self, *args, inline=False, **options):
        counts = flush_outbox(inline=inline)
        self.stdout.write(self.style.SUCCESS(", ".join(f"{key}: {value}" for key, value in counts.items())))
