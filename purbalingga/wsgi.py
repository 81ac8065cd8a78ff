"""WSGI entry point (gunicorn purbalingga.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "purbalingga.settings")
application = get_wsgi_application()
