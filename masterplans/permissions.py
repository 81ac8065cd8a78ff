"""Who may edit the masterplan's narrative (vision, mission, description, yearly themes): administrators.

``masterplans`` stands on ``opd`` (roles) in the layers, so it asks opd's one answer to "who is an administrator"."""

from __future__ import annotations

from opd.permissions import is_admin


def can_edit_masterplan(user) -> bool:
    return is_admin(user)
