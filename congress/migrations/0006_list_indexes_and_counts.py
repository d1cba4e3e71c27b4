# Issue 6: lists of a million rows. The ordering indexes of congresses, attendance and tasks; on SQLite,
# the row counts of congress's tables kept by triggers (records.derived); on PostgreSQL, the index
# that gives indicators their order with the id (SQLite's indexes hold the rowid already).

from django.db import migrations, models

from records import derived


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'CREATE INDEX IF NOT EXISTS "congress_indicator_order" ON "congress_indicator" (congress_id, id)'
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('DROP INDEX IF EXISTS "congress_indicator_order"')


class Migration(migrations.Migration):

    dependencies = [
        ('congress', '0005_history_sources'),
        ('records', '0007_search_terms_and_counts'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='attendance',
            index=models.Index(fields=['congress', 'role', 'id'], name='congress_attendance_order'),
        ),
        migrations.AddIndex(
            model_name='congress',
            index=models.Index(fields=['-term_start', 'organisation', 'id'], name='congress_congress_order'),
        ),
        migrations.AddIndex(
            model_name='congress',
            index=models.Index(fields=['-term_start', '-opened_on', '-id'], name='congress_congress_latest'),
        ),
        migrations.AddIndex(
            model_name='task',
            index=models.Index(fields=['due_on', 'id'], name='congress_task_due'),
        ),
        migrations.RunPython(create_indexes, drop_indexes),
        derived.migration_operation("congress"),
    ]
