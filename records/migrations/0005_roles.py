"""The roles, as groups with their permissions: Người xem, Cán bộ nhập liệu, Quản lý.

Permissions are created after migrate by a post_migrate signal, too late for a data migration on
a fresh database, so they are created here first (the pattern Django's documentation gives). The
names are frozen here rather than imported: records.access.ROLES names the same groups.

It no longer waits for the congress app's tables (it did until issue 11 squashed the migrations: a
records migration depending on a congress one made the two squashes depend on each other). Where
the congress tables are not there yet, their permissions are given by congress 0012_roles, which
gives every role its permissions on every congress model, idempotently.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEWER = "Người xem"
CLERK = "Cán bộ nhập liệu"
MANAGER = "Quản lý"

RECORD_MODELS = {
    "records": [
        "source",
        "administrativeunit",
        "unitsuccession",
        "organisation",
        "person",
        "membership",
        "legaldocument",
        "figure",
    ],
    "congress": ["congress", "attendance", "speech", "indicator", "task"],
}
# Sources and successions have no sheet kind, so no import or export permission.
ROLE_ACTIONS = {
    VIEWER: ["view", "export"],
    CLERK: ["view", "add", "change", "delete", "import", "export"],
    MANAGER: ["view", "add", "change", "delete", "import", "export"],
}
# A manager also gives roles and organisations to users inside their own scope, may delete
# records that cite a source, and reads the access log.
MANAGER_EXTRA = [
    ("auth", "view_user"),
    ("auth", "add_user"),
    ("auth", "change_user"),
    ("records", "view_accessscope"),
    ("records", "add_accessscope"),
    ("records", "change_accessscope"),
    ("records", "delete_sourced"),
    ("records", "view_accesslog"),
]


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, actions in ROLE_ACTIONS.items():
        wanted = [
            (app_label, f"{action}_{model}")
            for app_label, models in RECORD_MODELS.items()
            for model in models
            for action in actions
        ]
        if role == MANAGER:
            wanted += MANAGER_EXTRA
        permissions = [
            permission
            for app_label, codename in wanted
            for permission in Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        ]
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_ACTIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("records", "0004_access"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
