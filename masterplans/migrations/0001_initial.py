"""The masterplan and its years move here from ``roadmap`` (state only: the tables keep their names and rows)."""

import django.db.models.deletion
import django.db.models.expressions
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("roadmap", "0004_cleanup_uploads_schedule"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Masterplan',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, db_index=True, verbose_name='updated at')),
                        ('title', models.CharField(max_length=255, verbose_name='title')),
                        ('start_year', models.PositiveSmallIntegerField(verbose_name='start year')),
                        ('end_year', models.PositiveSmallIntegerField(verbose_name='end year')),
                        ('vision', models.TextField(blank=True, verbose_name='vision')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('active', 'Active'), ('archived', 'Archived')], default='draft', max_length=10, verbose_name='status')),
                        ('is_demo', models.BooleanField(default=False, help_text='Loaded by load_demo; the portal shows a banner.', verbose_name='demo data')),
                    ],
                    options={
                        'db_table': 'roadmap_masterplan',
                        'verbose_name': 'masterplan',
                        'verbose_name_plural': 'masterplans',
                        'ordering': ['-start_year'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('end_year', django.db.models.expressions.CombinedExpression(models.F('start_year'), '+', models.Value(4)))), name='masterplan_five_years', violation_error_message='A masterplan covers five years: the end year is the start year + 4.'), models.CheckConstraint(condition=models.Q(('start_year__gte', 2000), ('start_year__lte', 2100)), name='masterplan_start_year_range', violation_error_message='The start year must be between 2000 and 2100.'), models.UniqueConstraint(condition=models.Q(('status', 'active')), fields=('status',), name='masterplan_one_active', violation_error_message='Another masterplan is already active; archive it first.')],
                    },
                ),
                migrations.CreateModel(
                    name='MasterplanYear',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('theme', models.CharField(max_length=255, verbose_name='theme')),
                        ('focus', models.TextField(blank=True, verbose_name='focus')),
                        ('masterplan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='roadmap_years', to='masterplans.masterplan', verbose_name='masterplan')),
                    ],
                    options={
                        'db_table': 'roadmap_masterplanyear',
                        'verbose_name': 'roadmap year',
                        'verbose_name_plural': 'roadmap years',
                        'ordering': ['masterplan', 'year'],
                        'constraints': [models.UniqueConstraint(fields=('masterplan', 'year'), name='masterplan_year_unique', violation_error_message='This masterplan already has a theme for that year.')],
                    },
                ),
            ],
        ),
    ]
