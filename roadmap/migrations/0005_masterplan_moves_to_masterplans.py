"""The masterplan and its years now live in the ``masterplans`` app: roadmap forgets them (state only), import jobs
point there, and the content types (hence permissions and admin log entries) follow the models."""

import django.db.models.deletion
from django.db import migrations, models

MOVED = ("masterplan", "masterplanyear")


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if ContentType.objects.filter(app_label="masterplans", model=model).exists():
            continue  # already created for the new app: keep it, the old one has nothing the new lacks
        ContentType.objects.filter(app_label="roadmap", model=model).update(app_label="masterplans")


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="masterplans", model__in=MOVED).update(app_label="roadmap")


class Migration(migrations.Migration):

    dependencies = [
        ("roadmap", "0004_cleanup_uploads_schedule"),
        ("masterplans", "0001_initial"),
        ("initiatives", "0004_masterplan_app"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="importjob",
                    name="masterplan",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE,
                                            related_name="import_jobs", to="masterplans.masterplan",
                                            verbose_name="masterplan"),
                ),
                migrations.DeleteModel(name="MasterplanYear"),
                migrations.DeleteModel(name="Masterplan"),
            ],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
