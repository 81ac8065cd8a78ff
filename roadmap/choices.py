"""Vocabularies of the roadmap app."""

from django.utils.translation import gettext_lazy as _

from core.choices import ColouredChoices


class ImportJobState(ColouredChoices):
    """An uploaded masterplan file: checked (dry run) first, imported only when an admin confirms the preview."""

    CHECKING = "checking", _("Checking")
    CHECKED = "checked", _("Checked")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")

    @classmethod
    def _colours(cls):
        return {
            cls.CHECKING: "#1d4ed8",
            cls.CHECKED: "#0f766e",
            cls.IMPORTING: "#1d4ed8",
            cls.DONE: "#15803d",
            cls.FAILED: "#b91c1c",
        }
