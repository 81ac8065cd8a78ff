"""Fixtures of the report workflow tests: a client per role, evidence files built in memory."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from opd.choices import Role
from tests.factories import make_user

# A minimal, valid one-page PDF.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)

ROLES = ("anonymous", "viewer", "admin", "lead", "supporting", "other")


def pdf(name="bukti.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def xlsx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The matrix builds six users per case; PBKDF2 would make that take minutes."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def users(admin_user, viewer_user, staff_user, supporting_staff_user, other_staff_user):
    return {
        "anonymous": None,
        "viewer": viewer_user,
        "admin": admin_user,
        "lead": staff_user,
        "supporting": supporting_staff_user,
        "other": other_staff_user,
    }


@pytest.fixture
def client_for(users):
    def make(role):
        client = Client()
        if users[role] is not None:
            client.force_login(users[role])
        return client

    return make


@pytest.fixture
def no_role_user(db):
    return make_user(None, username="norole")


@pytest.fixture
def second_admin(db):
    return make_user(Role.ADMIN, username="admin2")


@pytest.fixture
def second_staff(opd):
    return make_user(Role.OPD_STAFF, opd=opd, username="staff2")


def files_under(root):
    """Every file stored under MEDIA_ROOT (nothing stray may be left after a refused upload)."""
    from pathlib import Path

    root = Path(root)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
