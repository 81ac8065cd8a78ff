from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives and reports")

    def ready(self):
        from .reminders import register  # noqa: PLC0415 - app registry ready: models may be imported now

        register()
