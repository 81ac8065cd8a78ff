from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/read/", views.mark_read, name="mark-read"),
    path("read-all/", views.mark_all_read, name="mark-all-read"),
    path("reminders/", views.reminder_history, name="reminders"),
    path("reminders/settings/", views.reminder_settings, name="settings"),
    path("jobs/<int:pk>/retry/", views.retry_job, name="retry-job"),
]
