"""
Search by the starts of words, in time that does not grow with the table (issue 6).

What a search matches. The text typed is turned into a search key (records.vietnamese.search_key:
no diacritics, lower case, "đ" as "d", single spaces), and a record matches when every word of
it begins a word of the record's own search key, in any order and not necessarily side by side:

    "nguyen van"  finds Nguyễn Văn Phú and Nguyễn Văn Anh          (the start of the name)
    "van phu"     finds Nguyễn Văn Phú                             (from its second word)
    "phu nguyen"  finds Nguyễn Văn Phú                             (in any order)
    "thi huong"   finds Nguyễn Thị Hương, Lê Thị Hường, Trần Thị Hương Giang
    "thuy"        finds Vương Toàn Thu Thủy, written Thủy or Thuỷ  (both are "thuy" in the key)
    "an phu"      does not find Nguyễn Văn Phú: no word of it begins with "an"
    "ban chap hanh thien huong"  finds Ban Chấp hành Đảng bộ phường Thiên Hương
    "bch thien huong"            finds it too, and "ban chap hanh" finds a "BCH ..." (the
                                 abbreviations of records.vietnamese.abbreviations, both ways)

Every spelling of a name (tone mark on either vowel, composed or decomposed) has the same search
key, so every spelling is found. Before issue 6 any substring matched ("an phu" found Nguyễn Văn
Phú, "hai an" found Xã Thái Tân); people search for names by words, and only searches by words
can be answered from an index. Before issue 13 the words had to be side by side, in order.

How it stays fast. A table beside the records' (`<table>_word`, made by migration records 0007)
holds, for each record, each suffix of its search key that starts a word ("nguyen thi thu huong",
"thi thu huong", "thu huong", "huong") with the record's sort key and id, and its primary key is
(term, sort key, id). A search is one range of that key (term >= "huong" and < "huonh", for
the longest word typed), its other words matched on the records the range names: the range is
counted without reading a record when it is the whole search, and a page is taken from it in
the record's order (the sort key is in the index) before the 50 records of the page are read. The work
grows with the matches in the range, not with the table: measured at a million people for
issue 6's search (the words side by side, one range), 0.5 ms on SQLite for the 6,400 of "thi
huong" and 5 ms for the 75,000 of "nguyen van". The other words of a search of several (issue
13) are read on each record of the range until a page, or a count up to its limit, is found:
a rare pair of common words ("nguyen" with a given name few have) reads the whole range of
the longer. Measured at a million people on PostgreSQL, counting "nguyen van" to the limit read
some 300,000 names (828 ms), as its names with "van" come late in the range of "nguyen"; the
words as typed, side by side, are one range of the index and are counted first (3 ms,
`WordSearch.side_by_side`). Typed the other way round, "van nguyen" still reads the range
(830 ms). Database
triggers (records.derived) keep the table in step with every write of the records: save(),
bulk_create(), imports, raw SQL; no writer has to know that it exists.

Measured and not chosen: SQLite FTS5 with the trigram tokenizer (33 ms to count "thi huong" at
a million people, 180 ms for "nguyen van": every common trigram is in half the names, and the
matches must still be sorted by name), and LIKE over the search key (50 ms, a full scan).

A queryset from `search()` carries the search (`WordSearch`), which records.paging reads to
count and page it through the table. Anything else that evaluates it (an export, `.count()`,
`.exists()`) uses the condition it holds, the same match written for one row at a time.

Other records (sources, documents, units, congresses and what they produced) are found by the
same words, row by row (`KeySearchQuerySet`): their lists are short enough to scan. In their keys
"/" and "-" start words too, so that "ubtvqh15" finds 1669/NQ-UBTVQH15.

Every searchable model's QuerySet has `search(text)`, so the list pages, the search page and the
admin ask the same question the same way.
"""

from dataclasses import dataclass

from django.db import connection, models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import translation

from . import vietnamese

# What a search reads of the text typed: the first words, the first characters. A name or a
# phrase is a few words; ten thousand words would make a condition SQLite cannot hold (its
# expression tree is at most 1,000 deep) and cost PostgreSQL as much for nothing.
MAX_SEARCH_WORDS = 10
MAX_SEARCH_LENGTH = 200


def search_text(text):
    """The part of a text typed that a search reads (MAX_SEARCH_WORDS words, MAX_SEARCH_LENGTH
    characters), as its search key."""
    return " ".join(vietnamese.search_key(text[: MAX_SEARCH_LENGTH * 4]).split()[:MAX_SEARCH_WORDS])[
        :MAX_SEARCH_LENGTH
    ]


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


def word_condition(field, key, separators=" "):
    """`field` (a search key) begins with `key` or has a word that does: the match, row by row.
    A word starts after any of `separators` (a space; in document symbols "/" and "-" too)."""
    condition = Q(**{f"{field}__startswith": key})
    for separator in separators:
        condition |= Q(**{f"{field}__contains": f"{separator}{key}"})
    return condition


def terms_condition(fields, terms, separators=" "):
    """Every term matches a word start in one of `fields`, by any of its spellings: the whole
    search, row by row."""
    condition = Q()
    for spellings in terms:
        in_any = Q()
        for field in fields:
            for spelling in spellings:
                in_any |= word_condition(field, spelling, separators)
        condition &= in_any
    return condition


def search_terms(text):
    """The terms of a text typed (records.vietnamese.search_terms) within what a search reads."""
    return vietnamese.search_terms(search_text(text))


@dataclass(frozen=True)
class WordIndex:
    """The table of word-start terms of one model, ordered as the model's `sort_field`, then id.

    A record whose key has two words that start with the text typed (“nguyen” in Nguyễn Thị
    Nguyên) has two terms in the range, each a suffix of the other. Of the terms of one record in
    a range, all but the shortest hold a later word that starts with the text: the range is read
    without them (`once`), so that every record matched comes once, and is counted once, with
    nothing to sort out afterwards.

    The other terms of a search (`rest`) are matched on the record's own key, joined by id:
    the range is still read in the records' order, and stops once a page, or a count up to
    its limit, is found.
    """

    model_table: str
    sort_field: str
    key_field: str = "search_key"

    @property
    def table(self):
        return f"{self.model_table}_word"

    def matches(self, key, vendor, rest=(), once=True):
        """FROM and WHERE of the terms starting with key (each record once), joined to the
        records when the other terms `rest` must match too; and the parameters."""
        position = "strpos" if vendor == "postgresql" else "instr"
        conditions, params = ["w.term >= %s"], [key]
        upper = after_prefix(key)
        if upper is not None:
            conditions.append("w.term < %s")
            params.append(upper)
        if once:
            # A term starts with a word, so a space before the text can only be a later word's.
            # NOT LIKE, which PostgreSQL's planner estimates from the column (nearly every term
            # passes), not `strpos(…) = 0`, which it took for one term in 200: it then planned
            # for a few matches where there were thousands, and a city's search of "thi huong"
            # took 36 s instead of 0.4 s.
            conditions.append("w.term NOT LIKE %s ESCAPE '\\'")
            # (Django's escaping of a LIKE pattern, the same for every backend it ships.)
            params.append(f"% {connection.ops.prep_for_like_query(key)}%")
        source = f'"{self.table}" w'
        if rest:
            source += f' JOIN "{self.model_table}" r ON r.id = w.record_id'
            # A word of the key starts with the spelling when " " + key holds " " + spelling.
            for spellings in rest:
                either = " OR ".join(f"{position}(' ' || r.{self.key_field}, %s) > 0" for _ in spellings)
                conditions.append(f"({either})")
                params.extend(f" {spelling}" for spelling in spellings)
        return f"FROM {source} WHERE {' AND '.join(conditions)}", params


@dataclass(frozen=True)
class WordSearch:
    """A search by word starts applied to a queryset: the index, the term read from it (`key`),
    the other terms matched on the records (`rest`), the queryset's conditions right after
    it, to tell whether anything else filters the queryset, and, for words of one spelling
    each, the words as typed (`phrase`): the records that hold them side by side and in that
    order are matches, and a range of the index."""

    index: WordIndex
    key: str
    where: object
    alone: bool
    rest: tuple = ()
    phrase: str = ""

    def ids(self, vendor):
        """Every id in the range of the key, as a subquery (for an id__in condition beside the
        queryset's own conditions, which hold the other terms)."""
        sql, params = self.index.matches(self.key, vendor)
        return RawSQL(f"SELECT w.record_id {sql}", params)

    def page_ids(self, vendor, offset, limit, descending=False):
        """Rows offset to offset + limit of the matches in the model's order, as a subquery of ids."""
        sql, params = self.index.matches(self.key, vendor, self.rest)
        direction = " DESC" if descending else ""
        return RawSQL(
            f"SELECT w.record_id {sql} ORDER BY w.sort_key{direction}, w.record_id{direction} LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )

    def first_ids_sql(self, vendor, limit):
        """SQL giving the ids of the first matches in the index's own order (the word matched, then
        the sort key): it reads no more of the range than it needs."""
        sql, params = self.index.matches(self.key, vendor, self.rest)
        return f"SELECT w.record_id {sql} ORDER BY w.term, w.sort_key, w.record_id LIMIT %s", [*params, limit]

    def count_parts(self, vendor):
        """(SQL of the matches, its parameters, SQL of them for the planner's estimate, its
        parameters), for records.paging.count_rows(). The planner can estimate a range, not
        which of its terms hold a later match: its estimate counts a record found twice twice."""
        sql, params = self.index.matches(self.key, vendor, self.rest)
        whole, whole_params = self.index.matches(self.key, vendor, self.rest, once=False)
        return f"SELECT w.record_id {sql}", params, f"SELECT w.record_id {whole}", whole_params

    def side_by_side(self, vendor):
        """(SQL, parameters) of some of the matches, read from the index alone: the records that
        hold the words as typed, side by side, or None for a search of one word or of words
        with several spellings. "nguyen van" is then the range of the terms that start with
        "nguyen van", where the whole search reads the range of "nguyen" and every record's key:
        its names with "van" come after those with "thi", so that counting to the limit read
        300,000 of them at a million people (828 ms); the range reads the limit's worth of
        index entries (3 ms). Each record once: its last term holding the phrase."""
        if not self.phrase:
            return None
        sql, params = self.index.matches(self.phrase, vendor)
        return f"SELECT w.record_id {sql}", params


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
        """Records with a word starting with each word of the text, in any order and not
        necessarily side by side, ignoring diacritics, case and tone placement, an abbreviation
        standing for its words and the words for it (records.vietnamese.abbreviations); all of
        them when the text has no letter or digit. Only the first words are read (search_text).

        The range of one term is read from the index: the longest of those with one spelling
        (a longer start is rarer: "nguyen" in "nguyen van phu" is an exception, which the
        index still reads in the records' order and stops at a page). With none such (a lone
        "bch") the records are filtered row by row.
        """
        terms = search_terms(text)
        if not terms:
            return self
        alone = not self.query.where
        clone = self.filter(terms_condition([self.search_field], terms))
        single = [index for index, spellings in enumerate(terms) if len(spellings) == 1]
        if not single:
            clone.word_search = None
            return clone
        anchor = max(single, key=lambda index: (len(terms[index][0]), index))
        rest = terms[:anchor] + terms[anchor + 1 :]
        phrase = " ".join(spellings[0] for spellings in terms) if len(single) == len(terms) > 1 else ""
        clone.word_search = WordSearch(
            self.word_index, terms[anchor][0], clone.query.where.clone(), alone, rest, phrase
        )
        return clone


def word_search_of(queryset):
    """(the search a queryset carries or None, whether nothing else filters it)."""
    search = getattr(queryset, "word_search", None)
    if search is None:
        return None, False
    return search, search.alone and queryset.query.where == search.where


class KeySearchQuerySet(models.QuerySet):
    """A QuerySet with search() by the starts of words of search keys, row by row; the model
    names its `key_fields`, its own key and those of the records it names (the speaker, the
    congress's organisation)."""

    key_fields = ("search_key",)
    # Symbols ("1669/nq-ubtvqh15") are words made of parts: each part starts a word.
    word_separators = " /-"

    def search(self, text):
        """Records in which every word of the text starts a word of one of their keys, in any
        order and not necessarily side by side, ignoring diacritics and case, an abbreviation
        standing for its words and the words for it; all of them when the text has no letter or
        digit. The admin's search box and the list pages' `?q=` both ask this.

        The Vietnamese name of the kind itself, typed in full, is no word to match: every
        congress is “Đại hội ...” on screen, not in its keys, and "dai hoi thien huong" means
        Thiên Hương's.
        """
        with translation.override("vi"):
            kind = vietnamese.search_key(str(self.model._meta.verbose_name))
        terms = without_phrase(search_terms(text), kind)
        return self.filter(terms_condition(self.key_fields, terms, self.word_separators))


def without_phrase(terms, phrase):
    """The terms less the first run of them that spells `phrase` word by word. A phrase of one
    word (“nguồn”) is kept: alone, it is more likely a word of the records than their kind."""
    words = tuple((word,) for word in phrase.split())
    for start in range(len(terms) - len(words) + 1):
        if len(words) > 1 and terms[start : start + len(words)] == words:
            return terms[:start] + terms[start + len(words) :]
    return terms
