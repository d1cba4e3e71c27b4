"""A file's header row as offices lay lists out: found below a title, matched to a kind's columns.

Lists travel with a title above their header ("ĐẢNG BỘ PHƯỜNG …", "DANH SÁCH …", a merged
title cell, a blank row) and with headers typed without diacritics or with a slip of the
finger ("Ho va ten", "Họ và tến", "Chức vu"). A kind's HeaderNames scores each of a file's
first rows by the columns it names, so that the file layer (files.table) takes the row that
names the most as the header and skips the title; a header that names no column but comes
close to one is reported as "có phải là …?" rather than only ignored.

Close means: the same letters once every diacritic is dropped (records.vietnamese's search
key), or a search key that difflib finds at least CLOSE_RATIO alike, the ratio being twice
the letters the two have in common over the letters of both ("ho ten" is 0.8 like "ho va
ten"; "noi sinh", another column of offices' lists, is 0.75 like "nam sinh" and is not taken
for it).
"""

import difflib

from django.utils.translation import gettext as _

from records import vietnamese

from .choices import choice_header_key
from .columns import identity_key
from .report import SheetError

__all__ = ["CLOSE_RATIO", "HeaderNames", "match_headers", "title_rows_warning"]

CLOSE_RATIO = 0.8


class HeaderNames:
    """The headers a kind's files may have, by search key: its columns' and its choice column's."""

    def __init__(self, names):
        self.by_key = {}
        for name in names:
            if name:
                self.by_key.setdefault(vietnamese.search_key(name), name)

    @classmethod
    def of(cls, kind_class):
        return cls([*(column.column_name for column in kind_class.columns()), kind_class.choice_header])

    def closest(self, header):
        """The header this one most likely means, or None: the same without diacritics, or close."""
        key = vietnamese.search_key(header)
        if not key:
            return None
        if key in self.by_key:
            return self.by_key[key]
        close = difflib.get_close_matches(key, self.by_key, n=1, cutoff=CLOSE_RATIO)
        return self.by_key[close[0]] if close else None

    def score(self, cells):
        """How many cells of a row name (or nearly name) one of the headers: the header row names the most."""
        return sum(1 for cell in cells if isinstance(cell, str) and self.closest(cell) is not None)


def title_rows_warning(table):
    """What the import says of the rows above the header it skipped, or "" when there were none."""
    if not table.titles:
        return ""
    shown = ", ".join(f"“{_excerpt(text)}”" for text in table.titles)
    return _(
        "Bỏ qua %(count)s dòng tiêu đề phía trên dòng tên cột (dòng %(row)s): %(titles)s. "
        "Các dòng được đánh số như trong bảng tính."
    ) % {"count": table.header_row - 1, "row": table.header_row, "titles": shown}


def _excerpt(text, length=60):
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length].rstrip() + "…"


def match_headers(fields, headers, errors, warnings, choice_header=""):
    """The indexes of the file's columns kept, their (name, Column) and headers, in file order.

    Problems with the file as a whole are added to `errors`, unknown columns to `warnings`,
    with the column they may mean when one is close and not in the file already. The choice
    column (records.sheets.choices), read by the run itself, is kept under its own header and
    is no Column.
    """
    by_key = {identity_key(column.column_name): name for name, column in fields.items()}
    choice_key = choice_header_key(choice_header)
    kept, present, matched, unknown = [], [], [], []
    for index, header in enumerate(headers):
        name = by_key.get(identity_key(header))
        column = fields.get(name)
        if column is None and choice_key is not None and identity_key(header) == choice_key:
            if choice_header in matched:
                message = _("Có hai cột cùng là “%(column)s”; hãy giữ một cột.") % {"column": choice_header}
                errors.append(SheetError(None, choice_header, header, message))
            else:
                kept.append(index)
                matched.append(choice_header)
        elif column is None:
            if header:
                unknown.append(header)
        elif column.column_name in matched:
            message = _("Có hai cột cùng là “%(column)s”; hãy giữ một cột.")
            errors.append(
                SheetError(None, column.column_name, header, message % {"column": column.column_name})
            )
        elif not column.readonly:
            kept.append(index)
            matched.append(column.column_name)
            present.append((name, column))
    names = HeaderNames([*(column.column_name for column in fields.values()), choice_header])
    for header in unknown:
        meant = names.closest(header)
        if meant is not None and meant not in matched:
            warnings.append(
                _("Cột “%(header)s” không có trong mẫu — có phải là “%(meant)s”?")
                % {"header": header, "meant": meant}
            )
        else:
            warnings.append(_("Cột “%(header)s” không có trong mẫu nên được bỏ qua.") % {"header": header})
    for column in fields.values():
        if column.required and column.column_name not in matched:
            message = _("Thiếu cột bắt buộc “%(column)s”.") % {"column": column.column_name}
            errors.append(SheetError(None, column.column_name, "", message))
    return kept, present, matched

