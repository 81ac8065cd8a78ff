"""Settings come from the environment with safe development defaults."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from purbalingga.env import email_config

ROOT = Path(__file__).resolve().parents[2]


def _settings_in_subprocess(env_overrides: dict, expr: str):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "EMAIL_URL"}}
    env.update(env_overrides)
    code = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE']='purbalingga.settings'; django.setup();"
        f"from django.conf import settings as s; print(repr({expr}))"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = _settings_in_subprocess({"DEBUG": "false"}, "s.SECRET_KEY")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_development_default_secret_key_only_with_debug():
    result = _settings_in_subprocess({"DEBUG": "true"}, "s.SECRET_KEY")
    assert result.returncode == 0, result.stderr
    assert "dev-only" in result.stdout


def test_production_settings_from_environment():
    result = _settings_in_subprocess(
        {
            "DEBUG": "false",
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "portal.example.go.id,10.0.0.5",
            "DATABASE_URL": "postgres://u:p@db:5432/portal",
            "PORTAL_REGION_NAME": "Kabupaten Banyumas",
            "CSRF_TRUSTED_ORIGINS": "https://portal.example.go.id",
            "REDIS_URL": "redis://redis:6379/1",
        },
        "(s.DEBUG, s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'], s.DATABASES['default']['HOST'],"
        " s.PORTAL_REGION_NAME, s.CSRF_TRUSTED_ORIGINS, s.CELERY_BROKER_URL, s.SESSION_COOKIE_SECURE)",
    )
    assert result.returncode == 0, result.stderr
    assert eval(result.stdout) == (  # noqa: S307 - our own repr output
        False,
        ["portal.example.go.id", "10.0.0.5"],
        "django.db.backends.postgresql",
        "db",
        "Kabupaten Banyumas",
        ["https://portal.example.go.id"],
        "redis://redis:6379/1",
        True,
    )


def test_defaults_are_indonesian_jakarta_and_embedded_sqlite():
    result = _settings_in_subprocess(
        {},
        "(s.LANGUAGE_CODE, [c for c, _ in s.LANGUAGES], s.TIME_ZONE, s.USE_TZ, s.DATABASES['default']['ENGINE'],"
        " str(s.DATABASES['default']['NAME']).endswith('db.sqlite3'), s.EMAIL_BACKEND)",
    )
    assert result.returncode == 0, result.stderr
    assert eval(result.stdout) == (  # noqa: S307
        "id",
        ["id", "en"],
        "Asia/Jakarta",
        True,
        "django.db.backends.sqlite3",
        True,
        "django.core.mail.backends.console.EmailBackend",
    )


@pytest.mark.parametrize("url", ["filemail:///var/tmp/mail", "filemail:////var/tmp/mail"])
def test_filemail_url_is_an_absolute_directory(url):
    config = email_config(url, ROOT)
    assert config["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert config["EMAIL_FILE_PATH"] == "/var/tmp/mail"


def test_filemail_relative_path_is_inside_the_project():
    assert email_config("filemail://var/mail", ROOT)["EMAIL_FILE_PATH"] == str(ROOT / "var" / "mail")


def test_smtp_url():
    config = email_config("smtp://user:pa%40ss@mail.example.go.id:587", ROOT)
    assert config["EMAIL_HOST"] == "mail.example.go.id"
    assert config["EMAIL_PORT"] == 587
    assert config["EMAIL_HOST_USER"] == "user"
    assert config["EMAIL_HOST_PASSWORD"] == "pa@ss"


def test_filemail_setting_writes_messages_into_that_directory(tmp_path):
    target = tmp_path / "mail"
    code = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE']='purbalingga.settings'; django.setup();"
        "from django.core.mail import send_mail; send_mail('Uji', 'Isi', 'a@x.id', ['b@x.id'])"
    )
    env = dict(os.environ, EMAIL_URL=f"filemail://{target}")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    files = list(target.iterdir())
    assert len(files) == 1
    assert "Subject: Uji" in files[0].read_text()
