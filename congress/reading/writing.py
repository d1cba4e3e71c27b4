"""The accepted proposals of a report written as records, in one transaction, citing the report.

The report becomes a Source of kind "article" (its title, address, publisher, date and author,
with its text) and every record written or reused cites it. Nothing is invented: a record gets
only what the report states (a committee of 27 with no names keeps 27 seats and no members),
a value already on record is never overwritten (it is shown as differing instead), and a figure
that disagrees with another source's is written beside it, citing this one.

Writing is idempotent: the source is found again by its address (or its title and text), and
every record by what identifies it (a person by the matching, a post by person, organisation
and role, a figure by source, metric and subject, an indicator by congress and name), so the
same report written twice changes nothing. Any refusal (a value that is not a number, a record
out of the user's scope, a missing import permission, a constraint) raises WriteRefused with
every message and leaves the database as it was.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from records import access, vietnamese
from records.models import (
    Figure,
    LegalDocument,
    Membership,
    Organisation,
    Person,
    Source,
    UnitSuccession,
)
from records.models.sources import SourceKind

from ..models import Attendance, Congress, Indicator, Speech, Task
from .matching import (
    EXISTING,
    FIGURE_METRICS,
    capitalised,
    document_type,
    figure_subject,
    figure_value,
    match_reading,
)
from .proceedings import ATTENDANCE_ROLES, ProceedingsWriter

POST_REASONS = {"appointed": "Được chỉ định", "elected": "Trúng cử"}
# The fields' labels on the review screen and in its messages, in the reader's language.
FIELD_LABELS = {
    "ordinal": gettext_lazy("Lần thứ"),
    "term_start": gettext_lazy("Nhiệm kỳ từ năm"),
    "term_end": gettext_lazy("Nhiệm kỳ đến năm"),
    "opened_on": gettext_lazy("Ngày khai mạc"),
    "closed_on": gettext_lazy("Ngày bế mạc"),
    "delegates": gettext_lazy("Số đại biểu"),
    "members": gettext_lazy("Số đảng viên được đại diện"),
    "organisations": gettext_lazy("Số tổ chức đảng"),
    "seats": gettext_lazy("Số thành viên"),
    "value": gettext_lazy("Giá trị"),
    "target": gettext_lazy("Kế hoạch"),
    "actual": gettext_lazy("Thực hiện"),
    "date": gettext_lazy("Ngày"),
    "name": gettext_lazy("Tên"),
    "symbol": gettext_lazy("Số ký hiệu"),
    "content": gettext_lazy("Nội dung"),
    "venue": gettext_lazy("Địa điểm"),
}
IMPORT_MODELS = {
    "congress": [Congress],
    "organisation": [Organisation],
    "committee": [Organisation],
    "person": [Person, Membership, Attendance, Speech],
    "document": [LegalDocument],
    "figure": [Figure],
    "indicator": [Indicator],
    "task": [Task],
}


class WriteRefused(Exception):
    def __init__(self, messages):
        super().__init__("; ".join(messages))
        self.messages = list(messages)


@dataclass
class SourceInfo:
    """The report as a source: what the clerk or the command says about where it came from."""

    title: str
    url: str = ""
    publisher: str = ""
    author: str = ""
    published_on: dt.date | None = None


# Values as typed on the review screen #######################################################


def typed_values(plan):
    """Turn each accepted item's values into numbers and dates; the errors name item, field, value."""
    errors = []
    converters = {
        "ordinal": _int, "term_start": _int, "term_end": _int, "delegates": _int, "members": _int,
        "organisations": _int, "seats": _int, "opened_on": _date, "closed_on": _date, "date": _date,
        "target": _decimal, "actual": _decimal, "value": _figure,
    }
    for item in plan.items:
        if not item.accepted:
            continue
        for name, value in item.values.items():
            convert = converters.get(name)
            if convert is None:
                item.values[name] = vietnamese.clean_name(value or "") if name != "content" else vietnamese.clean_text(value or "")
                continue
            try:
                item.values[name] = convert(value, item)
            except ValueError:
                errors.append(
                    _("%(kind)s “%(item)s”, ô “%(field)s”: “%(value)s” không phải là %(what)s.")
                    % {
                        "kind": item.kind_label,
                        "item": item.label,
                        "field": FIELD_LABELS.get(name, name),
                        "value": value,
                        "what": _("ngày") if convert is _date else _("số"),
                    }
                )
    return errors


def _int(value, item=None):
    if value in (None, ""):
        return None
    number = vietnamese.parse_number(value) if isinstance(value, str) else value
    if number != int(number) or number < 0:
        raise ValueError(value)
    return int(number)


def _decimal(value, item=None):
    if value in (None, ""):
        return None
    return vietnamese.parse_number(value) if isinstance(value, str) else vietnamese.parse_number(str(value))


def _figure(value, item=None):
    proposal = item.proposal if item is not None else None
    number = figure_value(value, proposal.unit, proposal.metric) if proposal else figure_value(value)
    if number is None:
        raise ValueError(value)
    return number


def _date(value, item=None):
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else vietnamese.parse_date(value)


# Writing ####################################################################################


def required_permissions(plan):
    """The import permissions of the records the accepted items write."""
    perms = set()
    for item in plan.items:
        if item.accepted:
            for model in IMPORT_MODELS.get(item.kind, []):
                perms.add((f"{model._meta.app_label}.import_{model._meta.model_name}", model))
    return sorted(perms, key=lambda pair: pair[0])


def write_plan(plan, source_info, user):
    """Write the plan's accepted items in one transaction; WriteRefused leaves nothing written.

    Returns the Writer: its `source`, its `congress` and how many records it `created`.
    """
    missing = [model for perm, model in required_permissions(plan) if not user.has_perm(perm)]
    if missing:
        raise WriteRefused(
            [_("Bạn không có quyền nhập %(model)s.") % {"model": model._meta.verbose_name_plural} for model in missing]
        )
    errors = typed_values(plan)
    if errors:
        raise WriteRefused(errors)
    try:
        with transaction.atomic():
            writer = Writer(plan, source_info, user)
            writer.write()
            return writer
    except ValidationError as error:
        raise WriteRefused(error.messages) from error


def write_exact(reading, source_info, user):
    """What `read_report --write` does: match, keep only the exact proposals, write them."""
    plan = match_reading(reading, access.scope_of(user))
    for item in plan.items:
        item.accepted = item.match.exact
    return write_plan(plan, source_info, user)


class Writer(ProceedingsWriter):
    def __init__(self, plan, source_info, user):
        self.plan, self.info, self.user = plan, source_info, user
        self.scope = access.scope_of(user)
        self.written = {}  # item key -> record
        self.created = 0

    # The records ----------------------------------------------------------------------------

    def write(self):
        self.source = self._source()
        plan = self.plan
        for item in plan.of_kind("organisation"):
            self._organisation(item)
        for item in plan.of_kind("committee"):
            self._committee(item)
        for item in plan.of_kind("document"):
            self._document(item)
        self.congress = self._congress()
        for item in plan.of_kind("person"):
            self._person(item)
        for item in plan.of_kind("figure"):
            self._figure(item)
        for item in plan.of_kind("indicator"):
            self._indicator(item)
        resolution = self._resolution() if any(i.accepted for i in plan.of_kind("task")) else None
        for item in plan.of_kind("task"):
            self._task(item, resolution)

    def _source(self):
        info, text = self.info, self.plan.reading.text
        found = Source.objects.filter(url=info.url).first() if info.url else None
        if found is None:
            found = Source.objects.filter(kind=SourceKind.ARTICLE, url="", title=info.title, text=text).first()
        if found is not None:
            return found
        source = Source(
            kind=SourceKind.ARTICLE,
            title=info.title,
            url=info.url,
            publisher=info.publisher,
            author=info.author,
            published_on=info.published_on,
            text=text,
            recorded_by=self.user if self.user.pk else None,
        )
        return self._save(source, _("Nguồn"))

    def _save(self, record, what):
        """Validate as the admin would, keep it in the user's scope, save, cite the report."""
        try:
            record.full_clean()
        except ValidationError as error:
            raise ValidationError(
                [f"{what} “{record}”: {message}" for message in error.messages]
            ) from error
        if self.scope.write_error(record) is not None:
            raise ValidationError(
                _("%(what)s “%(record)s”: %(reason)s") % {"what": what, "record": record, "reason": access.OUT_OF_SCOPE}
            )
        if record.pk is None:
            self.created += 1
        record.save()
        if hasattr(record, "sources"):
            self._cite(record)
        return record

    def _cite(self, record):
        if self.scope.everything or self.scope.covers(record):
            if not record.sources.filter(pk=self.source.pk).exists():
                record.sources.add(self.source)

    def _fill(self, record, what, **values):
        """Set the values the record lacks; save when anything changed, cite the report either way."""
        changed = False
        for name, value in values.items():
            if value not in (None, "") and getattr(record, name) in (None, ""):
                setattr(record, name, value)
                changed = True
        if changed or record.pk is None:
            return self._save(record, what)
        self._cite(record)
        return record

    def _organisation(self, item):
        record = item.choice
        if record is not None:
            # Named by a title even when not ticked: the posts need it, but only a ticked one cites.
            if item.accepted:
                self._cite(record)
            self.written[item.key] = record
            return
        if not item.accepted:
            return
        ref = item.ref
        parent = self._organisation_of(ref.parent) if ref.parent else None
        if ref.parent is not None and parent is None:
            return
        unit = self.plan.unit if ref.place == "local" else self.plan.province if ref.place == "province" else None
        record = Organisation(
            name=item.values.get("name") or ref.name, kind=ref.kind, parent=parent, administrative_unit=unit
        )
        self.written[item.key] = self._save(record, _("Tổ chức"))

    def _organisation_of(self, ref):
        item = self.plan.organisation_item(ref) if ref is not None else None
        return self.written.get(item.key) if item is not None else None

    def _committee(self, item):
        organisation = self._organisation_of(item.ref)
        if not item.accepted or organisation is None:
            return
        # Seats only: the report names nobody, so the committee shows 0 of its seats recorded.
        self._fill(organisation, _("Ban Chấp hành"), seat_count=item.values["seats"])

    def _document(self, item):
        proposal = item.proposal
        record = item.choice
        if not item.accepted:
            if record is not None:
                self.written[item.key] = record
            return
        summary = capitalised(vietnamese.clean_name(proposal.summary))
        values = {"issued_on": item.values.get("date"), "summary": summary, "issuer": self._organisation_of(item.ref)}
        if record is None:
            record = LegalDocument(symbol=item.values.get("symbol") or proposal.symbol, document_type=document_type(proposal))
        record = self._fill(record, _("Văn bản"), **values)
        self.written[item.key] = record
        self._founding(item, record)

    def _founding(self, item, document):
        """A document the report says the congress's unit was formed by: its legal basis."""
        unit = self.plan.unit
        sentence = vietnamese.search_key(self.plan.reading.sentence(item.span))
        place = vietnamese.search_key(self.plan.context.place)
        if unit is None or not place or place not in sentence:
            return
        if "thanh lap" not in sentence and "duoc lap" not in sentence:
            return
        self._fill(unit, _("Đơn vị hành chính"), established_by=document)
        for succession in UnitSuccession.objects.filter(successor=unit):
            self._fill(succession, _("Sắp xếp đơn vị hành chính"), legal_basis=document)

    def _congress(self):
        items = self.plan.of_kind("congress")
        if not items or not items[0].accepted:
            return items[0].match.record if items else None
        item, values = items[0], items[0].values
        party = self._organisation_of(self.plan.context.party())
        if party is None:
            return None
        record = item.match.record or Congress(organisation=party)
        committee = next(
            (self._organisation_of(c.ref) for c in self.plan.of_kind("committee") if c.accepted and c.ref.kind == "ban_chap_hanh"),
            None,
        )
        record = self._fill(
            record,
            _("Đại hội"),
            ordinal=values["ordinal"],
            term_start=values["term_start"],
            term_end=values["term_end"],
            opened_on=values["opened_on"],
            closed_on=values["closed_on"],
            venue=values["venue"],
            delegate_count=values["delegates"],
            members_represented=values["members"],
            organisations_represented=values["organisations"],
            executive_committee=committee,
        )
        self.written[item.key] = record
        return record

    def _person(self, item):
        if not item.accepted:
            return
        record = item.choice or Person(full_name=item.values.get("name") or item.label)
        if record.pk is None:
            record = self._save(record, _("Người"))
        else:
            self._cite(record)
        self.written[item.key] = record
        reasons = {p.post: POST_REASONS.get(p.how, "") for p in item.proposal if hasattr(p, "post")}
        for post in item.posts:
            organisation = self._organisation_of(post.organisation)
            if organisation is None:
                continue
            membership = Membership.objects.filter(
                person=record, organisation=organisation, role=post.role, end_on__isnull=True
            ).first() or Membership(person=record, organisation=organisation, role=post.role)
            reason = next((r for title, r in reasons.items() if post.title in title), "")
            self._fill(membership, _("Chức vụ"), title=post.title, start_reason=reason)
        if self.congress is None:
            return
        for proposal in item.proposal:
            if getattr(proposal, "role", "") in ATTENDANCE_ROLES:
                self._attendance(record, proposal, item)
            if getattr(proposal, "role", "") == "speaking":
                self._speech(record, proposal)

    def _figure(self, item):
        proposal = item.proposal
        metric = FIGURE_METRICS.get(proposal.metric)
        if not item.accepted or metric is None:
            return
        field, subject_item = figure_subject(self.plan, metric)
        subject = (
            self._organisation_of(subject_item.ref) if field == "organisation" and subject_item else
            subject_item.match.record if subject_item else None
        )
        if subject is None:
            return
        record = Figure.objects.filter(source=self.source, metric=metric, **{field: subject}).first()
        record = record or Figure(source=self.source, metric=metric, **{field: subject})
        if record.pk is None or record.value != item.values["value"]:
            record.value = item.values["value"]
            self._save(record, _("Số liệu"))

def changes_nothing(plan):
    """Whether writing the plan again would add nothing: every item already on record."""
    return all(item.match.status == EXISTING for item in plan.items if item.kind != "unit" and item.writable)
