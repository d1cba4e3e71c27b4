"""Merging two organisations, recorded as merging two people is (issue 13); the manager role may do it.

The merge rows of both kinds share their fields (records.models.merges.RecordMerge): the person's
`merged_person_id` becomes `merged_pk`, and the names of the merge's fields no longer say "người".
The manager role is given the permissions by 0013_person_merge's functions (frozen there).
"""

import functools
from importlib import import_module

import django.core.serializers.json
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

PERMISSIONS = import_module("records.migrations.0013_person_merge")
GIVEN = ["merge_organisation", "view_organisationmerge"]


# The functions of 0013, frozen there, with this migration's permissions.
give_merging = functools.partial(PERMISSIONS.give_permissions, codenames=GIVEN)
take_merging = functools.partial(PERMISSIONS.take_permissions, codenames=GIVEN)


class Migration(migrations.Migration):

    dependencies = [
        ("records", "0013_person_merge"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The rule naming the field goes first: SQLite rebuilds the table on a rename.
        migrations.RemoveConstraint(
            model_name="personmerge",
            name="records_personmerge_two_people",
        ),
        migrations.RenameField(model_name="personmerge", old_name="merged_person_id", new_name="merged_pk"),
        migrations.AlterField(
            model_name="personmerge",
            name="kept_name",
            field=models.CharField(max_length=300, verbose_name="tên bản ghi được giữ"),
        ),
        migrations.AlterField(
            model_name="personmerge",
            name="merged_name",
            field=models.CharField(max_length=300, verbose_name="tên bản ghi đã gộp"),
        ),
        migrations.AlterField(
            model_name="personmerge",
            name="merged_pk",
            field=models.PositiveBigIntegerField(verbose_name="mã số bản ghi đã gộp"),
        ),
        migrations.AlterField(
            model_name="personmerge",
            name="merged_record",
            field=models.JSONField(
                default=dict,
                encoder=django.core.serializers.json.DjangoJSONEncoder,
                verbose_name="bản ghi đã gộp khi gộp",
            ),
        ),
        migrations.AlterField(
            model_name="personmerge",
            name="merged_uid",
            field=models.UUIDField(verbose_name="mã định danh bản ghi đã gộp"),
        ),
        migrations.AddConstraint(
            model_name="personmerge",
            constraint=models.CheckConstraint(
                condition=models.Q(("kept", models.F("merged_pk")), _negated=True),
                name="records_personmerge_two_people",
                violation_error_message="Không gộp một người với chính người đó.",
            ),
        ),
        migrations.AlterModelOptions(
            name="organisation",
            options={
                "ordering": ["search_key", "id"],
                "permissions": [
                    ("import_organisation", "Nhập tổ chức từ bảng tính"),
                    ("export_organisation", "Xuất tổ chức ra bảng tính"),
                    ("merge_organisation", "Gộp hai tổ chức thành một và hoàn tác việc gộp"),
                ],
                "verbose_name": "tổ chức",
                "verbose_name_plural": "tổ chức",
            },
        ),
        migrations.CreateModel(
            name="OrganisationMerge",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kept_name", models.CharField(max_length=300, verbose_name="tên bản ghi được giữ")),
                ("merged_pk", models.PositiveBigIntegerField(verbose_name="mã số bản ghi đã gộp")),
                ("merged_uid", models.UUIDField(verbose_name="mã định danh bản ghi đã gộp")),
                ("merged_name", models.CharField(max_length=300, verbose_name="tên bản ghi đã gộp")),
                (
                    "merged_record",
                    models.JSONField(
                        default=dict,
                        encoder=django.core.serializers.json.DjangoJSONEncoder,
                        verbose_name="bản ghi đã gộp khi gộp",
                    ),
                ),
                ("moved", models.JSONField(default=list, verbose_name="bản ghi đã chuyển")),
                (
                    "kept_changes",
                    models.JSONField(
                        default=dict,
                        encoder=django.core.serializers.json.DjangoJSONEncoder,
                        verbose_name="giá trị đã thay",
                    ),
                ),
                ("sources_added", models.JSONField(default=list, verbose_name="nguồn đã nhận")),
                ("reason", models.CharField(blank=True, max_length=500, verbose_name="lý do")),
                ("merged_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="thời điểm gộp")),
                ("reverted_at", models.DateTimeField(blank=True, null=True, verbose_name="thời điểm hoàn tác")),
                (
                    "kept",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="merges",
                        to="records.organisation",
                        verbose_name="tổ chức được giữ",
                    ),
                ),
                (
                    "merged_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="người gộp",
                    ),
                ),
                (
                    "reverted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="người hoàn tác",
                    ),
                ),
            ],
            options={
                "verbose_name": "lần gộp tổ chức",
                "verbose_name_plural": "lần gộp tổ chức",
                "ordering": ["-merged_at", "-id"],
                "abstract": False,
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("kept", models.F("merged_pk")), _negated=True),
                        name="records_organisationmerge_two_organisations",
                        violation_error_message="Không gộp một tổ chức với chính tổ chức đó.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("reverted_by__isnull", True), ("reverted_at__isnull", False), _connector="OR"),
                        name="records_organisationmerge_reverted_by_when_reverted",
                        violation_error_message="Chỉ lần gộp đã hoàn tác mới ghi người hoàn tác.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("reverted_at__isnull", True)),
                        fields=("merged_uid",),
                        name="records_organisationmerge_merged_once",
                        violation_error_message="Tổ chức này đã được gộp vào một tổ chức khác (chưa hoàn tác).",
                    ),
                ],
            },
        ),
        migrations.RunPython(give_merging, take_merging),
    ]
