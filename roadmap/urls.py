"""Routes of the roadmap app: home/dashboard, dimension and agency pages, the roadmap."""
from django.urls import path

from . import views

app_name = "roadmap"

urlpatterns = [
    path("", views.home, name="home"),
]
