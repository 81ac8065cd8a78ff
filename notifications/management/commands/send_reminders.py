"""Run the reminder rules now, synchronously (for installations that use cron instead of Celery beat)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from notifications.choices import ReminderRule
from notifications.services import run_reminders


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--date must be YYYY-MM-DD, not {value!r}") from exc


class Command(BaseCommand):
    requires_system_checks = []  # a cron job: the checks cost more than half a second of a run that aims at seconds
    help = "Evaluate the reminder rules and send e-mails and notifications (the same logic as the Celery task)."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=str, help="Evaluate the rules as of this day (YYYY-MM-DD); default today.")
        parser.add_argument("--dry-run", action="store_true", help="List what would be sent, to whom; send nothing.")

    def handle(self, *args, date=None, dry_run=False, **options):
        today = _date(date) if date else None
        run = run_reminders(today, dry_run=dry_run, inline=True)
        verb = "Would send" if dry_run else "Sent"
        for planned in run.reminders:
            user = planned.recipient
            self.stdout.write(
                f"{verb} [{planned.rule}] {ReminderRule(planned.rule).label} to {user.username} "
                f"<{user.email or '-'}>: {len(planned.items)} item(s)"
            )
            for item in planned.items:
                self.stdout.write(f"    {item.stage}: {item.label} ({item.key})")
        summary = f"{run.today.isoformat()}: {len(run.reminders)} message(s) {'to send' if dry_run else 'sent'}"
        summary += f", {run.already_sent} reminder(s) already sent earlier."
        if dry_run:
            summary += " Dry run: nothing was sent or recorded."
        self.stdout.write(self.style.SUCCESS(summary))
