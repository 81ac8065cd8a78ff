"""The default reminder rules and beat schedules, and the docker-compose file that runs web, worker and beat."""

import importlib
from pathlib import Path

import pytest
import yaml
from django.apps import apps
from django.conf import settings
from django_celery_beat.models import PeriodicTask

from notifications.choices import ReminderRule
from notifications.models import ReminderSetting
from notifications.selectors import rule_settings

ROOT = Path(settings.BASE_DIR)
migration = importlib.import_module("notifications.migrations.0003_default_reminders_and_schedules")


@pytest.mark.jobs
@pytest.mark.django_db
def test_migration_installs_rules_and_schedules_idempotently_keeping_admin_edits():
    PeriodicTask.objects.filter(task__startswith="notifications.").delete()
    ReminderSetting.objects.all().delete()
    migration.install(apps, None)
    ReminderSetting.objects.filter(rule=ReminderRule.REPORT_DUE).update(lead_days=21)
    migration.install(apps, None)
    assert {s.rule: (s.lead_days, s.repeat_days) for s in ReminderSetting.objects.all()} == {
        "report_due": (21, 7),
        "milestone_due": (14, 7),
        "report_returned": (7, 7),
        "admin_digest": (0, 7),
    }
    tasks = {t.task: t for t in PeriodicTask.objects.filter(task__startswith="notifications.")}
    assert set(tasks) == {"notifications.tasks.send_reminders", "notifications.tasks.flush_outbox"}
    daily = tasks["notifications.tasks.send_reminders"].crontab
    assert (daily.minute, daily.hour, str(daily.timezone)) == ("0", "7", "Asia/Jakarta")
    assert tasks["notifications.tasks.flush_outbox"].interval.every == 5


@pytest.mark.jobs
@pytest.mark.django_db
def test_a_missing_rule_row_runs_with_its_defaults():
    ReminderSetting.objects.all().delete()
    defaults = rule_settings()
    assert defaults["report_due"].enabled and defaults["report_due"].lead_days == 14
    assert defaults["report_returned"].lead_days == 7


@pytest.mark.jobs
def test_docker_compose_wires_db_redis_web_worker_and_beat():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"db", "redis", "web", "worker", "beat"}
    assert services["db"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    for name, service in services.items():
        assert "healthcheck" in service and service["healthcheck"]["test"], name
    assert "pgdata:/var/lib/postgresql/data" in services["db"]["volumes"]
    assert "redisdata:/data" in services["redis"]["volumes"]
    assert {"pgdata", "redisdata", "media"} <= set(compose["volumes"])

    web, worker, beat = services["web"], services["worker"], services["beat"]
    assert "gunicorn purbalingga.wsgi" in " ".join(
        web["command"] if isinstance(web["command"], list) else [web["command"]]
    )
    assert worker["command"][:4] == ["celery", "-A", "purbalingga", "worker"]
    assert beat["command"][:4] == ["celery", "-A", "purbalingga", "beat"]
    assert "django_celery_beat.schedulers:DatabaseScheduler" in beat["command"]
    for service in (web, worker, beat):
        assert service["build"] == "."
        assert service["env_file"] == ".env"
        assert service["environment"]["REDIS_URL"] == "redis://redis:6379/0"
        assert (
            service["environment"]["DATABASE_URL"].startswith("postgres://")
            and "@db:5432/" in service["environment"]["DATABASE_URL"]
        )
        assert service["depends_on"]["db"]["condition"] == "service_healthy"
        assert service["depends_on"]["redis"]["condition"] == "service_healthy"
    assert (ROOT / "Dockerfile").exists() and (ROOT / ".env.example").exists()
    example = (ROOT / ".env.example").read_text()
    for variable in ("SECRET_KEY", "EMAIL_URL", "SITE_URL"):
        assert f"{variable}=" in example


@pytest.mark.jobs
def test_tasks_are_acknowledged_late_and_rejected_when_a_worker_dies():
    from notifications import tasks
    from purbalingga.celery import app

    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    assert app.conf.worker_prefetch_multiplier == 1
    for task in (tasks.send_reminders, tasks.run_outbox_job, tasks.flush_outbox):
        assert task.acks_late
    assert app.conf.beat_scheduler == "django_celery_beat.schedulers:DatabaseScheduler"
