"""Permission classes of the initiatives API, mapping requests onto the permission matrix
(initiatives/permissions.py); they decide nothing of their own."""

from rest_framework import permissions

from initiatives import permissions as rules


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
