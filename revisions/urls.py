from django.urls import path

from . import views

app_name = "revisions"

urlpatterns = [
    path("", views.baseline_list, name="list"),
    path("changes/", views.difference, name="difference"),
    path("changes.xlsx", views.difference_xlsx, name="difference-xlsx"),
]
