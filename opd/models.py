"""Regional agencies (OPD) and the portal role of each user."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import OpdKind, Role


class Opd(models.Model):
    """A regional agency (Organisasi Perangkat Daerah): leads and supports initiatives, owns indicators."""

    code = models.CharField(
        _("code"), max_length=40, unique=True, help_text=_("Stable identifier, e.g. DINKOMINFO."),
        error_messages={"unique": _("An agency with this code already exists.")},
    )
    abbreviation = models.CharField(_("abbreviation"), max_length=60)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=OpdKind.choices, default=OpdKind.DINAS)
    head_name = models.CharField(_("head"), max_length=255, blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("agency (OPD)")
        verbose_name_plural = _("agencies (OPD)")
        ordering = ["abbreviation"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(code=""), name="opd_code_not_empty",
                violation_error_message=_("The agency code may not be empty."),
            ),
        ]

    def __str__(self):
        return self.abbreviation or self.code


class Membership(models.Model):
    """A user's portal role and, for OPD staff, their agency. Superusers count as admins without one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    opd = models.ForeignKey(
        Opd, on_delete=models.PROTECT, null=True, blank=True, related_name="members", verbose_name=_("agency")
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="id",
                                help_text=_("Language of e-mails and notifications."))

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role=Role.OPD_STAFF) | Q(opd__isnull=False),
                name="membership_staff_has_opd",
                violation_error_message=_("OPD staff must belong to an agency."),
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"
