"""python manage.py load_demo — load (or refresh) the demo masterplan; a second run changes nothing."""
from django.core.management.base import BaseCommand

from roadmap.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo smart city masterplan (idempotent)."

    def handle(self, *args, **options):
        counts = load_demo()
        self.stdout.write(f"Demo masterplan loaded: {counts.line()}.")
