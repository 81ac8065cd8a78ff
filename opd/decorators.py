"""View decorators by portal role, for every app's views."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .choices import Role
from .permissions import PORTAL_ROLES
from .selectors import role_of


def role_required(*roles):
    """Allow only signed-in users with one of ``roles`` (anonymous users go to the login page, others get 403)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if role_of(request.user) not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def portal_user_required(view):
    """Any signed-in user with a portal role (admin, viewer, OPD staff)."""
    return role_required(*PORTAL_ROLES)(view)


def admin_required(view):
    """Administrators only."""
    return role_required(Role.ADMIN)(view)
