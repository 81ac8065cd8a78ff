"""Initiatives point at the masterplan in its own app (state only: the foreign keys and their columns are unchanged)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("initiatives", "0003_milestone_version"),
        ("masterplans", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="initiative",
                    name="masterplan",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="initiatives",
                                            to="masterplans.masterplan", verbose_name="masterplan"),
                ),
                migrations.AlterField(
                    model_name="historicalinitiative",
                    name="masterplan",
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True,
                                            on_delete=django.db.models.deletion.DO_NOTHING, related_name="+",
                                            to="masterplans.masterplan", verbose_name="masterplan"),
                ),
            ],
        ),
    ]
