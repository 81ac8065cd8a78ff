"""The Celery application; broker and schedules come from Django settings (REDIS_URL, django-celery-beat)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "purbalingga.settings")

app = Celery("purbalingga")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
