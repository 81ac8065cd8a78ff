"""Install the reminder rules with their default lead times and the default django-celery-beat schedules.

Idempotent: existing rows (perhaps edited by an administrator) are left as they are.
"""
import json

from django.conf import settings
from django.db import migrations

RULES = {"report_due": (14, 7), "milestone_due": (14, 7), "report_returned": (7, 7), "admin_digest": (0, 7)}
SCHEDULES = [
    # (name, task, crontab (minute, hour) or interval minutes, description)
    ("Send reminders (daily)", "notifications.tasks.send_reminders", ("0", "7"),
     "Evaluates the reminder rules and sends e-mails and notifications; the log keeps anything from going twice."),
    ("Flush the outbox", "notifications.tasks.flush_outbox", 5,
     "Queues jobs that could not be queued while the broker was unreachable."),
]


def install(apps, schema_editor):
    ReminderSetting = apps.get_model("notifications", "ReminderSetting")
    for rule, (lead, repeat) in RULES.items():
        ReminderSetting.objects.get_or_create(rule=rule, defaults={"lead_days": lead, "repeat_days": repeat})

    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    for name, task, when, description in SCHEDULES:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        kwargs = {"name": name, "task": task, "description": description, "kwargs": json.dumps({}), "enabled": True}
        if isinstance(when, tuple):
            minute, hour = when
            kwargs["crontab"], _ = CrontabSchedule.objects.get_or_create(
                minute=minute, hour=hour, day_of_week="*", day_of_month="*", month_of_year="*",
                timezone=settings.TIME_ZONE,
            )
        else:
            kwargs["interval"], _ = IntervalSchedule.objects.get_or_create(every=when, period="minutes")
        PeriodicTask.objects.create(**kwargs)
    # Tell a running beat that its schedule changed.
    from django.utils import timezone

    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def uninstall(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, *_ in SCHEDULES]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0002_reminders_outbox"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
