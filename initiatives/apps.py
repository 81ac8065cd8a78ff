from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _install_summary_triggers(sender, using="default", **kwargs):
    """After every migrate: the summary triggers exist and the summaries are whole (see initiatives/summary.py), and
    the change log behind the cached roll-ups is in place (initiatives/snapshots.py)."""
    from . import snapshots  # noqa: PLC0415 - app registry ready: models may be imported now
    from .summary import SUMMARY, install  # noqa: PLC0415 - app registry ready: models may be imported now

    connection = connections[using]
    if SUMMARY in connection.introspection.table_names():
        install(connection)
        snapshots.install(connection)


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives and reports")

    def ready(self):
        from .reminders import register  # noqa: PLC0415 - app registry ready: models may be imported now

        register()
        post_migrate.connect(_install_summary_triggers, sender=self, dispatch_uid="initiatives_summary_triggers")
