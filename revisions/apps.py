from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RevisionsConfig(AppConfig):
    """Revisions of the masterplan: named baselines ("murni", "perubahan") frozen as they stood, and what changed."""

    name = "revisions"
    verbose_name = _("Masterplan revisions")
