"""
Search by the starts of words, in time that does not grow with the table (issue 6).

What a search matches. The text typed is turned into a search key (records.vietnamese.search_key:
no diacritics, lower case, "đ" as "d", single spaces), and a record matches when its own search
key begins with it, or has a word that begins with it, read on from there:

    "nguyen van"  finds Nguyễn Văn Phú and Nguyễn Văn Anh          (the start of the name)
    "van phu"     finds Nguyễn Văn Phú                             (from its second word)
    "thi huong"   finds Nguyễn Thị Hương, Lê Thị Hường, Trần Thị Hương Giang
    "thuy"        finds Vương Toàn Thu Thủy, written Thủy or Thuỷ  (both are "thuy" in the key)
    "an phu"      does not find Nguyễn Văn Phú: no word of it begins with "an"

Every spelling of a name (tone mark on either vowel, composed or decomposed) has the same search
key, so every spelling is found. Before issue 6 any substring matched ("an phu" found Nguyễn Văn
Phú); people search for names by words, and only searches by words can be answered from an index.

How it stays fast. A table beside the records' (`<table>_word`, made by migration records 0007)
holds, for each record, each suffix of its search key that starts a word ("nguyen thi thu huong",
"thi thu huong", "thu huong", "huong") with the record's sort key and id, and its primary key is
(term, sort key, id). A search is one range of that key (term >= "thi huong" and < "thi huonh"):
the range is counted without reading a record, and a page is taken from it in the record's
order (the sort key is in the index) before the 50 records of the page are read. The work
grows with the matches in the range, not with the table: measured at a million people, 0.5 ms
on SQLite for the 6,400 of "thi huong" and 5 ms for the 75,000 of "nguyen van". Database
triggers (records.derived) keep the table in step with every write of the records: save(),
bulk_create(), imports, raw SQL; no writer has to know that it exists.

Measured and not chosen: SQLite FTS5 with the trigram tokenizer (33 ms to count "thi huong" at
a million people, 180 ms for "nguyen van": every common trigram is in half the names, and the
matches must still be sorted by name), and LIKE over the search key (50 ms, a full scan).

A queryset from `search()` carries the search (`WordSearch`), which records.paging reads to
count and page it through the table. Anything else that evaluates it (an export, `.count()`,
`.exists()`) uses the condition it holds, the same match written for one row at a time.

Other records (documents, units, congresses and what they produced) are found by any part of
their search keys (`KeySearchQuerySet`): their lists are short enough to scan, and a clerk looks
for a phrase of a task or a summary, not for the start of a name.

Every searchable model's QuerySet has `search(text)`, so the list pages, the search page and the
admin ask the same question the same way.
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.db.models.expressions import RawSQL

from . import vietnamese


def after_prefix(prefix):
    """The least string above every string that starts with `prefix`, in code point order (which
    is the order of SQLite's BINARY collation and of PostgreSQL's "C"), or None if there is none."""
    chars = list(prefix)
    while chars and ord(chars[-1]) == 0x10FFFF:
        chars.pop()
    if not chars:
        return None
    code = ord(chars[-1]) + 1
    # Surrogates cannot be stored as text; the next character that can is U+E000.
    chars[-1] = chr(0xE000 if 0xD800 <= code <= 0xDFFF else code)
    return "".join(chars)


def word_condition(field, key):
    """`field` (a search key) begins with `key` or has a word that does: the match, row by row."""
    return Q(**{f"{field}__startswith": key}) | Q(**{f"{field}__contains": f" {key}"})


@dataclass(frozen=True)
class WordIndex:
    """The table of word-start terms of one model, ordered as the model's `sort_field`, then id.

    A record whose key has two words that start with the text typed (“nguyen” in Nguyễn Thị
    Nguyên) has two terms in the range, each a suffix of the other. Of the terms of one record in
    a range, all but the shortest hold a later word that starts with the text: the range is read
    without them (`once`), so that every record matched comes once, and is counted once, with
    nothing to sort out afterwards.
    """

    model_table: str
    sort_field: str

    @property
    def table(self):
        return f"{self.model_table}_word"

    def range(self, key, vendor, once=True):
        """SQL conditions and parameters: the terms starting with key, each record once."""
        upper = after_prefix(key)
        condition = "term >= %s" + (" AND term < %s" if upper is not None else "")
        params = [key, *([upper] if upper is not None else [])]
        if not once:
            return condition, params
        # A term starts with a word, so a space before the text can only be a later word's.
        position = "strpos" if vendor == "postgresql" else "instr"
        return f"{condition} AND {position}(term, %s) = 0", [*params, f" {key}"]

    def ids(self, key, vendor):
        """Every id the range holds, as a subquery (for an id__in condition)."""
        condition, params = self.range(key, vendor)
        return RawSQL(f'SELECT record_id FROM "{self.table}" WHERE {condition}', params)

    def page_ids(self, key, vendor, offset, limit, descending=False):
        """Rows offset to offset + limit of the matches in the model's order, as a subquery of ids."""
        condition, params = self.range(key, vendor)
        direction = " DESC" if descending else ""
        sql = (
            f'SELECT record_id FROM "{self.table}" WHERE {condition} '
            f"ORDER BY sort_key{direction}, record_id{direction} LIMIT %s OFFSET %s"
        )
        return RawSQL(sql, [*params, limit, offset])

    def first_ids_sql(self, key, vendor, limit):
        """SQL giving the ids of the first matches in the index's own order (the word matched, then
        the sort key): it reads no more of the range than it returns."""
        condition, params = self.range(key, vendor)
        sql = (
            f'SELECT record_id FROM "{self.table}" WHERE {condition} '
            f"ORDER BY term, sort_key, record_id LIMIT %s"
        )
        return sql, [*params, limit]

    def count_parts(self, key, vendor):
        """(SQL of the matches, its parameters, SQL of the whole range for the planner's estimate,
        its parameters), for records.paging.count_rows(). The planner can estimate a range, not
        which of its terms hold a later match: its estimate counts a record found twice twice."""
        condition, params = self.range(key, vendor)
        whole, whole_params = self.range(key, vendor, once=False)
        return (
            f'SELECT record_id FROM "{self.table}" WHERE {condition}',
            params,
            f'SELECT record_id FROM "{self.table}" WHERE {whole}',
            whole_params,
        )


@dataclass(frozen=True)
class WordSearch:
    """A search by word starts applied to a queryset: the index, the key, and the queryset's
    conditions right after it, to tell whether anything else filters the queryset."""

    index: WordIndex
    key: str
    where: object
    alone: bool


class WordSearchQuerySet(models.QuerySet):
    """A QuerySet with search(); the model names its `word_index`."""

    word_index = None
    search_field = "search_key"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.word_search = None

    def _clone(self):
        clone = super()._clone()
        clone.word_search = self.word_search
        return clone

    def search(self, text):
        """Records with a word starting with the text, ignoring diacritics, case and tone placement
        (see this module's docstring); all of them when the text has no letter or digit."""
        key = vietnamese.search_key(text)
        if not key:
            return self
        alone = not self.query.where
        clone = self.filter(word_condition(self.search_field, key))
        clone.word_search = WordSearch(self.word_index, key, clone.query.where.clone(), alone)
        return clone


def word_search_of(queryset):
    """(the search a queryset carries or None, whether nothing else filters it)."""
    search = getattr(queryset, "word_search", None)
    if search is None:
        return None, False
    return search, search.alone and queryset.query.where == search.where


class KeySearchQuerySet(models.QuerySet):
    """A QuerySet with search() by any part of a search key; the model names its `key_fields`,
    its own key and those of the records it names (the speaker, the congress's organisation)."""

    key_fields = ("search_key",)

    def search(self, text):
        """Records in which every word of the text is part of one of their keys, in any order and
        not necessarily side by side, ignoring diacritics and case; all of them when the text has
        no letter or digit. The admin's search box and the list pages' `?q=` both ask this."""
        condition = Q()
        for word in vietnamese.search_key(text).split():
            in_any_key = Q()
            for path in self.key_fields:
                in_any_key |= Q(**{f"{path}__contains": word})
            condition &= in_any_key
        return self.filter(condition)
