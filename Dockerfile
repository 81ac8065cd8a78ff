# The portal's image: used by docker-compose.yml for web (gunicorn), worker (celery worker) and beat (celery beat).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
# Pango for WeasyPrint (the evaluation's PDFs); pg_dump/pg_restore for manage.py backup and restore (the client
# must not be older than the db service's server).
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 postgresql-client \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system portal && useradd --system --gid portal --home /app portal

COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .
RUN DEBUG=false SECRET_KEY=build-only-collectstatic python manage.py collectstatic --noinput \
    && mkdir -p /app/media /app/backups && chown -R portal:portal /app/media /app/backups /app/staticfiles

USER portal
EXPOSE 8000
CMD ["gunicorn", "purbalingga.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60"]
