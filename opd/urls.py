"""Routes of the opd app: API token management for administrators (mounted at /tokens/)."""

from django.urls import path

from . import views

app_name = "opd"

urlpatterns = [
    path("", views.token_list, name="tokens"),
    path("<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
]
