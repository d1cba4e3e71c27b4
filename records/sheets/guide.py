"""The blank template of a sheet kind, with the help a clerk needs to fill it in.

Before this, the valid values of a choice column ("Chức vụ") appeared only in the message of
a refused import. A template now carries, for every kind alike, from its Columns and their
widgets (no kind declares any of it):

* a drop-down list in every row of each column whose widget offers choices (a widget's
  sheet_choices(): a ChoiceWidget's labels, as exports write them);
* a second sheet, "Hướng dẫn", with a row per column: its header, whether it is required,
  how a cell is written (a widget's sheet_format(): dates day first, numbers as offices
  write them, what a record's name is), and its valid values; and, for a kind that reads one,
  a row for the optional column that says which record on file a row means (the kind's
  choice_header, "Mã" or "Mã người": records.sheets.choices), where a clerk finds the code.

The list sheet stays the first, which is the one an import reads, so a filled-in template
imports as before and an export's round trip is unchanged.
"""

from django.core.validators import MaxLengthValidator
from django.utils import translation
from django.utils.translation import gettext as _

from .columns import SHEET_LANGUAGE, TextWidget
from .files.writing import write_xlsx
from .kinds import get_sheet
from .lookups import PersonLookup

__all__ = ["GUIDE_TITLE", "column_choices", "guide_rows", "sheet_template"]

GUIDE_TITLE = "Hướng dẫn"


def sheet_template(kind) -> bytes:
    """A blank xlsx for a sheet kind: its headers, one example row from the article's records,
    a drop-down list on every choice column and the "Hướng dẫn" sheet."""
    resource_class = get_sheet(kind)
    resource = resource_class()
    columns = resource_class.columns()
    headers = [column.column_name for column in columns]
    example = [resource_class.example.get(header, "") for header in headers]
    with translation.override(SHEET_LANGUAGE):
        drop_downs = {
            index: choices for index, column in enumerate(columns) if (choices := column_choices(column))
        }
        notes = (
            GUIDE_TITLE,
            [_("Cột"), _("Bắt buộc"), _("Cách ghi"), _("Giá trị hợp lệ")],
            guide_rows(resource),
        )
        return write_xlsx(
            headers, [example], sheet_title=resource_class.sheet_title(), drop_downs=drop_downs, notes=notes
        )


def column_choices(column):
    """The values a column's drop-down list offers, or [] for a column without choices."""
    choices = getattr(column.widget, "sheet_choices", None)
    return list(choices()) if choices is not None else []


def guide_rows(resource):
    """A row of the "Hướng dẫn" sheet per column of the kind: header, required, format, values."""
    rows = []
    for name in resource._meta.fields:
        column = resource.fields[name]
        rows.append(
            [
                column.column_name,
                _("Có") if column.required else _("Không"),
                column_format(resource, column),
                "; ".join(column_choices(column)) or None,
            ]
        )
    if resource.choice_header:
        rows.append(choice_row(resource))
    return rows


def choice_row(resource):
    """The row of the column saying which record on file a row means: optional, a uid or "mới"."""
    noun = (resource.choice_lookup or PersonLookup).noun
    written = _(
        "Mã định danh của %(noun)s đã có trong hồ sơ mà dòng này nói đến, hoặc “mới”. Chỉ cần khi "
        "tên ở dòng không khớp hẳn nhưng có thể trùng với %(noun)s đã có (chẳng hạn viết không dấu): "
        "khi nhập thử, mỗi dòng ấy được báo “Có thể trùng với: …” cùng những %(noun)s đó. Mã là phần "
        "cuối địa chỉ trang của %(noun)s, và được ghi trong thông báo khi nhập bằng dòng lệnh. Ghi mã "
        "nếu là cùng %(noun)s, ghi “mới” nếu là %(noun)s khác; để trống khi không phải chọn."
    ) % {"noun": noun}
    return [resource.choice_header, _("Không"), written, _("Mã của một %(noun)s đã có; mới") % {"noun": noun}]


def column_format(resource, column):
    """How a cell of the column is written, with the longest text a text field holds."""
    describe = getattr(column.widget, "sheet_format", None)
    text = str(describe()) if describe is not None else ""
    if column.column_name == resource.parent_column:
        text += _(", hoặc ở một dòng trên hay dưới của tệp")
    limits = [
        validator.limit_value for validator in column.validators if isinstance(validator, MaxLengthValidator)
    ]
    if limits and isinstance(column.widget, TextWidget):
        text += _("; tối đa %(count)s ký tự") % {"count": min(limits)}
    if column.readonly:
        text += _(" (chỉ có khi xuất; khi nhập cột này được bỏ qua)")
    return text
