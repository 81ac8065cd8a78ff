"""Vocabularies of the masterplan record."""

from django.utils.translation import gettext_lazy as _

from core.choices import ColouredChoices


class MasterplanStatus(ColouredChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    ARCHIVED = "archived", _("Archived")

    @classmethod
    def _colours(cls):
        return {cls.DRAFT: "#6b7280", cls.ACTIVE: "#15803d", cls.ARCHIVED: "#374151"}
