"""The roles the migrations made, made again after each flush of the test database.

A transactional test (a live server, commits, a flush of its own) empties every table when it
ends, the groups of the roles and their permissions included: the migrations wrote them, and a
flush is not a migration. pytest-django runs those tests last, but a worker that steals work
(`make test` runs `--dist worksteal`) can take ordinary tests after them, which then met no
roles. After the test database is migrated (or copied from one that was: tests/database_template.py)
the roles are noted (each group's permissions by
their natural keys, since a flush makes the permissions again under new ids); after each flush
(Django sends post_migrate then, and the permissions are back) they are written again.
"""

from django.apps import apps
from django.db.models.signals import post_migrate

_roles = {}


def _last_app(sender):
    # post_migrate is sent for each app with models, in order: after the last, every permission is back.
    return sender is [config for config in apps.get_app_configs() if config.models_module is not None][-1]


def note_or_restore_roles(sender, using="default", **kwargs):
    if not _last_app(sender):
        return
    from django.contrib.auth.models import Group, Permission

    groups = Group.objects.using(using)
    if not _roles:
        note_roles(using)
        return
    if groups.exists():
        return
    by_key = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.using(using).select_related("content_type")
    }
    for name, keys in _roles.items():
        groups.create(name=name).permissions.set([by_key[key] for key in keys if key in by_key])


def note_roles(using="default"):
    """Note the roles the test database holds now (after it is migrated, or copied from one that was)."""
    from django.contrib.auth.models import Group

    _roles.clear()
    for group in Group.objects.using(using).prefetch_related("permissions__content_type"):
        _roles[group.name] = [(p.content_type.app_label, p.codename) for p in group.permissions.all()]


def connect():
    post_migrate.connect(note_or_restore_roles, weak=False, dispatch_uid="tests.roles_after_flush")
