"""Parsing of environment values that django-environ gets wrong or does not cover."""

from __future__ import annotations

import os
from pathlib import Path

import environ


def email_config(url: str, base_dir: Path) -> dict:
    """Turn EMAIL_URL into Django EMAIL_* settings.

    ``filemail:///var/tmp/mail`` means the absolute directory ``/var/tmp/mail``. django-environ would read it as
    the relative path ``var/tmp/mail`` unless four slashes were given, so the file backend is parsed here: a path
    starting with ``/`` (any number of them) is absolute, anything else is relative to the project directory.
    """
    if url.startswith("filemail:"):
        raw = url[len("filemail:") :]
        if raw.startswith("//"):
            raw = raw[2:]
        if raw.startswith("/"):
            path = "/" + raw.lstrip("/")
        else:
            path = str((base_dir / raw).resolve()) if raw else str(base_dir / "var" / "mail")
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": os.path.normpath(path),
        }
    return environ.Env.email_url_config(url)
