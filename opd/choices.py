"""Vocabularies of the opd app: kinds of agency and portal roles."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OpdKind(models.TextChoices):
    DINAS = "dinas", _("Dinas (service)")
    BADAN = "badan", _("Badan (board)")
    SEKRETARIAT = "sekretariat", _("Sekretariat (secretariat)")
    INSPEKTORAT = "inspektorat", _("Inspektorat (inspectorate)")
    KECAMATAN = "kecamatan", _("Kecamatan (sub-district)")
    RSUD = "rsud", _("RSUD (regional hospital)")
    SATUAN = "satuan", _("Satuan (unit)")
    LAINNYA = "other", _("Other")


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator (programme office)")
    VIEWER = "viewer", _("Viewer (read-only)")
    OPD_STAFF = "opd_staff", _("OPD staff")


class TokenScope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")
