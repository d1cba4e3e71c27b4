"""Merging two records of one person into one, and undoing it.

A duplicate found late (records.duplicates: "Nguyen Cong Dien" beside Nguyễn Công Diễn) has
records of its own by then: posts, a place at a congress, a speech, a candidacy. Merging moves
every one of them to the person kept and deletes the other, in one transaction:

* Every foreign key to Person is found through the model graph (Person._meta.related_objects),
  not listed here, so that a model added later, in any app, moves too: records never imports
  congress, yet a congress's attendances, speeches and candidacies move with the posts.
* Each moved record is saved, not updated in bulk, so its own history says it moved and who
  moved it. The kept person takes every citation of the other and, field by field, the values
  the clerk chose; its history row says what it took. The merged-away person's last history row
  (its deletion) says whom it was merged into; its earlier rows stay as they were.
* A move that a unique rule would refuse (both people at the same congress, both holding the same
  open post) is found before anything is written, by reading the models' unique constraints, and
  refused with a Vietnamese message naming both records: the clerk removes one first.
* The merge is recorded (PersonMerge) with what the deletion cannot keep, so that reverting saves
  the person again under its id and uid, with its values and citations, and moves back exactly
  the records that moved (those since deleted or moved elsewhere are left, and counted).
"""

import uuid
from collections import Counter
from dataclasses import dataclass

from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from . import access, audit
from .models import Person, PersonMerge, Source

__all__ = [
    "CHOSEN_FIELDS",
    "MergeRefused",
    "clashes",
    "person_merge",
    "person_merge_revert",
    "person_relations",
]

# The fields a clerk chooses between, field by field; the parts of the name follow the full name.
CHOSEN_FIELDS = ("full_name", "birth_year", "gender", "note")
NAME_PARTS = ("family_name", "middle_name", "given_name")


class MergeRefused(Exception):
    """A merge or a revert that would break a rule; its message is the clerk's, in Vietnamese."""


@dataclass(frozen=True)
class Relation:
    """A foreign key to Person: the model holding it and the field (a link table's, for a many-to-many)."""

    model: type
    field: models.Field

    @property
    def label(self):
        return f"{self.model._meta.label_lower}.{self.field.name}"

    @property
    def has_history(self):
        return hasattr(self.model, "history") and not self.model._meta.auto_created


def person_relations():
    """Every foreign key to Person of every installed app, in a stable order."""
    found = []
    for relation in Person._meta.related_objects:
        if relation.many_to_many:
            through = relation.through
            field = through._meta.get_field(relation.field.m2m_reverse_field_name())
            found.append(Relation(through, field))
        else:
            found.append(Relation(relation.related_model, relation.field))
    return sorted(found, key=lambda relation: relation.label)


def unique_rules(relation):
    """The (other fields, condition, message) of each unique rule of the model that names the field."""
    model, name = relation.model, relation.field.name
    if relation.field.unique:
        yield (), None, _("mỗi người chỉ có một")
    for fields in model._meta.unique_together:
        if name in fields:
            yield tuple(f for f in fields if f != name), None, ""
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and name in constraint.fields:
            others = tuple(f for f in constraint.fields if f != name)
            yield others, constraint.condition, str(constraint.violation_error_message or "")


def clashes(kept, merged):
    """The records of `merged` that would break a unique rule once moved to `kept`, as messages.

    Two queries per unique rule naming a person (six on the models of today).
    """
    messages = []
    for relation in person_relations():
        model, name = relation.model, relation.field.name
        for others, condition, rule in unique_rules(relation):
            rows = {}
            for person in (kept, merged):
                records = model._base_manager.filter(**{name: person.pk})
                if condition is not None:
                    records = records.filter(condition)
                rows[person.pk] = records.order_by("pk")
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


def _check_people(kept, merged, scope):
    if kept.pk == merged.pk:
        raise MergeRefused(_("Hãy chọn hai người khác nhau để gộp."))
    for person in (kept, merged):
        if not scope.covers(person):
            raise MergeRefused(
                _("%(person)s nằm ngoài phạm vi hồ sơ được giao cho bạn.") % {"person": person}
            )


def _snapshot(person):
    """The person's stored values, by column, and the ids of the sources it cites."""
    values = {field.attname: getattr(person, field.attname) for field in Person._meta.concrete_fields}
    return {"fields": values, "sources": sorted(person.sources.values_list("pk", flat=True))}


def _move(relation, records, to, *, user, reason):
    """Point each record's field at `to`, saving it so that its history says so; the ids moved."""
    moved = []
    for record in records:
        setattr(record, relation.field.attname, to)
        record._history_user = user
        record._change_reason = reason
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


def counted_kind(model, count):
    """The model's name for a count of its records: "1 speech", "2 positions held" in English."""
    return model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural


def _counted(moved):
    """"2 chức vụ đảm nhiệm, 1 người dự đại hội" of a PersonMerge.moved list."""
    counts = Counter()
    for entry in moved:
        counts[apps.get_model(entry["model"])] += len(entry["ids"])
    return ", ".join(f"{count} {counted_kind(model, count)}" for model, count in counts.items())


def _with_history(record, user, reason):
    record._history_user = user
    record._change_reason = reason
    return record


@transaction.atomic
def person_merge(
    *, kept: Person, merged: Person, take=(), user=None, scope=access.EVERYTHING, reason=""
) -> PersonMerge:
    """Merge `merged` into `kept`: move every record naming it, keep every citation, delete it.

    `take` names the fields of CHOSEN_FIELDS whose value comes from `merged`. Raises MergeRefused
    (nothing written) for the same person twice, a person outside the scope, or a clash.
    """
    kept = Person.objects.select_for_update().get(pk=kept.pk)
    merged = Person.objects.select_for_update().get(pk=merged.pk)
    _check_people(kept, merged, scope)
    found = clashes(kept, merged)
    if found:
        raise MergeRefused(" ".join([_("Không gộp được:"), *found]))

    merge = PersonMerge(
        kept=kept,
        kept_name=str(kept),
        merged_person_id=merged.pk,
        merged_uid=merged.uid,
        merged_name=str(merged),
        merged_record=_snapshot(merged),
        reason=reason,
        merged_by=user if getattr(user, "pk", None) else None,
    )
    moving = _("Chuyển từ %(merged)s sang %(kept)s khi gộp người") % {"merged": merged, "kept": kept}
    for relation in person_relations():
        records = relation.model._base_manager.filter(**{relation.field.name: merged.pk}).order_by("pk")
        if relation.has_history or not relation.model._meta.auto_created:
            ids = _move(relation, records, kept.pk, user=user, reason=moving)
        else:
            ids = list(records.values_list("pk", flat=True))
            records.update(**{relation.field.attname: kept.pk})
        if ids:
            merge.moved.append(
                {"model": relation.model._meta.label_lower, "field": relation.field.name, "ids": ids}
            )

    taken = [name for name in CHOSEN_FIELDS if name in take]
    fields = [*taken, *(NAME_PARTS if "full_name" in taken else ())]
    merge.kept_changes = {
        name: [getattr(kept, name), getattr(merged, name)]
        for name in fields
        if getattr(kept, name) != getattr(merged, name)
    }
    for name, (_before, after) in merge.kept_changes.items():
        setattr(kept, name, after)
    cited = set(kept.sources.values_list("pk", flat=True))
    merge.sources_added = [pk for pk in merge.merged_record["sources"] if pk not in cited]

    # One history row for the kept person, written with its new citations in place.
    kept.skip_history_when_saving = True
    try:
        kept.sources.add(*merge.sources_added)
    finally:
        del kept.skip_history_when_saving
    what = [_counted(merge.moved)]
    if merge.sources_added:
        what.append(_("%(count)s nguồn") % {"count": len(merge.sources_added)})
    if merge.kept_changes:
        what.append(", ".join(str(Person._meta.get_field(name).verbose_name) for name in merge.kept_changes))
    took = "; ".join(part for part in what if part) or _("không có bản ghi nào")
    kept_reason = _("Gộp %(merged)s (mã %(uid)s) vào: nhận %(what)s") % {
        "merged": merged,
        "uid": merged.uid,
        "what": took,
    }
    _with_history(kept, user, kept_reason).save()
    audit.copy_links(kept.history.order_by("-history_id").first(), kept)

    merged_reason = _("Đã gộp vào %(kept)s (mã %(uid)s)") % {"kept": kept, "uid": kept.uid}
    _with_history(merged, user, merged_reason).delete()
    merge.save()
    return merge


@transaction.atomic
def person_merge_revert(*, merge: PersonMerge, user=None, scope=access.EVERYTHING) -> Person:
    """Undo a merge: the person saved again under its id and uid, the records moved back; returns it.

    Of the kept person's values the merge replaced, those not changed since are put back; the
    citations it took are given back. Raises MergeRefused (nothing written) when the merge was
    reverted already, the kept person is gone or outside the scope, or the person is back already.
    """
    merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.is_reverted:
        raise MergeRefused(_("Lần gộp này đã được hoàn tác."))
    kept = Person.objects.select_for_update().filter(pk=merge.kept_id).first()
    if kept is None:
        raise MergeRefused(_("Người được giữ khi gộp đã bị xóa: không hoàn tác được lần gộp này."))
    if not scope.covers(kept):
        raise MergeRefused(_("%(person)s nằm ngoài phạm vi hồ sơ được giao cho bạn.") % {"person": kept})
    uid = uuid.UUID(str(merge.merged_uid))
    if Person.objects.filter(Q(pk=merge.merged_person_id) | Q(uid=uid)).exists():
        raise MergeRefused(
            _("%(person)s đã có lại trong hồ sơ (đã được khôi phục): không hoàn tác được lần gộp này.")
            % {"person": merge.merged_name}
        )

    values = {
        field.attname: field.to_python(merge.merged_record["fields"].get(field.attname))
        for field in Person._meta.concrete_fields
    }
    person = Person(**values)
    back = _("Tách lại khỏi %(kept)s khi hoàn tác việc gộp") % {"kept": kept}
    _with_history(person, user, back).save(force_insert=True)
    # Citations of sources deleted since are left out.
    cited = Source.objects.filter(pk__in=merge.merged_record["sources"]).values_list("pk", flat=True)
    person.skip_history_when_saving = True
    try:
        person.sources.add(*cited)
    finally:
        del person.skip_history_when_saving
    audit.copy_links(person.history.order_by("-history_id").first(), person)

    moving = _("Trả lại %(person)s khi hoàn tác việc gộp vào %(kept)s") % {"person": person, "kept": kept}
    relations = {relation.label: relation for relation in person_relations()}
    left = 0
    for entry in merge.moved:
        relation = relations.get(f"{entry['model']}.{entry['field']}")
        if relation is None:
            left += len(entry["ids"])
            continue
        records = relation.model._base_manager.filter(pk__in=entry["ids"], **{relation.field.name: kept.pk})
        if relation.has_history or not relation.model._meta.auto_created:
            ids = _move(relation, records.order_by("pk"), person.pk, user=user, reason=moving)
        else:
            ids = list(records.values_list("pk", flat=True))
            records.update(**{relation.field.attname: person.pk})
        left += len(entry["ids"]) - len(ids)

    for name, (before, after) in merge.kept_changes.items():
        field = Person._meta.get_field(name)
        if getattr(kept, name) == field.to_python(after):
            setattr(kept, name, field.to_python(before))
    kept.skip_history_when_saving = True
    try:
        kept.sources.remove(*merge.sources_added)
    finally:
        del kept.skip_history_when_saving
    _with_history(kept, user, _("Hoàn tác việc gộp %(person)s vào") % {"person": person}).save()
    audit.copy_links(kept.history.order_by("-history_id").first(), kept)

    merge.reverted_at = timezone.now()
    merge.reverted_by = user if getattr(user, "pk", None) else None
    merge.save(update_fields=["reverted_at", "reverted_by"])
    person.records_left_behind = left
    return person
