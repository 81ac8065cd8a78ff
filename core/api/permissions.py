"""Permission classes of the API, mapping requests onto the portal's permission matrix
(initiatives/permissions.py and opd.selectors.role_of); they decide nothing of their own."""
from rest_framework import permissions

from initiatives import permissions as rules
from opd.models import ApiToken


class IsPortalUser(permissions.BasePermission):
    """Signed in (401 otherwise) with a portal role (403 otherwise); a read-scope token never writes."""

    message = "You have no role in the portal."

    def has_permission(self, request, view):
        if not rules.can_view(request.user):
            return False
        if request.method not in permissions.SAFE_METHODS and isinstance(request.auth, ApiToken):
            if not request.auth.can_write:
                self.message = "This token has read scope: it may not write."
                return False
        return True


class InitiativePermission(permissions.BasePermission):
    """POST and DELETE: admins; PATCH: admins and staff of the lead agency (services enforce which fields)."""

    def has_permission(self, request, view):
        if view.action == "create":
            return rules.can_manage_initiatives(request.user)
        return True

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        if view.action == "destroy":
            return rules.can_manage_initiatives(request.user)
        if view.action in ("update", "partial_update"):
            return rules.can_edit_initiative(request.user, obj)
        return True


class CanReview(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or rules.can_review(request.user)


class MilestonePermission(permissions.BasePermission):
    """POST: admins and OPD staff (the service then requires the initiative's lead agency); PATCH and DELETE: admins
    and staff of the milestone's initiative's lead agency."""

    def has_permission(self, request, view):
        if view.action == "create":
            return rules.can_manage_initiatives(request.user) or rules.is_opd_staff(request.user)
        return True

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return rules.can_manage_milestones(request.user, obj.initiative)
