"""python manage.py install_evaluation_framework — add the default evaluation framework where it is missing."""

from django.core.management.base import BaseCommand

from evaluation.services import install_default_framework


class Command(BaseCommand):
    help = "Install the default Smart City evaluation framework (idempotent; never overwrites an edit)."

    def handle(self, *args, **options):
        created = install_default_framework()
        self.stdout.write(", ".join(f"{kind}: {n}" for kind, n in created.items()) + " created.")
