"""The API's default permission: a portal role, and a write-scoped token for writes."""

from rest_framework import permissions

from opd.models import ApiToken
from opd.permissions import has_portal_role


class IsPortalUser(permissions.BasePermission):
    """Signed in (401 otherwise) with a portal role (403 otherwise); a read-scope token never writes."""

    message = "You have no role in the portal."

    def has_permission(self, request, view):
        if not has_portal_role(request.user):
            return False
        if request.method not in permissions.SAFE_METHODS and isinstance(request.auth, ApiToken):
            if not request.auth.can_write:
                self.message = "This token has read scope: it may not write."
                return False
        return True
