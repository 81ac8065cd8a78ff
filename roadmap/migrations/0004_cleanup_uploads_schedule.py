"""Install the daily django-celery-beat schedule that deletes old import uploads. Idempotent: an existing row
(perhaps edited or disabled by an administrator) is left as it is."""
import json

from django.conf import settings
from django.db import migrations

NAME = "Delete old masterplan import uploads (daily)"
TASK = "roadmap.delete_old_import_uploads"


def install(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    if PeriodicTask.objects.filter(name=NAME).exists():
        return
    crontab, _ = CrontabSchedule.objects.get_or_create(minute="30", hour="2", day_of_week="*", day_of_month="*",
                                                       month_of_year="*", timezone=settings.TIME_ZONE)
    PeriodicTask.objects.create(name=NAME, task=TASK, crontab=crontab, kwargs=json.dumps({}), enabled=True,
                                description="Deletes uploaded files of finished import jobs older than "
                                            "MASTERPLAN_IMPORT_KEEP_DAYS; the jobs stay listed.")
    from django.utils import timezone

    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def uninstall(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("roadmap", "0003_import_job_rows_checked"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
