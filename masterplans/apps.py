from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MasterplansConfig(AppConfig):
    name = "masterplans"
    verbose_name = _("Masterplans")
