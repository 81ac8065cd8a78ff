"""Values every page needs: the installation's name and the signed-in user's role and unread notifications."""

from django.conf import settings

from masterplans.selectors import active_masterplan
from notifications.selectors import unread_count
from opd.selectors import role_of
from opendata.records import open_data_enabled


def portal(request):
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)

    loaded = []

    def plan():  # one query per page, shared by the demo banner and the footer's open data link
        if not loaded:
            loaded.append(active_masterplan())
        return loaded[0]

    def demo_masterplan():
        return bool(plan() and plan().is_demo)

    return {
        "demo_masterplan": demo_masterplan,
        "PORTAL_REGION_NAME": settings.PORTAL_REGION_NAME,
        "PROGRAMME_OFFICE": settings.PORTAL_PROGRAMME_OFFICE,
        "PUBLIC_PORTAL": settings.PUBLIC_PORTAL,
        "open_data": lambda: open_data_enabled(get_plan=plan),
        "user_role": role_of(user) if authenticated else None,
        "unread_notifications": (lambda: unread_count(user)) if authenticated else 0,
    }
