"""Sheet kinds: how each list is declared, and the registry that names them.

A sheet kind is a SheetResource subclass in an app's resources.py: its Columns, its class
attributes, and the hooks below, which say how a row finds its record. The declaration holds
no state of an import: the ImportRun (run.py) that reads a file passes itself to every hook,
and keeps there the rows, errors, claims and look-ups of that one import. A kind may keep
what its load_lookups() fetched for a chunk in `run.loaded`.

The hooks, in the order a row meets them:

* load_lookups(run, dataset): fetch what the columns the kind reads itself name (people,
  parents by code), once per chunk; returns what later hooks read from `run.loaded`.
* existing(run, dataset): the records the chunk can update, fetched once per chunk.
* resolve(run, values): attributes made of several cells or of other records (a person).
* find(run, row): the record the row describes, or None for a new one; by default the
  record of existing() with the row's key_of_row(), choose() deciding among several.
* assign(run, instance, values), check(run, instance): set the row's values on the
  record, then the rules a row can break, with friendlier messages than the database's.
* unique_keys(run, instance), extra_keys(record): what no two rows may share.
* remember(run, instance): make a new record findable by later rows (a parent, a person).
* finish(run): once every row is written, the rules the rows break together (an election's
  elected against its seats) and what they decide of other records (the posts it gives).
"""

import re

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources

from .columns import cell_text, model_field_of

__all__ = ["SHEETS", "SheetResource", "UnknownSheet", "get_sheet", "register_sheet"]

SHEETS: dict[str, type["SheetResource"]] = {}


# A file's name travels in e-mails and through office machines whose file systems mangle
# diacritics: Vietnamese words without them, lowercase, joined by hyphens.
FILE_STEM = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def register_sheet(kind, *, file_stem):
    """Class decorator: make a Resource the one for a sheet kind ("memberships", ...).

    `file_stem` names the kind's files ("chuc-vu": chuc-vu-2025-06-16.xlsx, mau-chuc-vu.xlsx),
    in Vietnamese, for the clerk who finds them among their downloads.
    """
    if not FILE_STEM.fullmatch(file_stem):
        raise ValueError(f"file_stem {file_stem!r}: lowercase ASCII words joined by hyphens")

    def register(resource_class):
        resource_class.sheet_kind = kind
        resource_class.file_stem = file_stem
        SHEETS[kind] = resource_class
        return resource_class

    return register


class UnknownSheet(LookupError):
    def __init__(self, kind):
        super().__init__(
            _("Không có loại bảng tính “%(kind)s”. Các loại có: %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(sorted(SHEETS))}
        )


def get_sheet(kind):
    """The Resource class of a sheet kind; UnknownSheet (a LookupError) names the kinds there are."""
    try:
        return SHEETS[kind]
    except KeyError:
        raise UnknownSheet(kind) from None


class SheetResource(resources.ModelResource):
    """A sheet kind: its columns, how a row finds its record, how its records are exported.

    Subclasses declare `Column`s and list them in `Meta.fields` (which is also the column
    order). A column whose attribute is a field of the model is set from its cell; the others
    (a person's name and birth year, a period "2021–2025") are turned into attributes by
    resolve(). A row finds its record by key: key_of_row() of the row, key_of_record() of the
    records existing() returns, choose() among several.

    django-import-export gathers the declared Columns and exports through them
    (get_export_headers(), and the records read by this class's iter_queryset()); it does not
    import: the ImportRun does, through the hooks of this class.
    """

    sheet_kind = ""
    # The start of the names of its files (register_sheet).
    file_stem = ""
    # Sheets imported into one congress name the congress's foreign key here ("congress"), or
    # the path to it ("body__congress"); a sheet of one election names the election's, and says
    # what the record is called and the command line's option naming it.
    congress_field = ""
    congress_noun = gettext_lazy("đại hội")
    congress_option = "congress"
    # When rows can name other rows of the file as their parent (a tree), the parent's
    # attribute and the headers of the columns naming a row and its parent.
    self_reference = ""
    name_column = ""
    parent_column = ""
    # The joins of an export, so that it runs a fixed number of queries, and the order of a
    # whole-table export where the model's own ordering goes by ids, which differ between
    # databases.
    export_related = ()
    export_prefetch = ()
    export_ordering = ()
    # One example row for the blank template, taken from the article's records.
    example = {}
    # The column in which a row says which record on file it means, when its name fits none
    # exactly but may mean some (records.sheets.choices): its header, and the look-up of the
    # records it names by uid (None: the people a row names, through ImportRun.resolve_person).
    choice_header = ""
    choice_lookup = None
    # New or changed records an import writes at a time.
    write_batch = 1000

    class Meta:
        # Records an export reads at a time.
        chunk_size = 2000

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        model = self._meta.model
        for column in self.fields.values():
            model_field = model_field_of(model, column.attribute)
            column.direct = (
                model_field is not None
                and "__" not in column.attribute
                and not column.readonly
                and not model_field.many_to_many
            )
            if model_field is not None and not model_field.is_relation:
                column.validators = model_field.validators

    @classmethod
    def export_file_name(cls, extension):
        """The name of an export made today: "nguoi-2025-06-16.xlsx"."""
        return f"{cls.file_stem}-{timezone.localdate():%Y-%m-%d}.{extension}"

    @classmethod
    def template_file_name(cls):
        """The name of the kind's blank template: "mau-chuc-vu.xlsx" (mẫu: template)."""
        return f"mau-{cls.file_stem}.xlsx"

    @classmethod
    def sheet_title(cls):
        return str(cls._meta.model._meta.verbose_name_plural).capitalize()

    @classmethod
    def columns(cls):
        return [cls.fields[name] for name in cls._meta.fields]

    @classmethod
    def congress_relation(cls):
        """The model field that points at the congress (or election) a sheet's records belong to."""
        model, model_field = cls._meta.model, None
        for name in cls.congress_field.split("__"):
            model_field = model._meta.get_field(name)
            model = model_field.related_model
        return model_field

    @classmethod
    def congress_model(cls):
        """The model of the congress a sheet's records belong to, or None."""
        if not cls.congress_field:
            return None
        return cls.congress_relation().related_model

    @classmethod
    def congress_choices(cls, queryset):
        """The congresses the import form offers, with what their names are made of."""
        return queryset.select_related("organisation")

    @classmethod
    def find_congress(cls, pk):
        """The congress with this id, for a sheet kind that belongs to congresses; ValueError if none."""
        model = cls.congress_model()
        if model is None:
            raise ValueError(
                _("Bảng tính “%(kind)s” không thuộc một đại hội nào.") % {"kind": cls.sheet_kind}
            )
        try:
            return model.objects.get(pk=pk)
        except (model.DoesNotExist, ValueError):
            raise ValueError(
                _("Không có %(what)s mã %(pk)s.") % {"what": cls.congress_noun, "pk": pk}
            ) from None

    @classmethod
    def congress_label(cls):
        """The import form's label for the congress (or election) a list belongs to."""
        return capfirst(cls.congress_noun)

    @classmethod
    def for_congress(cls, queryset, congress):
        """The records of one congress."""
        return queryset.filter(**{cls.congress_field: congress})

    # Hooks of an import ####################################################

    def load_lookups(self, run, dataset):
        """Fetch what columns the kind reads itself name; what later hooks read as run.loaded."""
        return {}

    def existing(self, run, dataset):
        """The records this chunk can update, fetched once: narrow it to what the file names."""
        return ()

    def resolve(self, run, values):
        """Turn cells that name other records or span columns into attributes of the record."""
        return {}

    def find(self, run, row):
        """The record a row describes among existing(), or None; errors go to the row."""
        with run.blame(""):
            return self.choose(run.index.get(self.key_of_row(row), []), row.values)
        return None

    def choose(self, candidates, values):
        """The record a row describes among those with its key; ValueError when it cannot tell."""
        if len(candidates) > 1:
            raise ValueError(
                _("Dòng này khớp với %(count)s bản ghi trong hồ sơ: %(records)s.")
                % {"count": len(candidates), "records": "; ".join(str(record) for record in candidates)}
            )
        return candidates[0] if candidates else None

    def key_of_row(self, row):
        """What identifies the record a row (a run.Row) describes."""
        raise NotImplementedError

    def key_of_record(self, record):
        """What identifies a record of existing(), as key_of_row() identifies a row."""
        raise NotImplementedError

    def assign(self, run, instance, values):
        """Set the row's values on the record, and what the row adds to the records it names."""
        run.assign(instance, values)

    def check(self, run, instance):
        """Rules of the database that a row can break, checked here with friendlier messages."""

    def check_order(self, run, instance, first, second):
        """The value of the column `second` (a date or a year) must not come before `first`'s."""
        start = getattr(instance, self.fields[first].attribute)
        end = getattr(instance, self.fields[second].attribute)
        if start is not None and end is not None and end < start:
            message = _("“%(second)s” không được trước “%(first)s” (%(start)s).") % {
                "first": self.fields[first].column_name,
                "second": self.fields[second].column_name,
                "start": cell_text(start),
            }
            run.error_on(second, message)

    def remember(self, run, instance):
        """Make a new record findable by later rows of the file (a parent, a person)."""

    def finish(self, run):
        """After every row is written: rules over the rows together, and what they decide elsewhere.

        Errors go to run.errors (the file is then refused and nothing is kept), warnings to
        run.warnings. Runs inside the import's transaction, a dry run's too.
        """

    def unique_keys(self, run, instance):
        """Keys no two rows of a chunk may share: the row's own, and extra_keys()."""
        return [("row", self.key_of_row(run.row)), *self.extra_keys(instance)]

    def extra_keys(self, record):
        """Keys that must be unique besides the record's own (one open post per person and role)."""
        return []

    # Exporting #############################################################

    @classmethod
    def all_records(cls):
        """Every record of the sheet kind, in the order a whole-table export lists them."""
        records = cls._meta.model.objects.all()
        return records.order_by(*cls.export_ordering) if cls.export_ordering else records

    def export_queryset(self, queryset):
        return queryset.select_related(*self.export_related).prefetch_related(*self.export_prefetch)

    def iter_queryset(self, queryset):
        """The records of one query, read Meta.chunk_size at a time, each chunk's prefetches asked
        once (Django's iterator(chunk_size) does both).

        django-import-export pages a prefetching queryset with OFFSET instead: every page asks
        the whole query again, so that a search matching 94,357 of a million people took 101 s
        to export on PostgreSQL, and a row could be read twice or missed when others write
        between two pages, or when the list's order is not unique.
        """
        if not isinstance(queryset, QuerySet):
            yield from queryset
            return
        yield from queryset.iterator(chunk_size=self.get_chunk_size())

    def export_rows(self, queryset):
        """The rows of the records, read as values where every column allows it, else as records."""
        fields = self.get_export_fields()
        paths = [field.value_path(self._meta.model) for field in fields]
        if all(paths):
            renders = [field.value_render() for field in fields]
            for values in queryset.values_list(*paths).iterator(chunk_size=2000):
                yield [render(value) for render, value in zip(renders, values, strict=True)]
            return
        for record in self.iter_queryset(self.export_queryset(queryset)):
            yield [field.widget.render(field.get_value(record)) for field in fields]
