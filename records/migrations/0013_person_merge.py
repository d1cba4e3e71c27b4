"""Merging two people, recorded so that it can be reverted (issue 13); the manager role may do it.

The permissions are created here first, as 0005_roles does (post_migrate would create them too late
for a data migration on a fresh database); the role's name is frozen here as 0005 spells it.
"""

import functools

import django.core.serializers.json
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

MANAGER = "Quản lý"
GIVEN = ["merge_person", "view_personmerge"]


def give_permissions(apps, schema_editor, codenames):
    """Give the manager role records' permissions `codenames`, made first (0016 and 0017 use it too)."""
    records = apps.get_app_config("records")
    records.models_module = True
    create_permissions(records, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    records.models_module = None
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=MANAGER)
    Permission = apps.get_model("auth", "Permission")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="records", codename__in=codenames))


def take_permissions(apps, schema_editor, codenames):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name=MANAGER):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="records", codename__in=codenames)
        )


give_merging = functools.partial(give_permissions, codenames=GIVEN)
take_merging = functools.partial(take_permissions, codenames=GIVEN)


class Migration(migrations.Migration):

    dependencies = [
        ('records', '0001_squashed_0012_source_search_key'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='person',
            options={'ordering': ['sort_key', 'id'], 'permissions': [('import_person', 'Nhập người từ bảng tính'), ('export_person', 'Xuất người ra bảng tính'), ('merge_person', 'Gộp hai người thành một và hoàn tác việc gộp')], 'verbose_name': 'người', 'verbose_name_plural': 'người'},
        ),
        migrations.CreateModel(
            name='PersonMerge',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kept_name', models.CharField(max_length=200, verbose_name='tên người được giữ')),
                ('merged_person_id', models.PositiveBigIntegerField(verbose_name='mã số người đã gộp')),
                ('merged_uid', models.UUIDField(verbose_name='mã định danh người đã gộp')),
                ('merged_name', models.CharField(max_length=200, verbose_name='tên người đã gộp')),
                ('merged_record', models.JSONField(default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder, verbose_name='người đã gộp khi gộp')),
                ('moved', models.JSONField(default=list, verbose_name='bản ghi đã chuyển')),
                ('kept_changes', models.JSONField(default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder, verbose_name='giá trị đã thay')),
                ('sources_added', models.JSONField(default=list, verbose_name='nguồn đã nhận')),
                ('reason', models.CharField(blank=True, max_length=500, verbose_name='lý do')),
                ('merged_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='thời điểm gộp')),
                ('reverted_at', models.DateTimeField(blank=True, null=True, verbose_name='thời điểm hoàn tác')),
                ('kept', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='merges', to='records.person', verbose_name='người được giữ')),
                ('merged_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người gộp')),
                ('reverted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người hoàn tác')),
            ],
            options={
                'verbose_name': 'lần gộp người',
                'verbose_name_plural': 'lần gộp người',
                'ordering': ['-merged_at', '-id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('kept', models.F('merged_person_id')), _negated=True), name='records_personmerge_two_people', violation_error_message='Không gộp một người với chính người đó.'), models.CheckConstraint(condition=models.Q(('reverted_by__isnull', True), ('reverted_at__isnull', False), _connector='OR'), name='records_personmerge_reverted_by_when_reverted', violation_error_message='Chỉ lần gộp đã hoàn tác mới ghi người hoàn tác.'), models.UniqueConstraint(condition=models.Q(('reverted_at__isnull', True)), fields=('merged_uid',), name='records_personmerge_merged_once', violation_error_message='Người này đã được gộp vào một người khác (chưa hoàn tác).')],
            },
        ),
        migrations.RunPython(give_merging, take_merging),
    ]
