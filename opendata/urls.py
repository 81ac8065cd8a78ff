"""Routes of the open data feed, mounted at /opendata/."""

from django.urls import path, re_path

from . import views

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    re_path(r"^api/(?:3/)?action/(?P<action>[\w-]+)/?$", views.action, name="action"),
    re_path(r"^datasets/(?P<name>[\w-]+)\.(?P<fmt>csv|json|xlsx)$", views.download, name="download"),
    re_path(r"^catalog\.(?P<fmt>jsonld|ttl)$", views.catalog, name="catalog"),
]
