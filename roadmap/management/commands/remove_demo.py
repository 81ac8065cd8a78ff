"""python manage.py remove_demo [--check] — delete the demo loaded by load_demo, unless real data depends on it."""

from django.core.management.base import BaseCommand, CommandError

from roadmap.demo_removal import DemoInUse, demo_blockers, remove_demo


class Command(BaseCommand):
    help = (
        "Delete the demo masterplan, its agencies, dimensions, indicators and demo accounts "
        "(refuses when real data depends on them)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Only list what would stop the removal.")

    def handle(self, *args, check=False, **options):
        if check:
            reasons = demo_blockers()
            for reason in reasons:
                self.stdout.write(f"- {reason}")
            self.stdout.write("The demo can be removed." if not reasons else "The demo cannot be removed.")
            return
        try:
            counts = remove_demo()
        except DemoInUse as exc:
            lines = "\n".join(f"- {r}" for r in exc.reasons)
            raise CommandError(f"The demo was not removed: real data depends on it.\n{lines}") from exc
        done = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "nothing (no demo loaded)"
        self.stdout.write(f"Demo removed: {done}.")
