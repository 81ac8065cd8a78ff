from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DimensionsConfig(AppConfig):
    name = "dimensions"
    verbose_name = _("Dimensions and indicators")

    def ready(self):
        # masterplans may not import opd (same floor): "who may edit the masterplan" is registered from here.
        from masterplans.permissions import register_editor_check  # noqa: PLC0415 - app registry ready
        from opd.permissions import is_admin  # noqa: PLC0415

        register_editor_check(is_admin)
