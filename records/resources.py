"""The registry's sheet kinds: units, organisations, people, memberships, documents, figures.

Each Resource is one list as offices keep it in Excel, with Vietnamese headers; the shared
behaviour (header matching, look-ups, all or nothing, the audit Source) is in records.sheets;
the hooks a kind overrides are listed in records.sheets.kinds.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import F, Prefetch
from django.utils.translation import gettext as _

from . import vietnamese
from .duplicates import ProposedPerson
from .models import AdministrativeUnit, Figure, LegalDocument, Membership, Organisation, Person, Source
from .models.documents import DocumentType
from .models.figures import FigureMetric
from .models.organisations import OrganisationKind
from .models.people import MembershipRole, PersonGender
from .models.sources import SourceKind
from .models.units import UnitKind, UnitRegister
from .sheets.columns import (
    BIRTH_YEAR,
    ChoiceWidget,
    Column,
    DateWidget,
    NumberWidget,
    RecordWidget,
    SymbolWidget,
    TextWidget,
    ref,
    symbol_key,
)
from .sheets.kinds import SheetResource, register_sheet
from .sheets.lookups import (
    NEW,
    DocumentLookup,
    OrganisationLookup,
    PersonLookup,
    SourceLookup,
    UnitLookup,
    fetch_in,
)

ARTICLE_TITLE = "Đại hội Đảng bộ phường Thiên Hương lần thứ I, nhiệm kỳ 2025–2030"


def note_column():
    return Column("note", "Ghi chú", TextWidget(multiline=True))


@register_sheet("units", file_stem="don-vi-hanh-chinh")
class AdministrativeUnitResource(SheetResource):
    """Administrative units, each naming its parent by official code (names repeat across provinces)."""

    register = Column("register", "Danh mục", ChoiceWidget(UnitRegister, default=UnitRegister.CURRENT))
    code = Column("code", "Mã đơn vị", TextWidget())
    name = Column("name", "Tên", TextWidget(), required=True)
    kind = Column("kind", "Loại đơn vị", ChoiceWidget(UnitKind), required=True)
    parent = Column("parent__code", "Mã đơn vị cấp trên", TextWidget())
    valid_from = Column("valid_from", "Hiệu lực từ", DateWidget())
    valid_until = Column("valid_until", "Hiệu lực đến", DateWidget())
    note = note_column()

    self_reference = "parent"
    name_column = "Mã đơn vị"
    parent_column = "Mã đơn vị cấp trên"
    export_related = ("parent",)
    example = {
        "Danh mục": "Danh mục 2025 (hai cấp)",
        "Mã đơn vị": "11557",
        "Tên": "Phường Thiên Hương",
        "Loại đơn vị": "Phường",
        "Mã đơn vị cấp trên": "31",
        "Hiệu lực từ": datetime.date(2025, 7, 1),
    }

    class Meta:
        model = AdministrativeUnit
        fields = ["register", "code", "name", "kind", "parent", "valid_from", "valid_until", "note"]

    def load_lookups(self, run, dataset):
        codes = set()
        for header in ("Mã đơn vị", "Mã đơn vị cấp trên"):
            if header in dataset.headers:
                codes |= {vietnamese.clean_name(str(code)) for code in dataset[header]}
        codes.discard("")
        names = set()
        if "Mã đơn vị" not in dataset.headers:
            names = {vietnamese.search_key(str(name)) for name in dataset["Tên"]}
        known = list(
            AdministrativeUnit.objects.filter(code__in=codes)
            | AdministrativeUnit.objects.filter(code="", search_key__in=names)
        )
        by_code = {(unit.register, unit.code): unit for unit in known if unit.code}
        return {"known": known, "by_code": by_code}

    def existing(self, run, dataset):
        return run.loaded["known"]

    def register_of(self, values):
        return values.get("register") or UnitRegister.CURRENT

    def resolve(self, run, values):
        code = values.get("parent")
        if code is None:
            return {}
        if not code:
            return {"parent": None}
        parent = run.loaded["by_code"].get((self.register_of(values), code))
        if parent is None:
            message = _("Không có đơn vị mã %(code)s trong %(register)s, trong hồ sơ hay trong tệp.")
            register = UnitRegister(self.register_of(values)).label.lower()
            run.error_on("parent", message % {"code": code, "register": register})
        return {"parent": parent}

    def key_of_row(self, row):
        register, code = self.register_of(row.values), row.values.get("code")
        if code:
            return ("code", register, code)
        return (
            "name",
            register,
            vietnamese.identity_key(row.values["name"]),
            ref(row.resolved.get("parent")),
        )

    def key_of_record(self, unit):
        if unit.code:
            return ("code", unit.register, unit.code)
        return ("name", unit.register, vietnamese.identity_key(unit.name), unit.parent_id)

    def assign(self, run, instance, values):
        super().assign(run, instance, values)
        # A unit of an official list has the uid load_units gives it, so both name one unit.
        if instance.pk is None and instance.code:
            instance.uid = AdministrativeUnit.official_uid(instance.register, instance.code)

    def check(self, run, instance):
        if instance.code and not instance.code.isdigit():
            run.error_on("code", _("Mã đơn vị chỉ gồm chữ số."))
        if instance.pk is not None and instance.parent_id == instance.pk:
            run.error_on("parent", _("Một đơn vị không thể trực thuộc chính nó."))
        self.check_order(run, instance, "valid_from", "valid_until")

    def remember(self, run, unit):
        if unit.code:
            run.loaded["by_code"][(unit.register, unit.code)] = unit


@register_sheet("organisations", file_stem="to-chuc")
class OrganisationResource(SheetResource):
    """Organisations, each naming its parent and its place; a parent may be another row of the file.

    Names repeat under different parents ("Chi bộ 1"), so a row naming another parent than
    the record's describes another organisation: an import never moves one, and so can never
    make one its own ancestor.
    """

    name = Column("name", "Tên", TextWidget(), required=True)
    short_name = Column("short_name", "Tên viết tắt", TextWidget())
    kind = Column("kind", "Loại tổ chức", ChoiceWidget(OrganisationKind), required=True)
    parent = Column("parent", "Trực thuộc", RecordWidget(OrganisationLookup))
    administrative_unit = Column("administrative_unit", "Địa bàn", RecordWidget(UnitLookup))
    seat_count = Column("seat_count", "Số thành viên theo cơ cấu", NumberWidget(integer=True, minimum=1))
    founded_on = Column("founded_on", "Ngày thành lập", DateWidget())
    dissolved_on = Column("dissolved_on", "Ngày giải thể", DateWidget())
    note = note_column()

    self_reference = "parent"
    name_column = "Tên"
    parent_column = "Trực thuộc"
    choice_header = "Mã"
    choice_lookup = OrganisationLookup
    export_related = ("parent", "administrative_unit")
    example = {
        "Tên": "Ban Chấp hành Đảng bộ phường Thiên Hương",
        "Loại tổ chức": "Ban Chấp hành",
        "Trực thuộc": "Đảng bộ phường Thiên Hương",
        "Địa bàn": "Phường Thiên Hương",
        "Số thành viên theo cơ cấu": 27,
    }

    class Meta:
        model = Organisation
        fields = [
            "name",
            "short_name",
            "kind",
            "parent",
            "administrative_unit",
            "seat_count",
            "founded_on",
            "dissolved_on",
            "note",
        ]

    def load_lookups(self, run, dataset):
        names = [vietnamese.clean_name(str(name)) for name in dataset["Tên"]]
        organisations = run.lookup(OrganisationLookup)
        organisations.load(names)
        organisations.load_duplicates(names)
        return {}

    def find(self, run, row):
        # Organisations are found as cells name them (a name, then its parent and place to
        # tell namesakes apart), so rows and references agree on which one a name means.
        organisations = run.lookup(OrganisationLookup)
        values = row.values
        chosen = run.choice(organisations)
        if row.errors:
            return None
        if chosen is not None and chosen != NEW:
            if "parent" in values and chosen.parent != values["parent"]:
                message = _("Mã này là %(organisation)s, dòng ghi trực thuộc “%(parent)s”.")
                run.error_on("parent", message % {
                    "organisation": organisations.describe(chosen),
                    "parent": values["parent"].name if values["parent"] else "",
                })
            return chosen
        found = [o for o in organisations.candidates(values["name"]) if o.pk is not None]
        if "parent" in values:
            found = [o for o in found if o.parent == values["parent"]]
        if len(found) > 1 and "administrative_unit" in values:
            found = [o for o in found if o.administrative_unit == values["administrative_unit"]]
        with run.blame("name"):
            if len(found) > 1:
                raise ValueError(organisations.ambiguous(values["name"], found))
        if not found and chosen is None:
            candidates = organisations.possible_duplicates(
                values["name"], values.get("parent"), values.get("administrative_unit")
            )
            if candidates:
                run.possible_duplicate(organisations, "name", candidates)
        return found[0] if len(found) == 1 else None

    def key_of_row(self, row):
        values = row.values
        place = None if values.get("parent") else ref(values.get("administrative_unit"))
        return (vietnamese.identity_key(values["name"]), ref(values.get("parent")), place)

    def check(self, run, instance):
        self.check_order(run, instance, "founded_on", "dissolved_on")

    def remember(self, run, organisation):
        run.lookup(OrganisationLookup).add(organisation)


class PostsWidget(TextWidget):
    """A person's current posts in one cell, as the list page shows them: "Bí thư Đảng ủy, Đảng ủy
    phường Thiên Hương; ..." (the post's title as written, else its role)."""

    def render(self, value, obj=None, **kwargs):
        return "; ".join(f"{post.title or post.get_role_display()}, {post.organisation}" for post in value or ())


@register_sheet("people", file_stem="nguoi")
class PersonResource(SheetResource):
    """People, found by name and birth year; a name two people share needs the year."""

    full_name = Column("full_name", "Họ và tên", TextWidget(), required=True)
    birth_year = Column("birth_year", "Năm sinh", BIRTH_YEAR)
    gender = Column("gender", "Giới tính", ChoiceWidget(PersonGender))
    # As the list page shows them; posts are imported as a roster (the memberships kind).
    current_posts = Column("exported_posts", "Chức vụ hiện nay", PostsWidget(), readonly=True)
    note = note_column()

    example = {"Họ và tên": "Vương Toàn Thu Thủy"}
    choice_header = "Mã"
    choice_lookup = PersonLookup

    class Meta:
        model = Person
        fields = ["full_name", "birth_year", "gender", "current_posts", "note"]

    def export_queryset(self, queryset):
        # Built at each export: "current" is as of the day of the export. Its own name, as the
        # list page's queryset may already hold a prefetch of the same posts (current_posts).
        # In an order of names, not ids, so that a file re-imported elsewhere exports the same.
        posts = (
            Membership.objects.current()
            .select_related("organisation")
            .order_by("organisation__search_key", "role", F("start_on").desc(nulls_last=True), "title", "id")
        )
        return (
            super()
            .export_queryset(queryset)
            .prefetch_related(Prefetch("memberships", queryset=posts, to_attr="exported_posts"))
        )

    def load_lookups(self, run, dataset):
        run.load_people(dataset, "Họ và tên")
        return {}

    def find(self, run, row):
        values = row.values
        people = run.lookup(PersonLookup)
        chosen = run.choice(people)
        if row.errors:
            return None
        if chosen is not None and chosen != NEW:
            row.matched = chosen
            return chosen
        with run.blame("full_name"):
            row.matched = people.match(values["full_name"], values.get("birth_year"))
        if row.matched is None and chosen is None:
            candidates = people.duplicates.candidates(
                ProposedPerson(values["full_name"], values.get("birth_year"))
            )
            if candidates:
                run.possible_duplicate(people, "full_name", candidates)
        # A person created by an earlier row of the file is a duplicate, found by unique_keys().
        return row.matched if row.matched is not None and row.matched.pk is not None else None

    def key_of_row(self, row):
        return (vietnamese.identity_key(row.values["full_name"]), row.values.get("birth_year"))

    def unique_keys(self, run, instance):
        # A second row that only the first row's new person fits is the same person again.
        return [*super().unique_keys(run, instance), ("person", ref(run.row.matched or instance))]

    def remember(self, run, person):
        run.lookup(PersonLookup).add(person)


@register_sheet("memberships", file_stem="chuc-vu")
class MembershipResource(SheetResource):
    """A roster: who holds which post in which organisation, from when to when."""

    full_name = Column("person__full_name", "Họ và tên", TextWidget(), required=True)
    birth_year = Column("person__birth_year", "Năm sinh", BIRTH_YEAR)
    gender = Column("person__gender", "Giới tính", ChoiceWidget(PersonGender))
    organisation = Column("organisation", "Tổ chức", RecordWidget(OrganisationLookup), required=True)
    role = Column("role", "Chức vụ", ChoiceWidget(MembershipRole), required=True)
    title = Column("title", "Chức danh", TextWidget())
    start_on = Column("start_on", "Từ ngày", DateWidget(earliest=datetime.date(1900, 1, 1)))
    end_on = Column("end_on", "Đến ngày", DateWidget())
    note = note_column()

    choice_header = "Mã người"
    export_related = ("person", "organisation")
    export_ordering = ("organisation__search_key", "role", "person__sort_key", "start_on", "id")
    example = {
        "Họ và tên": "Vương Toàn Thu Thủy",
        "Tổ chức": "Đảng ủy phường Thiên Hương",
        "Chức vụ": "Bí thư",
        "Chức danh": "Bí thư Đảng ủy",
    }

    class Meta:
        model = Membership
        fields = [
            "full_name",
            "birth_year",
            "gender",
            "organisation",
            "role",
            "title",
            "start_on",
            "end_on",
            "note",
        ]

    def load_lookups(self, run, dataset):
        run.load_people(dataset, "Họ và tên")
        return {}

    def existing(self, run, dataset):
        # Only the posts of people the file names, in organisations it names: people it does
        # not know yet have none.
        people = run.lookup(PersonLookup)
        # The people named by name, and those a choice names by uid ("Mã người", the preview's).
        named = [*(p for found in people.by_key.values() for p in found), *people.by_uid.values()]
        people = {p.pk: p for p in named if p.pk}
        organisations = {o.pk: o for found in run.lookup(OrganisationLookup).by_key.values() for o in found}
        # By person alone: with the organisations in the query too, SQLite may walk the
        # organisations' index, every post of theirs for each chunk of people. The people and
        # organisations are those of the look-ups, not fetched again.
        person, organisation = (Membership._meta.get_field(name) for name in ("person", "organisation"))
        for post in fetch_in(Membership.objects.all(), "person__in", people):
            if post.organisation_id in organisations:
                # The records the ids name, cached as select_related() would cache them.
                person.set_cached_value(post, people[post.person_id])
                organisation.set_cached_value(post, organisations[post.organisation_id])
                yield post

    def resolve(self, run, values):
        return {"person": run.resolve_person(values)}

    def key_of_row(self, row):
        return (ref(row.resolved["person"]), ref(row.values["organisation"]), row.values["role"])

    def key_of_record(self, membership):
        return (membership.person_id, membership.organisation_id, membership.role)

    def choose(self, candidates, values):
        # One post held twice has two rows told apart by their start; a row giving a start
        # also completes a post recorded without one.
        if "start_on" in values:
            candidates = [m for m in candidates if m.start_on == values["start_on"]] or [
                m for m in candidates if m.start_on is None
            ]
        else:
            candidates = [m for m in candidates if m.end_on is None] or candidates
        return super().choose(candidates, values)

    def check(self, run, instance):
        self.check_order(run, instance, "start_on", "end_on")

    def extra_keys(self, membership):
        if membership.end_on is not None:
            return []
        return [("open", ref(membership.person), ref(membership.organisation), membership.role)]


@register_sheet("documents", file_stem="van-ban")
class LegalDocumentResource(SheetResource):
    """Documents by symbol (số ký hiệu), or by summary when they have none."""

    symbol = Column("symbol", "Số ký hiệu", SymbolWidget())
    document_type = Column("document_type", "Loại văn bản", ChoiceWidget(DocumentType), required=True)
    issuer = Column("issuer", "Cơ quan ban hành", RecordWidget(OrganisationLookup))
    issued_on = Column("issued_on", "Ngày ban hành", DateWidget())
    summary = Column("summary", "Trích yếu", TextWidget())

    export_related = ("issuer",)
    example = {
        "Số ký hiệu": "1669/NQ-UBTVQH15",
        "Loại văn bản": "Nghị quyết",
        "Cơ quan ban hành": "Ủy ban Thường vụ Quốc hội",
        "Ngày ban hành": datetime.date(2025, 6, 16),
        "Trích yếu": "Sắp xếp đơn vị hành chính cấp xã",
    }

    class Meta:
        model = LegalDocument
        fields = ["symbol", "document_type", "issuer", "issued_on", "summary"]

    def load_lookups(self, run, dataset):
        symbols = dataset["Số ký hiệu"] if "Số ký hiệu" in dataset.headers else [""] * dataset.height
        summaries = dataset["Trích yếu"] if "Trích yếu" in dataset.headers else [""] * dataset.height
        run.lookup(DocumentLookup).load(
            vietnamese.clean_name(str(symbol or summary))
            for symbol, summary in zip(symbols, summaries, strict=True)
        )
        return {}

    def find(self, run, row):
        documents = run.lookup(DocumentLookup)
        values = row.values
        name = values.get("symbol") or values.get("summary")
        if not name:
            return None
        found = [d for d in documents.candidates(name) if d.pk is not None]
        if "issuer" in values:
            found = [d for d in found if d.issuer == values["issuer"]]
        if len(found) > 1:
            found = [d for d in found if d.document_type == values["document_type"]]
        with run.blame("symbol" if values.get("symbol") else "summary"):
            if len(found) > 1:
                raise ValueError(documents.ambiguous(name, found))
        return found[0] if found else None

    def key_of_row(self, row):
        values = row.values
        if values.get("symbol"):
            return (
                "symbol",
                ref(values.get("issuer")),
                values["document_type"],
                symbol_key(values["symbol"]),
            )
        return ("summary", vietnamese.identity_key(values.get("summary", "")))

    def check(self, run, instance):
        if not instance.symbol and not instance.summary:
            run.error_on("symbol", _("Cần có số ký hiệu hoặc trích yếu."))
            return
        try:
            instance.clean()
        except ValidationError as error:
            for attribute, messages in error.message_dict.items():
                for message in messages:
                    run.error_on(attribute, message)
            return
        if instance.year is not None and not 1945 <= instance.year <= 2100:
            run.error_on("symbol", _("Năm trong số ký hiệu phải từ 1945 đến 2100."))

    def remember(self, run, document):
        run.lookup(DocumentLookup).add(document)


@register_sheet("figures", file_stem="so-lieu")
class FigureResource(SheetResource):
    """Figures as a source states them; a figure without a source is stated by the file itself."""

    metric = Column("metric", "Chỉ số", ChoiceWidget(FigureMetric), required=True)
    value = Column("value", "Giá trị", NumberWidget(minimum=0), required=True)
    unit = Column("unit", "Đơn vị tính", TextWidget(), readonly=True)
    as_of = Column("as_of", "Tính đến ngày", DateWidget())
    administrative_unit = Column("administrative_unit", "Đơn vị hành chính", RecordWidget(UnitLookup))
    organisation = Column("organisation", "Tổ chức", RecordWidget(OrganisationLookup))
    source = Column("source", "Nguồn", RecordWidget(SourceLookup))

    export_related = ("administrative_unit", "organisation", "source")
    example = {
        "Chỉ số": "Diện tích tự nhiên",
        "Giá trị": Decimal("21.1"),
        "Đơn vị tính": "km²",
        "Đơn vị hành chính": "Phường Thiên Hương",
        "Nguồn": ARTICLE_TITLE,
    }

    class Meta:
        model = Figure
        fields = ["metric", "value", "unit", "as_of", "administrative_unit", "organisation", "source"]

    def load_lookups(self, run, dataset):
        # A file re-imported unchanged states its figures through the Source of its first import.
        file_source = (
            Source.objects.filter(kind=SourceKind.SPREADSHEET, checksum=run.checksum)
            .order_by("recorded_at", "id")
            .first()
        )
        return {"file_source": file_source}

    def existing(self, run, dataset):
        sources = [s.pk for found in run.lookup(SourceLookup).by_key.values() for s in found if s.pk]
        if run.loaded["file_source"] is not None:
            sources.append(run.loaded["file_source"].pk)
        return Figure.objects.filter(source__in=sources)

    def resolve(self, run, values):
        if values.get("source"):
            return {}
        return {"source": run.loaded["file_source"] or run.writes.source()}

    def key_of_row(self, row):
        values = row.values
        return (
            ref(values.get("source") or row.resolved.get("source")),
            values["metric"],
            ref(values.get("administrative_unit")),
            ref(values.get("organisation")),
        )

    def key_of_record(self, figure):
        return (figure.source_id, figure.metric, figure.administrative_unit_id, figure.organisation_id)

    def check(self, run, instance):
        if (instance.administrative_unit is None) == (instance.organisation is None):
            run.error_on(
                "administrative_unit",
                _("Mỗi số liệu ghi đúng một trong hai cột “Đơn vị hành chính” và “Tổ chức”."),
            )
