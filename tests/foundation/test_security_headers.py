"""Issue 11, hardening: a Content-Security-Policy without 'unsafe-inline' for scripts on every HTML page (found by
following every link of the demo as an administrator), no inline script or event handler in any rendered page,
Referrer-Policy and Permissions-Policy, and ``check --deploy`` clean with the documented production environment."""

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core.management.utils import get_random_secret_key

from roadmap.demo import load_demo
from tests.factories import make_user

pytestmark = [pytest.mark.db, pytest.mark.django_db]

BASE = Path(__file__).resolve().parents[2]
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"<[^>]+\sstyle\s*=", re.I)
HREF = re.compile(r'href="(/[^"#]*)')
SKIP = ("/static/", "/media/", "/accounts/logout", "/i18n/", "/api/", "/admin/", "/opendata/")


def policy(response) -> dict:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def body(response) -> str:
    """The page's HTML, streamed (the printable roadmap) or not."""
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def assert_strict(url, response):
    directives = policy(response)
    assert directives["script-src"] == ["'self'"], url
    assert "'unsafe-inline'" not in directives.get("default-src", []), url
    assert directives["style-src"] == directives["style-src-elem"] == ["'self'"], url
    assert directives["style-src-attr"] == ["'none'"], url
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'none'"], url
    html = body(response)
    assert not INLINE_SCRIPT.search(html), (url, INLINE_SCRIPT.search(html).group(0))
    assert not INLINE_HANDLER.search(html), (url, INLINE_HANDLER.search(html).group(0))
    assert not INLINE_STYLE.search(html), (url, INLINE_STYLE.search(html).group(0))
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff" and response["X-Frame-Options"] == "DENY"


def crawl(client, start, limit=120):
    seen, queue, pages = set(), list(start), 0
    while queue and pages < limit:
        url = queue.pop(0)
        key = urlparse(url).path + ("?" + urlparse(url).query if "page=" in url else "")
        if key in seen or url.startswith(SKIP) or "/delete/" in url or "export." in url or "/download/" in url:
            continue
        seen.add(key)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        assert_strict(url, response)
        queue.extend(HREF.findall(body(response)))
    return pages


def test_every_html_page_carries_a_strict_csp_and_no_inline_script(client, settings):
    load_demo()
    admin = make_user("admin", username="csp-admin")
    client.force_login(admin)
    pages = crawl(
        client,
        [
            "/",
            "/initiatives/",
            "/initiatives/reviews/",
            "/notifications/",
            "/tokens/",
            "/masterplan/",
            "/notifications/reminders/settings/",
        ],
    )
    assert pages > 40
    client.logout()
    for url in ("/accounts/login/", "/accounts/password/reset/", "/accounts/password/reset/done/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(url, response)


def test_admin_and_api_docs_also_carry_the_policy(client, admin_user):
    superuser = make_user(None, username="root")
    superuser.is_staff = superuser.is_superuser = True
    superuser.save()
    client.force_login(superuser)
    admin = client.get("/admin/")
    assert policy(admin)["script-src"] == ["'self'"]
    assert policy(admin)["style-src-attr"] == ["'unsafe-inline'"]  # Django's own admin templates
    docs = client.get("/api/docs/")
    assert policy(docs)["script-src"] == ["'self'"]
    assert not INLINE_SCRIPT.search(docs.content.decode())


def _env_example() -> dict:
    values = {}
    for line in (BASE / ".env.example").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
    return values


def test_check_deploy_passes_with_the_documented_production_environment(tmp_path):
    env = {key: value for key, value in os.environ.items() if key in ("PATH", "HOME", "LANG", "DATABASE_URL")}
    env.update(_env_example())
    env["SECRET_KEY"] = get_random_secret_key() + get_random_secret_key()  # the example's placeholder is replaced
    env["DJANGO_SETTINGS_MODULE"] = "purbalingga.settings"
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import django; django.setup(); from django.conf import settings as s; "
                "print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
                "s.SECURE_PROXY_SSL_HEADER, s.CACHES['default']['BACKEND'])"
            ),
        ],
        cwd=BASE,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    out = probe.stdout.split()
    assert int(out[0]) >= 31536000 and out[1:4] == ["True", "True", "True"], probe.stdout + probe.stderr
    assert "RedisCache" in probe.stdout


def test_hsts_and_https_redirect_follow_the_environment(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/accounts/login/")
    assert response.status_code == 301 and response["Location"].startswith("https://")
    secure = client.get("/accounts/login/", secure=True)
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")
