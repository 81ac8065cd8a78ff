"""Who may edit the masterplan's narrative (vision, mission, yearly themes).

``masterplans`` sits on the floor of ``opd`` and may not import it, so the answer is registered from above:
``dimensions/apps.py`` registers ``opd.permissions.is_admin`` when the apps are ready. Without a registration only
superusers may edit."""
from __future__ import annotations

_editor_check = None


def register_editor_check(check) -> None:
    global _editor_check
    _editor_check = check


def can_edit_masterplan(user) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if _editor_check is not None:
        return bool(_editor_check(user))
    return bool(user.is_superuser)
