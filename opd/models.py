"""Regional agencies (OPD) and the portal role of each user."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import OpdKind, Role, TokenScope


def hash_token_key(key: str) -> str:
    """API token keys are stored only as this hash."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class Opd(models.Model):
    """A regional agency (Organisasi Perangkat Daerah): leads and supports initiatives, owns indicators."""

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Stable identifier, e.g. DINKOMINFO."),
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
                condition=~Q(code=""),
                name="opd_code_not_empty",
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
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        default="",
        help_text=_(
            "The user's chosen language of pages, e-mails and notifications; empty means the portal's default."
        ),
    )

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


class ApiToken(models.Model):
    """A named key for the REST API, acting as its user, capped by its scope.

    Only a short prefix (to recognise the key in lists) and the SHA-256 hash of the key are stored; the key itself
    is shown once, when it is issued.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the key is for, e.g. the BI dashboard."))
    scope = models.CharField(_("scope"), max_length=10, choices=TokenScope.choices, default=TokenScope.READ)
    prefix = models.CharField(_("key prefix"), max_length=12, editable=False)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=TokenScope.values),
                name="apitoken_scope_valid",
                violation_error_message=_("The scope must be read or write."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.WRITE
