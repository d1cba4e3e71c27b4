"""The roles' permissions on every congress model, the elections' included.

records 0005 gave the roles (Người xem, Cán bộ nhập liệu, Quản lý) their permissions on the five
congress models of that time, but nothing gave them the elections', appointments', congress
bodies' and credentials reports' (issue 14): a clerk could not record a vote. Since the squash of
issue 11, 0005 also no longer waits for the congress tables. This gives every role its permissions
on every congress model as 0005 does for the registry's: viewers read and export, clerks and
managers read, add, change, delete, import and export. Adding is idempotent; names are frozen here.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONGRESS_MODELS = [
    "congress",
    "attendance",
    "speech",
    "indicator",
    "task",
    "election",
    "candidate",
    "appointmentdecision",
    "appointedpost",
    "congressbody",
    "congressbodymember",
    "credentialsreport",
]
# A permission that does not exist (no sheet kind, so no import or export) is simply not given.
ROLE_ACTIONS = {
    "Người xem": ["view", "export"],
    "Cán bộ nhập liệu": ["view", "add", "change", "delete", "import", "export"],
    "Quản lý": ["view", "add", "change", "delete", "import", "export"],
}


def give_permissions(apps, schema_editor):
    congress = apps.get_app_config("congress")
    congress.models_module = True
    create_permissions(congress, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    congress.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, actions in ROLE_ACTIONS.items():
        codenames = [f"{action}_{model}" for model in CONGRESS_MODELS for action in actions]
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="congress", codename__in=codenames)
        )


def take_permissions(apps, schema_editor):
    """Back to what records 0005 gave: the permissions on the models added since are taken."""
    added_since = CONGRESS_MODELS[5:]
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLE_ACTIONS):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="congress", content_type__model__in=added_since
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("records", "0005_roles"),
        ("congress", "0011_sheet_permissions"),
    ]

    operations = [migrations.RunPython(give_permissions, take_permissions)]
