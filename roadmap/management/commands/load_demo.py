"""python manage.py load_demo [--demo-passwords] — load (or refresh) the demo masterplan; a second run changes
nothing. ``--demo-passwords`` also gives every demo account the published demo password and prints the accounts."""

from django.core.management.base import BaseCommand

from roadmap.demo import DEMO_PASSWORD, load_demo, set_demo_passwords


class Command(BaseCommand):
    help = "Load the demo smart city masterplan (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-passwords",
            action="store_true",
            help=f"Give every demo account the password {DEMO_PASSWORD!r} (demo installations only) "
            "and print the accounts.",
        )

    def handle(self, *args, **options):
        counts = load_demo()
        self.stdout.write(f"Demo masterplan loaded: {counts.line()}.")
        if options["demo_passwords"]:
            rows = set_demo_passwords()
            self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
            for username, role, agency in rows:
                self.stdout.write(f"  {username:<28} {role:<10} {agency}")
