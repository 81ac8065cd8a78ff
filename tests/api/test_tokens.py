"""API tokens: hashed at rest, shown once, scoped, revocable, recording their last use; and session auth."""

import datetime as dt
import hashlib
import io

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from opd.models import ApiToken
from tests.factories import PASSWORD

from .conftest import token_key

pytestmark = [pytest.mark.api, pytest.mark.django_db]

INITIATIVES = "/api/v1/initiatives/"


def _all_token_values(token):
    return [str(getattr(token, f.attname)) for f in ApiToken._meta.concrete_fields]


def test_database_holds_only_prefix_and_sha256_of_key(viewer_user):
    key = token_key(viewer_user, "read")
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert token.prefix == key[:8]
    assert all(key not in value for value in _all_token_values(token))


def test_token_and_bearer_keywords_authenticate(viewer_user, initiative):
    key = token_key(viewer_user, "read")
    for header in (f"Token {key}", f"Bearer {key}", f"bearer {key}"):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=header)
        assert client.get(INITIATIVES).status_code == 200, header


@pytest.mark.parametrize("header", ["Token", "Token a b", "Token not-a-key", "Bearer " + "x" * 5000])
def test_malformed_or_unknown_key_is_401(viewer_user, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get(INITIATIVES)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")


def test_no_credentials_is_401_except_schema_and_docs(db):
    client = APIClient()
    response = client.get(INITIATIVES)
    assert response.status_code == 401
    assert "WWW-Authenticate" in response
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200


def test_revoked_token_is_401(client_for, viewer_user, admin_user):
    key = token_key(viewer_user, "read")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(INITIATIVES).status_code == 200
    from opd.services import revoke_token

    revoke_token(admin_user, ApiToken.objects.get())
    response = client.get(INITIATIVES)
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_token_of_inactive_user_is_401(viewer_user):
    key = token_key(viewer_user, "read")
    viewer_user.is_active = False
    viewer_user.save()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(INITIATIVES).status_code == 401


def test_read_scope_token_never_writes_even_for_admin(client_for, admin_user, initiative):
    client = client_for(admin_user, "read")
    assert client.get(f"{INITIATIVES}{initiative.pk}/").status_code == 200
    assert client.patch(f"{INITIATIVES}{initiative.pk}/", {"title": "X"}, format="json").status_code == 403
    assert client.delete(f"{INITIATIVES}{initiative.pk}/").status_code == 403
    initiative.refresh_from_db()
    assert initiative.title != "X"


def test_write_token_is_capped_by_users_role(client_for, viewer_user, initiative):
    response = client_for(viewer_user, "write").patch(f"{INITIATIVES}{initiative.pk}/", {"title": "X"}, format="json")
    assert response.status_code == 403


def test_last_used_is_recorded_at_most_once_a_minute(viewer_user):
    key = token_key(viewer_user, "read")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    token = ApiToken.objects.get()
    assert token.last_used_at is None
    with time_machine.travel(dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC), tick=False):
        client.get(INITIATIVES)
    token.refresh_from_db()
    first = token.last_used_at
    assert first == dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(dt.datetime(2026, 11, 28, 9, 0, 30, tzinfo=dt.UTC), tick=False):
        client.get(INITIATIVES)
    token.refresh_from_db()
    assert token.last_used_at == first
    with time_machine.travel(dt.datetime(2026, 11, 28, 9, 2, tzinfo=dt.UTC), tick=False):
        client.get(INITIATIVES)
    token.refresh_from_db()
    assert token.last_used_at == dt.datetime(2026, 11, 28, 9, 2, tzinfo=dt.UTC)


def test_issue_api_token_command_prints_key_alone_on_last_line(admin_user, initiative):
    out, err = io.StringIO(), io.StringIO()
    call_command("issue_api_token", admin_user.username, "--scope", "write", "--name", "BI", stdout=out, stderr=err)
    key = out.getvalue().strip().splitlines()[-1]
    assert " " not in key and len(key) >= 40
    token = ApiToken.objects.get()
    assert (token.name, token.scope, token.user) == ("BI", "write", admin_user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(INITIATIVES).status_code == 200


def test_issue_api_token_command_refuses_unknown_user_and_scope(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("issue_api_token", "nobody", stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError):
        call_command("issue_api_token", "nobody", "--scope", "admin", stdout=io.StringIO(), stderr=io.StringIO())


def test_session_auth_reads_and_needs_csrf_to_write(admin_user, initiative):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(admin_user)
    assert client.get(INITIATIVES).status_code == 200
    response = client.patch(f"{INITIATIVES}{initiative.pk}/", {"title": "Tanpa CSRF"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    initiative.refresh_from_db()
    assert initiative.title != "Tanpa CSRF"


# --- portal pages and admin ---------------------------------------------------------------------------------------


def test_admin_issues_token_in_portal_and_sees_key_once(client, admin_user, viewer_user):
    client.force_login(admin_user)
    response = client.post(reverse("opd:tokens"), {"user": viewer_user.pk, "name": "Satu Data", "scope": "read"})
    assert response.status_code == 200
    key = response.context["issued"].key
    assert key in response.content.decode()
    token = ApiToken.objects.get()
    assert token.created_by == admin_user and token.scope == "read"
    again = client.get(reverse("opd:tokens"))
    assert key not in again.content.decode()
    assert token.prefix in again.content.decode()


def test_admin_revokes_token_in_portal(client, admin_user, viewer_user):
    key = token_key(viewer_user, "read")
    token = ApiToken.objects.get()
    client.force_login(admin_user)
    response = client.post(reverse("opd:token-revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(INITIATIVES).status_code == 401


def test_portal_token_form_rejects_blank_name(client, admin_user, viewer_user):
    client.force_login(admin_user)
    response = client.post(reverse("opd:tokens"), {"user": viewer_user.pk, "name": " ", "scope": "read"})
    assert response.status_code == 200
    assert response.context["issued"] is None
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("role_user", ["viewer_user", "staff_user"])
def test_only_admins_manage_tokens_in_portal(client, request, role_user, viewer_user):
    user = request.getfixturevalue(role_user)
    client.force_login(user)
    assert client.get(reverse("opd:tokens")).status_code == 403
    assert (
        client.post(reverse("opd:tokens"), {"user": viewer_user.pk, "name": "x", "scope": "write"}).status_code == 403
    )
    assert not ApiToken.objects.exists()


def test_django_admin_lists_tokens_without_key_or_hash(client, viewer_user):
    from django.contrib.auth import get_user_model

    superuser = get_user_model().objects.create_superuser("root", "root@example.go.id", PASSWORD)
    key = token_key(viewer_user, "read")
    token = ApiToken.objects.get()
    client.force_login(superuser)
    listing = client.get(reverse("admin:opd_apitoken_changelist")).content.decode()
    detail = client.get(reverse("admin:opd_apitoken_change", args=[token.pk])).content.decode()
    assert token.prefix in listing
    for page in (listing, detail):
        assert key not in page and token.key_hash not in page


def test_issue_token_rules(admin_user, viewer_user, no_role_user):
    from django.core.exceptions import PermissionDenied, ValidationError

    from opd.services import issue_token

    with pytest.raises(PermissionDenied):
        issue_token(viewer_user, user=viewer_user, name="mine", scope="write")
    with pytest.raises(ValidationError) as err:
        issue_token(admin_user, user=no_role_user, name="", scope="root")
    assert set(err.value.message_dict) == {"name", "scope", "user"}
    assert not ApiToken.objects.exists()
    issued = issue_token(admin_user, user=viewer_user, name="ok", scope="read")
    assert (
        issued.token.created_by == admin_user
        and issued.key != issue_token(admin_user, user=viewer_user, name="ok", scope="read").key
    )


def test_only_admins_or_the_owner_revoke(admin_user, viewer_user, staff_user):
    from django.core.exceptions import PermissionDenied

    from opd.services import revoke_token

    token_key(viewer_user, "read")
    token = ApiToken.objects.get()
    with pytest.raises(PermissionDenied):
        revoke_token(staff_user, token)
    revoke_token(viewer_user, token)
    first = ApiToken.objects.get().revoked_at
    assert first is not None
    revoke_token(admin_user, ApiToken.objects.get())  # idempotent: the first revocation time stays
    assert ApiToken.objects.get().revoked_at == first
