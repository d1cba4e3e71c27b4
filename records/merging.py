"""Merging two records of one person, or of one organisation, into one, and undoing it.

A duplicate found late (records.duplicates: "Nguyen Cong Dien" beside Nguyễn Công Diễn, "Dang uy
phuong Thien Huong" beside Đảng ủy phường Thiên Hương) has records of its own by then: posts, a
place at a congress, a speech, a candidacy; an organisation's members, figures, documents issued,
congresses and the organisations under it. Merging moves every one of them to the record kept and
deletes the other, in one transaction, the same way for both kinds (a MergeKind says what differs):

* Every foreign key to the model is found through the model graph (`_meta.related_objects`), not
  listed here, so that a model added later, in any app, moves too: records never imports congress,
  yet a congress's attendances, speeches and candidacies move with the posts.
* Each moved record is saved, not updated in bulk, so its own history says it moved and who moved
  it. The kept record takes every citation of the other and, field by field, the values the clerk
  chose; its history row says what it took. The merged-away record's last history row (its
  deletion) says what it was merged into; its earlier rows stay as they were.
* A link of a many-to-many field (a user's scope naming the organisation) is moved in bulk, and
  the record holding it saved, so that its history says so; a link the kept record has already
  is dropped, and remembered to be put back on a revert.
* A move that a unique rule would refuse (both people at the same congress, both organisations
  holding a "Chi bộ 1") is found before anything is written, by reading the models' unique
  constraints, and refused with a Vietnamese message naming both records: the clerk removes (or
  merges) one first. An organisation is never merged with one above or below it in the tree.
* The merge is recorded (records.models.merges) with what the deletion cannot keep, so that
  reverting saves the record again under its id and uid, with its values and citations, and moves
  back exactly the records that moved (those since deleted or moved elsewhere are left, and counted).
"""

import dataclasses
import uuid
from collections import Counter

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import access, audit
from .models import Organisation, OrganisationMerge, Person, PersonMerge, Source

__all__ = [
    "KINDS",
    "MergeKind",
    "MergeRefused",
    "clashes",
    "kind_of",
    "merge",
    "relations",
    "revert",
]


class MergeRefused(Exception):
    """A merge or a revert that would break a rule; its message is the clerk's, in Vietnamese."""


def organisations_apart(kept, merged):
    """Why two organisations cannot be one: one is above the other in the tree; None if neither is."""
    for lower, upper in ((kept, merged), (merged, kept)):
        if upper in lower.ancestors():
            return _(
                "Không gộp một tổ chức với tổ chức cấp trên hay cấp dưới của nó: "
                "%(lower)s trực thuộc %(upper)s."
            ) % {"lower": lower, "upper": upper}
    return None


@dataclasses.dataclass(frozen=True)
class MergeKind:
    """What merging differs in from one kind of record to another."""

    model: type
    merge_model: type
    # The fields a clerk chooses between, field by field, and the fields that follow each.
    chosen_fields: tuple
    following: dict = dataclasses.field(default_factory=dict)
    noun: str = ""
    permission: str = ""
    # A reason the two records cannot be one (a message), or None: asked before anything moves.
    apart: object = None


PEOPLE = MergeKind(
    Person,
    PersonMerge,
    ("full_name", "birth_year", "gender", "note"),
    following={"full_name": ("family_name", "middle_name", "given_name")},
    noun=gettext_lazy("người"),
    permission="records.merge_person",
)
ORGANISATIONS = MergeKind(
    Organisation,
    OrganisationMerge,
    (
        "name",
        "short_name",
        "kind",
        "parent",
        "administrative_unit",
        "seat_count",
        "founded_on",
        "dissolved_on",
        "note",
    ),
    noun=gettext_lazy("tổ chức"),
    permission="records.merge_organisation",
    apart=organisations_apart,
)
KINDS = {kind.model: kind for kind in (PEOPLE, ORGANISATIONS)} | {
    kind.merge_model: kind for kind in (PEOPLE, ORGANISATIONS)
}


def kind_of(model):
    """The MergeKind of a model (Person, Organisation), of one of their merges, or of a record."""
    return KINDS[model if isinstance(model, type) else type(model)]


@dataclasses.dataclass(frozen=True)
class Relation:
    """A foreign key to a merged model: the model holding it and the field (a link table's, for a
    many-to-many)."""

    model: type
    field: models.Field

    @property
    def label(self):
        return f"{self.model._meta.label_lower}.{self.field.name}"

    @property
    def is_link(self):
        """A row of a many-to-many field's link table, which has no history of its own."""
        return bool(self.model._meta.auto_created)


def relations(model):
    """Every foreign key to the model of every installed app, in a stable order."""
    found = []
    for relation in model._meta.related_objects:
        if relation.many_to_many:
            through = relation.through
            found.append(Relation(through, through._meta.get_field(relation.field.m2m_reverse_field_name())))
        else:
            found.append(Relation(relation.related_model, relation.field))
    return sorted(found, key=lambda relation: relation.label)


def kind_name(model, count=1):
    """A kind of record as the clerk reads it, named for a count of them ("1 speech", "2 positions
    held" in English): a link table as the record holding the links."""
    holder = model._meta.auto_created
    meta = (holder if isinstance(holder, type) else model)._meta
    return meta.verbose_name if count == 1 else meta.verbose_name_plural


def unique_rules(relation, noun):
    """The (other fields, condition, message) of each unique rule of the model that names the field."""
    model, name = relation.model, relation.field.name
    if relation.field.unique:
        yield (), None, _("mỗi %(noun)s chỉ có một") % {"noun": noun}
    for fields in model._meta.unique_together:
        if name in fields:
            yield tuple(f for f in fields if f != name), None, ""
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and name in constraint.fields:
            others = tuple(f for f in constraint.fields if f != name)
            yield others, constraint.condition, str(constraint.violation_error_message or "")


def clashes(kept, merged):
    """The records of `merged` that would break a unique rule once moved to `kept`, as messages.

    Two queries per unique rule naming the model (six for a person on the models of today). A
    link the kept record has already is no clash: the merge drops it (_relink).
    """
    messages = []
    kind = kind_of(kept)
    for relation in relations(kind.model):
        if relation.is_link:
            continue
        model, name = relation.model, relation.field.name
        for others, condition, rule in unique_rules(relation, kind.noun):
            rows = {}
            for record in (kept, merged):
                records = model._base_manager.filter(**{name: record.pk})
                if condition is not None:
                    records = records.filter(condition)
                rows[record.pk] = records.order_by("pk")
            columns = [model._meta.get_field(f).attname for f in others]
            theirs = {}
            for record in rows[kept.pk]:
                theirs.setdefault(tuple(getattr(record, column) for column in columns), record)
            for record in rows[merged.pk]:
                values = tuple(getattr(record, column) for column in columns)
                # A unique rule does not hold between rows with an empty value (NULL) in it.
                if None in values or values not in theirs:
                    continue
                messages.append(
                    _(
                        "%(kind)s “%(theirs)s” của %(kept)s và “%(mine)s” của %(merged)s trùng nhau"
                        " (%(rule)s): hãy xóa hoặc sửa một trong hai rồi gộp lại."
                    )
                    % {
                        "kind": capfirst(model._meta.verbose_name),
                        "theirs": theirs[values],
                        "mine": record,
                        "kept": kept,
                        "merged": merged,
                        "rule": rule.rstrip(".") or _("trùng nhau"),
                    }
                )
    return messages


def _check(kind, kept, merged, scope):
    if kept.pk == merged.pk:
        raise MergeRefused(_("Hãy chọn hai %(noun)s khác nhau để gộp.") % {"noun": kind.noun})
    for record in (kept, merged):
        if not scope.covers(record):
            raise MergeRefused(
                _("%(record)s nằm ngoài phạm vi hồ sơ được giao cho bạn.") % {"record": record}
            )
    refusal = kind.apart(kept, merged) if kind.apart else None
    if refusal:
        raise MergeRefused(refusal)


def _snapshot(record):
    """The record's stored values, by column, and the ids of the sources it cites."""
    values = {f.attname: getattr(record, f.attname) for f in type(record)._meta.concrete_fields}
    return {"fields": values, "sources": sorted(record.sources.values_list("pk", flat=True))}


def _move(relation, records, to, *, user, reason):
    """Point each record's field at `to`, saving it so that its history says so; the ids moved."""
    moved = []
    for record in records:
        setattr(record, relation.field.attname, to)
        _with_history(record, user, reason)
        try:
            with transaction.atomic():
                record.save(update_fields=[relation.field.name])
        except IntegrityError as error:
            raise MergeRefused(
                _("Không chuyển được %(kind)s “%(record)s”: %(error)s")
                % {"kind": relation.model._meta.verbose_name, "record": record, "error": error}
            ) from error
        moved.append(record.pk)
    return moved


def _holder_field(relation):
    """The other foreign key of a link table: to the record holding the links (a user's scope)."""
    return next(f for f in relation.model._meta.concrete_fields if f.is_relation and f != relation.field)


def _save_holders(relation, ids, *, user, reason):
    """Save the records holding links that moved, so that their history lists their links as they are."""
    holder_model = _holder_field(relation).related_model
    if not hasattr(holder_model, "history"):
        return
    for holder in holder_model._base_manager.filter(pk__in=ids).order_by("pk"):
        _with_history(holder, user, reason).save()


def _relink(relation, links, to, *, user, reason):
    """Point many-to-many links at `to`, dropping those `to` has already: (ids moved, links dropped).

    A dropped link is kept as its column values, to be put back by a revert.
    """
    holder = _holder_field(relation).attname
    held_by_to = relation.model._base_manager.filter(**{relation.field.name: to})
    held = set(held_by_to.values_list(holder, flat=True))
    moved, dropped = [], []
    columns = [f.attname for f in relation.model._meta.concrete_fields]
    for link in links:
        if getattr(link, holder) in held:
            dropped.append({column: getattr(link, column) for column in columns})
        else:
            moved.append(link.pk)
    pk = relation.model._meta.pk.attname
    relation.model._base_manager.filter(pk__in=[link[pk] for link in dropped]).delete()
    relation.model._base_manager.filter(pk__in=moved).update(**{relation.field.attname: to})
    holders = {link[holder] for link in dropped} | set(
        relation.model._base_manager.filter(pk__in=moved).values_list(holder, flat=True)
    )
    _save_holders(relation, holders, user=user, reason=reason)
    return moved, dropped


def _counted(moved):
    """"2 chức vụ đảm nhiệm, 1 người dự đại hội" of a merge's `moved` list."""
    counts = Counter()
    for entry in moved:
        counts[apps.get_model(entry["model"])] += len(entry["ids"]) + len(entry.get("dropped", ()))
    return ", ".join(f"{count} {kind_name(model, count)}" for model, count in counts.items())


def _with_history(record, user, reason):
    record._history_user = user
    record._change_reason = reason
    return record


def _save_with_links(record, user, reason, **kwargs):
    """Save a record with a history row, and copy into that row its links as they are now."""
    _with_history(record, user, reason).save(**kwargs)
    audit.copy_links(record.history.order_by("-history_id").first(), record)


def _citing(record, sources, add=True):
    """Add (or remove) citations without a history row each: the record's next save writes one."""
    record.skip_history_when_saving = True
    try:
        (record.sources.add if add else record.sources.remove)(*sources)
    finally:
        del record.skip_history_when_saving


def _valid(record):
    """Refuse (MergeRefused) a record its model's rules refuse, with their Vietnamese messages."""
    try:
        record.validate_constraints()
    except ValidationError as error:
        raise MergeRefused(" ".join(error.messages)) from error


@transaction.atomic
def merge(*, kept, merged, take=(), user=None, scope=access.EVERYTHING, reason=""):
    """Merge `merged` into `kept` (two people, or two organisations): move every record naming it,
    keep every citation, delete it; returns the merge (a PersonMerge, an OrganisationMerge).

    `take` names the fields of the kind's chosen_fields whose value comes from `merged`. Raises
    MergeRefused (nothing written) for the same record twice, a record outside the scope, two
    records that cannot be one, or a clash.
    """
    kind = kind_of(kept)
    kept = kind.model.objects.select_for_update().get(pk=kept.pk)
    merged = kind.model.objects.select_for_update().get(pk=merged.pk)
    _check(kind, kept, merged, scope)
    found = clashes(kept, merged)
    if found:
        raise MergeRefused(" ".join([_("Không gộp được:"), *found]))

    record = kind.merge_model(
        kept=kept,
        kept_name=str(kept),
        merged_pk=merged.pk,
        merged_uid=merged.uid,
        merged_name=str(merged),
        merged_record=_snapshot(merged),
        reason=reason,
        merged_by=user if getattr(user, "pk", None) else None,
    )
    moving = _("Chuyển từ %(merged)s sang %(kept)s khi gộp %(noun)s") % {
        "merged": merged,
        "kept": kept,
        "noun": kind.noun,
    }
    for relation in relations(kind.model):
        records = relation.model._base_manager.filter(**{relation.field.name: merged.pk}).order_by("pk")
        entry = {"model": relation.model._meta.label_lower, "field": relation.field.name}
        if relation.is_link:
            entry["ids"], dropped = _relink(relation, records, kept.pk, user=user, reason=moving)
            if dropped:
                entry["dropped"] = dropped
        else:
            entry["ids"] = _move(relation, records, kept.pk, user=user, reason=moving)
        if entry["ids"] or entry.get("dropped"):
            record.moved.append(entry)

    taken = [name for name in kind.chosen_fields if name in take]
    names = [*taken, *(follower for name in taken for follower in kind.following.get(name, ()))]
    attnames = {name: kind.model._meta.get_field(name).attname for name in names}
    record.kept_changes = {
        name: [getattr(kept, attname), getattr(merged, attname)]
        for name, attname in attnames.items()
        if getattr(kept, attname) != getattr(merged, attname)
    }
    for name, (_before, after) in record.kept_changes.items():
        setattr(kept, attnames[name], after)
    cited = set(kept.sources.values_list("pk", flat=True))
    record.sources_added = [pk for pk in record.merged_record["sources"] if pk not in cited]

    # The merged record goes first: the kept one may take its name, which a rule holds unique.
    merged_reason = _("Đã gộp vào %(kept)s (mã %(uid)s)") % {"kept": kept, "uid": kept.uid}
    _with_history(merged, user, merged_reason).delete()
    _valid(kept)
    # One history row for the kept record, written with its new citations in place.
    _citing(kept, record.sources_added)
    what = [_counted(record.moved)]
    if record.sources_added:
        what.append(_("%(count)s nguồn") % {"count": len(record.sources_added)})
    if record.kept_changes:
        fields = (kind.model._meta.get_field(name) for name in record.kept_changes)
        what.append(", ".join(str(field.verbose_name) for field in fields))
    took = "; ".join(part for part in what if part) or _("không có bản ghi nào")
    kept_reason = _("Gộp %(merged)s (mã %(uid)s) vào: nhận %(what)s") % {
        "merged": merged,
        "uid": merged.uid,
        "what": took,
    }
    _save_with_links(kept, user, kept_reason)
    record.save()
    return record


@transaction.atomic
def revert(*, merge, user=None, scope=access.EVERYTHING):
    """Undo a merge: the record saved again under its id and uid, the records moved back; returns it.

    Of the kept record's values the merge replaced, those not changed since are put back; the
    citations it took are given back. Raises MergeRefused (nothing written) when the merge was
    reverted already, the kept record is gone or outside the scope, or the record is back already.
    """
    kind = kind_of(merge)
    model = kind.model
    merge = kind.merge_model.objects.select_for_update().get(pk=merge.pk)
    if merge.is_reverted:
        raise MergeRefused(_("Lần gộp này đã được hoàn tác."))
    kept = model.objects.select_for_update().filter(pk=merge.kept_id).first()
    if kept is None:
        raise MergeRefused(
            _("%(noun)s được giữ khi gộp đã bị xóa: không hoàn tác được lần gộp này.")
            % {"noun": capfirst(kind.noun)}
        )
    if not scope.covers(kept):
        raise MergeRefused(_("%(record)s nằm ngoài phạm vi hồ sơ được giao cho bạn.") % {"record": kept})
    uid = uuid.UUID(str(merge.merged_uid))
    if model.objects.filter(Q(pk=merge.merged_pk) | Q(uid=uid)).exists():
        raise MergeRefused(
            _("%(record)s đã có lại trong hồ sơ (đã được khôi phục): không hoàn tác được lần gộp này.")
            % {"record": merge.merged_name}
        )

    # The kept record first: the one restored may take back a name a rule holds unique.
    for name, (before, after) in merge.kept_changes.items():
        field = model._meta.get_field(name)
        if getattr(kept, field.attname) == field.to_python(after):
            setattr(kept, field.attname, field.to_python(before))
    _valid(kept)
    _citing(kept, merge.sources_added, add=False)
    _save_with_links(kept, user, _("Hoàn tác việc gộp %(record)s vào") % {"record": merge.merged_name})

    stored = merge.merged_record["fields"]
    values = {f.attname: f.to_python(stored.get(f.attname)) for f in model._meta.concrete_fields}
    restored = model(**values)
    _valid(restored)
    back = _("Tách lại khỏi %(kept)s khi hoàn tác việc gộp") % {"kept": kept}
    try:
        with transaction.atomic():
            _with_history(restored, user, back).save(force_insert=True)
    except IntegrityError as error:
        # A record it named (its parent, its place) deleted since.
        raise MergeRefused(
            _("Không khôi phục được %(record)s: %(error)s") % {"record": merge.merged_name, "error": error}
        ) from error
    # Citations of sources deleted since are left out.
    cited = Source.objects.filter(pk__in=merge.merged_record["sources"]).values_list("pk", flat=True)
    _citing(restored, cited)
    audit.copy_links(restored.history.order_by("-history_id").first(), restored)

    moving = _("Trả lại %(record)s khi hoàn tác việc gộp vào %(kept)s") % {"record": restored, "kept": kept}
    by_label = {relation.label: relation for relation in relations(model)}
    left = 0
    for entry in merge.moved:
        relation = by_label.get(f"{entry['model']}.{entry['field']}")
        if relation is None:
            left += len(entry["ids"]) + len(entry.get("dropped", ()))
            continue
        records = relation.model._base_manager.filter(pk__in=entry["ids"], **{relation.field.name: kept.pk})
        dropped = entry.get("dropped", ())
        if relation.is_link:
            ids, put_back = _relink_back(relation, records, dropped, restored, user=user, reason=moving)
        else:
            ids, put_back = _move(relation, records.order_by("pk"), restored.pk, user=user, reason=moving), 0
        left += len(entry["ids"]) - len(ids) + len(dropped) - put_back

    merge.reverted_at = timezone.now()
    merge.reverted_by = user if getattr(user, "pk", None) else None
    merge.save(update_fields=["reverted_at", "reverted_by"])
    restored.records_left_behind = left
    return restored


def _relink_back(relation, links, dropped, restored, *, user, reason):
    """Move links back to the restored record and put back those the merge dropped whose holder is
    still there: (the ids moved back, how many dropped links were put back)."""
    holder = _holder_field(relation)
    ids = list(links.values_list("pk", flat=True))
    relation.model._base_manager.filter(pk__in=ids).update(**{relation.field.attname: restored.pk})
    wanted = [link[holder.attname] for link in dropped]
    present = set(holder.related_model._base_manager.filter(pk__in=wanted).values_list("pk", flat=True))
    back = [
        relation.model(**{**link, relation.field.attname: restored.pk})
        for link in dropped
        if link[holder.attname] in present
    ]
    relation.model._base_manager.bulk_create(back)
    holders = {getattr(link, holder.attname) for link in back}
    holders |= set(relation.model._base_manager.filter(pk__in=ids).values_list(holder.attname, flat=True))
    _save_holders(relation, holders, user=user, reason=reason)
    return ids, len(back)
