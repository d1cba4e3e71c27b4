"""
The audit trail beyond the history rows: who logged in, who failed to, who exported what; and
bringing deleted records back from their history.

Every change to a record leaves a history row (django-simple-history) with its user: the admin
and the site through HistoryRequestMiddleware, imports and commands by passing the user on
(records.sheets, `--user`). A reason typed in the admin's "Lý do thay đổi" rides along.

A history row keeps the record's citations (`sources`) too, as rows of its own history table
(Historical<Model>_sources), copied from the link table when the row is written. Two writes
would copy the wrong links, and are helped here: a deletion, for which Django empties the link
table before the "-" row is written, so the links are read just before; and a raw save
(`loaddata`), which writes no history row and so no copy of the links it sets afterwards either.

Deleting a record keeps its last state as a history row of type "-". Restoring it saves that
state again under the same id, citing what it cited, with what the deletion took along: the rows
whose foreign key cascaded from it (a person's memberships), found as "-" rows for that record
by the same user within a second of it, all in one transaction.
"""

import datetime

from django.apps import apps
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import IntegrityError, models, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver
from django.utils.module_loading import import_string
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.signals import pre_create_historical_m2m_records

from .models import AccessEvent, AccessLog

# A cascade deletes the dependants within the same request; a second is a generous bound.
CASCADE_WINDOW = datetime.timedelta(seconds=1)


# Access log ################################################################


def client_ip(request):
    """The address of the request's client, as the login throttling reads it when it is configured."""
    reader = getattr(settings, "AXES_CLIENT_IP_CALLABLE", None)
    address = import_string(reader)(request) if isinstance(reader, str) else request.META.get("REMOTE_ADDR")
    return address or None


def log_access(kind, request=None, *, user=None, username="", rows=None, api_token=None):
    return AccessLog.objects.create(
        kind=kind,
        api_token=api_token,
        user=user if getattr(user, "pk", None) else None,
        username=(username or getattr(user, "username", ""))[:150],
        path=request.path[:500] if request is not None else "",
        query=request.GET.urlencode() if request is not None else "",
        rows=rows,
        ip_address=client_ip(request) if request is not None else None,
    )


def log_export(request, rows):
    """An export: who, the address and filter it was asked with, how many rows it held."""
    return log_access(AccessEvent.EXPORT, request, user=request.user, rows=rows)


def log_api_read(request, rows):
    """A read through the API (records.api), as an export is logged: the user the key reads as,
    the address and filter, the rows it returned, and the key."""
    return log_access(
        AccessEvent.API_READ, request, user=request.user, rows=rows, api_token=request.auth
    )


@receiver(user_logged_in, dispatch_uid="records.audit.logged_in")
def logged_in(sender, request, user, **kwargs):
    log_access(AccessEvent.LOGIN, request, user=user)


@receiver(user_login_failed, dispatch_uid="records.audit.login_failed")
def login_failed(sender, credentials, request=None, **kwargs):
    log_access(AccessEvent.LOGIN_FAILED, request, username=str(credentials.get("username", "")))


# Links in history ##########################################################

# Where a record about to be deleted keeps its links for its "-" history row.
LINKS_AT_DELETION = "_history_links_at_deletion"


def tracked_links(model):
    """The many-to-many fields whose links a model's history rows copy (SourcedRecord: `sources`)."""
    return [model._meta.get_field(name) for name in getattr(model, "_history_m2m_fields", ())]


def links_of(record, field):
    """A record's rows of a many-to-many field's link table, as the database holds them now."""
    through = field.remote_field.through
    return list(through._base_manager.filter(**{field.m2m_field_name(): record.pk}).order_by("pk"))


def history_links(history_row, field, links):
    """Copies of link table rows for a history row, unsaved."""
    copy = getattr(history_row, field.name).model
    return [
        copy(history=history_row, **{f.attname: getattr(link, f.attname) for f in link._meta.concrete_fields})
        for link in links
    ]


def copy_links(history_row, record):
    """Make a history row's copy of the record's links what the link tables hold now.

    For a row written before the links were (a restore, an admin form, whose links are saved
    after the record). None, when history is switched off, has nothing to copy into.
    """
    if history_row is None:
        return
    for field in tracked_links(type(record)):
        getattr(history_row, field.name).all().delete()
        copy = getattr(history_row, field.name).model
        copy.objects.bulk_create(history_links(history_row, field, links_of(record, field)))


def read_links_before_deletion(sender, instance, **kwargs):
    links = {field.name: links_of(instance, field) for field in tracked_links(sender)}
    setattr(instance, LINKS_AT_DELETION, links)


def no_history_for_raw_links(sender, instance, raw, **kwargs):
    # A raw save (loaddata) writes no history row; the links the deserializer sets after it
    # would otherwise each write one.
    if raw:
        instance.skip_history_when_saving = True


@receiver(pre_create_historical_m2m_records, dispatch_uid="records.audit.links_at_deletion")
def give_deletion_its_links(sender, rows, history_instance, instance, field, **kwargs):
    kept = getattr(instance, LINKS_AT_DELETION, {}).get(field.name)
    if history_instance.history_type == "-" and kept:
        rows.extend(history_links(history_instance, field, kept))


def connect_link_receivers():
    """Connect the receivers above to each model whose history copies links, and to no other:
    a pre_delete receiver of every model would keep Django from deleting any without loading it."""
    for model in apps.get_models():
        if hasattr(model._meta, "simple_history_manager_attribute") and tracked_links(model):
            uid = f"records.audit.links.{model._meta.label}"
            pre_delete.connect(read_links_before_deletion, sender=model, dispatch_uid=uid)
            pre_save.connect(no_history_for_raw_links, sender=model, dispatch_uid=uid)


# Imported by RecordsConfig.ready(), when every app's models are loaded.
connect_link_receivers()


# Deleted records ###########################################################


def deleted(model):
    """The deletions of the model's records that are still deleted: the last "-" row of each, newest first."""
    history = model.history.model.objects
    last_deletion = (
        history.filter(history_type="-", id=OuterRef("id")).order_by("-history_date", "-history_id")
    )
    return (
        history.filter(history_type="-", history_id=Subquery(last_deletion.values("history_id")[:1]))
        .exclude(id__in=model.objects.values("id"))
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )


def cascaded(deletion):
    """The deletions a record's deletion took along: rows of models whose foreign key to it cascades."""
    model = deletion.instance_type
    found = []
    for relation in model._meta.related_objects:
        dependant = relation.related_model
        if getattr(relation, "on_delete", None) is not models.CASCADE or not hasattr(dependant, "history"):
            continue
        found.extend(
            dependant.history.model.objects.filter(
                history_type="-",
                history_user_id=deletion.history_user_id,
                history_date__range=(
                    deletion.history_date - CASCADE_WINDOW,
                    deletion.history_date + CASCADE_WINDOW,
                ),
                **{relation.field.attname: deletion.id},
            )
            .exclude(id__in=dependant.objects.values("id"))
            .order_by("history_date", "history_id")
        )
    return found


class CannotRestore(Exception):
    pass


@transaction.atomic
def restore_deleted(deletion, *, user, scope, reason=""):
    """Save a deleted record and what its deletion took along as they were; all or nothing.

    Returns the restored records, the record first, each citing the sources it cited when it
    was deleted, less any source deleted since. Raises CannotRestore when a record would fall
    outside the user's scope or the database refuses it (a record it names is gone, a rule
    would break).
    """
    restored = []
    for row in [deletion, *cascaded(deletion)]:
        record = row.instance
        if scope.check(record) is not None:
            message = _("%(kind)s này nằm ngoài phạm vi hồ sơ được giao cho bạn.")
            raise CannotRestore(message % {"kind": capfirst(record._meta.verbose_name)})
        missing = next(missing_references(record), None)
        if missing is not None:
            # The record cannot name itself: its name may come from the record that is gone.
            raise CannotRestore(
                _("Không khôi phục được %(kind)s: %(field)s mà bản ghi trỏ tới không còn trong hồ sơ.")
                % {"kind": record._meta.verbose_name, "field": missing.verbose_name}
            )
        record._history_user = user
        record._change_reason = reason or _("Khôi phục bản ghi đã xóa")
        try:
            with transaction.atomic():
                record.save(force_insert=True)
        except IntegrityError as error:
            raise CannotRestore(
                _("Không khôi phục được %(record)s: %(error)s") % {"record": record, "error": error}
            ) from error
        relink(record, row)
        restored.append(record)
    return restored


def relink(record, version):
    """Give a record the links a history row of it kept, and its newest history row a copy of them.

    Links to records deleted since are left out. The newest row is the one the restore's save
    wrote, before the links were there to copy.
    """
    fields = tracked_links(type(record))
    for field in fields:
        through = field.remote_field.through
        source = through._meta.get_field(field.m2m_field_name()).attname
        target = through._meta.get_field(field.m2m_reverse_field_name()).attname
        kept = getattr(version, field.name).values(target)
        existing = field.related_model._base_manager.filter(pk__in=kept).values_list("pk", flat=True)
        through._base_manager.bulk_create([through(**{source: record.pk, target: pk}) for pk in existing])
    if fields:
        copy_links(record.history.order_by("-history_id").first(), record)


def missing_references(record):
    """The foreign keys of a record whose target no longer exists.

    Both databases check foreign keys only when the transaction commits, too late to say which.
    """
    for field in record._meta.concrete_fields:
        value = getattr(record, field.attname)
        if isinstance(field, models.ForeignKey) and value is not None:
            if not field.related_model._base_manager.filter(**{field.target_field.attname: value}).exists():
                yield field
