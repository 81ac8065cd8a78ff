import pytest
from django.urls import reverse

pytestmark = pytest.mark.db


def test_home_redirects_anonymous_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_home_shows_dimensions_in_indonesian(client, admin_user, initiative, indonesian):
    client.force_login(admin_user)
    response = client.get("/")
    assert response.status_code == 200
    assert "Kehidupan Cerdas" in response.content.decode()
