"""Keys for the read API (issue 17), and reads through it in the access log.

A manager creates and revokes keys: the role is given adding, changing (revoking) and viewing
them, not deleting, since a key's reads stay in the access log, by 0013_person_merge's functions
(frozen there).
"""

import functools
from importlib import import_module

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

PERMISSIONS = import_module("records.migrations.0013_person_merge")
GIVEN = ["add_apitoken", "change_apitoken", "view_apitoken"]


# The functions of 0013, frozen there, with this migration's permissions.
give_tokens = functools.partial(PERMISSIONS.give_permissions, codenames=GIVEN)
take_tokens = functools.partial(PERMISSIONS.take_permissions, codenames=GIVEN)


class Migration(migrations.Migration):

    dependencies = [
        ('records', '0016_organisation_merge'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name='ApiToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='Hệ thống dùng mã này, ví dụ “Cổng thông tin thành phố”.', max_length=200, verbose_name='tên')),
                ('prefix', models.CharField(editable=False, max_length=20, verbose_name='phần đầu của mã')),
                ('digest', models.CharField(editable=False, max_length=64, unique=True, verbose_name='mã băm SHA-256')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='thời điểm tạo')),
                ('expires_at', models.DateTimeField(verbose_name='hết hạn lúc')),
                ('last_used_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='lần dùng gần nhất')),
                ('revoked_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='thời điểm thu hồi')),
            ],
            options={
                'verbose_name': 'mã truy cập API',
                'verbose_name_plural': 'mã truy cập API',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.RemoveConstraint(
            model_name='accesslog',
            name='records_accesslog_kind_valid',
        ),
        migrations.RemoveConstraint(
            model_name='accesslog',
            name='records_accesslog_rows_only_for_exports',
        ),
        migrations.AlterField(
            model_name='accesslog',
            name='kind',
            field=models.CharField(choices=[('login', 'Đăng nhập'), ('login_failed', 'Đăng nhập không thành công'), ('export', 'Xuất bảng tính'), ('api_read', 'Đọc qua API')], max_length=20, verbose_name='sự kiện'),
        ),
        migrations.AddField(
            model_name='apitoken',
            name='created_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người tạo'),
        ),
        migrations.AddField(
            model_name='apitoken',
            name='revoked_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người thu hồi'),
        ),
        migrations.AddField(
            model_name='apitoken',
            name='user',
            field=models.ForeignKey(help_text='Mã xem đúng những hồ sơ người dùng này được xem, với quyền của người dùng này.', on_delete=django.db.models.deletion.CASCADE, related_name='api_tokens', to=settings.AUTH_USER_MODEL, verbose_name='người dùng'),
        ),
        migrations.AddField(
            model_name='accesslog',
            name='api_token',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reads', to='records.apitoken', verbose_name='mã truy cập API'),
        ),
        migrations.AddConstraint(
            model_name='accesslog',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['login', 'login_failed', 'export', 'api_read'])), name='records_accesslog_kind_valid', violation_error_message='Sự kiện truy cập phải là đăng nhập, đăng nhập không thành công, xuất dữ liệu hoặc đọc qua API.'),
        ),
        migrations.AddConstraint(
            model_name='accesslog',
            constraint=models.CheckConstraint(condition=models.Q(('rows__isnull', True), ('kind__in', ['export', 'api_read']), _connector='OR'), name='records_accesslog_rows_only_for_reads', violation_error_message='Chỉ lượt xuất dữ liệu hoặc đọc qua API mới ghi số dòng.'),
        ),
        migrations.AddConstraint(
            model_name='accesslog',
            constraint=models.CheckConstraint(condition=models.Q(('api_token__isnull', True), ('kind', 'api_read'), _connector='OR'), name='records_accesslog_token_only_for_api_reads', violation_error_message='Chỉ lượt đọc qua API mới ghi mã truy cập API.'),
        ),
        migrations.AddConstraint(
            model_name='apitoken',
            constraint=models.CheckConstraint(condition=models.Q(('name', ''), _negated=True), name='records_apitoken_name_present', violation_error_message='Tên của mã truy cập không được để trống.'),
        ),
        migrations.AddConstraint(
            model_name='apitoken',
            constraint=models.CheckConstraint(condition=models.Q(('digest__regex', '^[0-9a-f]{64}$')), name='records_apitoken_digest_sha256', violation_error_message='Mã băm phải gồm 64 ký tự 0–9, a–f.'),
        ),
        migrations.AddConstraint(
            model_name='apitoken',
            constraint=models.CheckConstraint(condition=models.Q(('prefix__startswith', 'hsdh_')), name='records_apitoken_prefix_of_a_key', violation_error_message='Phần đầu của mã phải bắt đầu bằng “hsdh_”.'),
        ),
        migrations.AddConstraint(
            model_name='apitoken',
            constraint=models.CheckConstraint(condition=models.Q(('expires_at__gt', models.F('created_at'))), name='records_apitoken_expires_after_created', violation_error_message='Thời điểm hết hạn phải sau thời điểm tạo.'),
        ),
        migrations.AddConstraint(
            model_name='apitoken',
            constraint=models.CheckConstraint(condition=models.Q(('revoked_by__isnull', True), ('revoked_at__isnull', False), _connector='OR'), name='records_apitoken_revoked_by_when_revoked', violation_error_message='Chỉ mã đã thu hồi mới ghi người thu hồi.'),
        ),
        migrations.RunPython(give_tokens, take_tokens),
    ]
