"""
The audit trail beyond the history rows: who logged in, who failed to, who exported what; and
bringing deleted records back from their history.

Every change to a record leaves a history row (django-simple-history) with its user: the admin
and the site through HistoryRequestMiddleware, imports and commands by passing the user on
(records.sheets, `--user`). A reason typed in the admin's "Lý do thay đổi" rides along.

Deleting a record keeps its last state as a history row of type "-". Restoring it saves that
state again under the same id, with what the deletion took along: the rows whose foreign key
cascaded from it (a person's memberships), found as "-" rows for that record by the same user
within a second of it, all in one transaction.
"""

import datetime

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import IntegrityError, models, transaction
from django.db.models import OuterRef, Subquery
from django.dispatch import receiver
from django.utils.module_loading import import_string
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .models import AccessEvent, AccessLog

# A cascade deletes the dependants within the same request; a second is a generous bound.
CASCADE_WINDOW = datetime.timedelta(seconds=1)


# Access log ################################################################


def client_ip(request):
    """The address of the request's client, as the login throttling reads it when it is configured."""
    reader = getattr(settings, "AXES_CLIENT_IP_CALLABLE", None)
    address = import_string(reader)(request) if isinstance(reader, str) else request.META.get("REMOTE_ADDR")
    return address or None


def log_access(kind, request=None, *, user=None, username="", rows=None):
    return AccessLog.objects.create(
        kind=kind,
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


@receiver(user_logged_in, dispatch_uid="records.audit.logged_in")
def logged_in(sender, request, user, **kwargs):
    log_access(AccessEvent.LOGIN, request, user=user)


@receiver(user_login_failed, dispatch_uid="records.audit.login_failed")
def login_failed(sender, credentials, request=None, **kwargs):
    log_access(AccessEvent.LOGIN_FAILED, request, username=str(credentials.get("username", "")))


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

    Returns the restored records, the record first. Source citations are not kept in history,
    so the restored records cite none. Raises CannotRestore when a record would fall outside the
    user's scope or the database refuses it (a record it names is gone, a rule would break).
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
        restored.append(record)
    return restored


def missing_references(record):
    """The foreign keys of a record whose target no longer exists.

    Both databases check foreign keys only when the transaction commits, too late to say which.
    """
    for field in record._meta.concrete_fields:
        value = getattr(record, field.attname)
        if isinstance(field, models.ForeignKey) and value is not None:
            if not field.related_model._base_manager.filter(**{field.target_field.attname: value}).exists():
                yield field
