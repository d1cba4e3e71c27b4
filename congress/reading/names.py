"""Finding people's names and the titles around them in a sentence.

A Vietnamese report writes a person in a few ways, and the rules follow them:

- after "đồng chí", "ông", "bà": "đồng chí Nguyễn Văn Phú, Ủy viên Ban Thường vụ Thành ủy";
- after the title: "Phó Bí thư Thành ủy Cần Thơ Trần Văn Lâu", where the place at the end of
  the title runs into the name; the name is the last two to four capitalised words from a
  family name on ("Hải An | Nguyễn Thị Thu");
- at the head of a list item, with the title after a dash: "Trương Quốc Bảo - Phó Vụ trưởng…";
- again, later, by the full name or (after "ông"/"bà") the given name alone: "Theo ông Phụng".

A title is the run of comma-separated parts that each start like a title ("Ủy viên…", "Bí thư…",
"nguyên Chủ tịch…") or, after the first, like a body ("Ban Tổ chức Trung ương"); it ends where a
verb begins ("… Tô Hiệu phát biểu chỉ đạo"). A place is never a person: a run that is a province
or a place the report names after "phường", "xã", "tỉnh"… is skipped.
"""

import re
from dataclasses import dataclass

from congress.reading.lexicon import (
    BODY_HEADS,
    FAMILY_KEYS,
    PLACE_KEYS,
    TITLE_HEADS,
    TITLE_PREFIXES,
    UNIT_WORDS,
)
from congress.reading.text import capitalised_runs, is_capitalised, key, phrase_pattern

_W = r"(?![^\W\d_])"  # the end of a word
_TITLE_START = rf"(?:(?:{phrase_pattern(TITLE_PREFIXES)})\s+)?(?:{phrase_pattern(TITLE_HEADS)}){_W}"
TITLE_START_RE = re.compile(_TITLE_START, re.IGNORECASE)
_BODY_START_RE = re.compile(rf"(?:{phrase_pattern(BODY_HEADS)}){_W}")
HONORIFIC_RE = re.compile(r"(?<![^\W\d_])(?:đồng chí|ông|bà)\s+", re.IGNORECASE)
# Words that may stand just before a title that precedes a name: "có Phó chủ tịch … X tham dự".
_LEAD_WORDS = r"có|đón|của|dự|là|mời|gồm|với|theo|đồng chí|ông|bà|cùng|sự|và|tân|vị|hai|ba"
_LEAD_TITLE_RE = re.compile(rf"(?:^|(?<=\s))(?:(?:{_LEAD_WORDS})\s+)?({_TITLE_START})", re.IGNORECASE)
_UNIT_BEFORE_RE = re.compile(rf"(?:^|\s)(?:{phrase_pattern(UNIT_WORDS)})\s*$", re.IGNORECASE)
_SEPARATOR_RE = re.compile(r"\s*(?:,|-|–|—)\s*")
# A verb or a joining word ends a title: "… Tô Hiệu phát biểu", "… tỉnh Lâm Đồng và đồng chí …".
_STOPS = (
    "đã",
    "đang",
    "sẽ",
    "cũng",
    "đều",
    "vừa",
    "tiếp tục",
    "được",
    "là",
    "làm",
    "giữ",
    "tham dự",
    "về dự",
    "tới",
    "đến",
    "phát biểu",
    "trình bày",
    "đọc",
    "chỉ đạo",
    "chúc mừng",
    "tặng",
    "cho biết",
    "cho rằng",
    "nhấn mạnh",
    "đánh giá",
    "khẳng định",
    "đề nghị",
    "yêu cầu",
    "gợi mở",
    "ghi nhận",
    "biểu dương",
    "chủ trì",
    "điều hành",
    "công bố",
    "trao",
    "khai mạc",
    "bế mạc",
    "trúng cử",
    "thay mặt",
    "cùng",
    "với",
    "tại",
    "khi",
    "sau khi",
    "trước đây",
    "sinh năm",
    "quê",
    "nêu",
    "chia sẻ",
    "mong muốn",
    "lưu ý",
    "quán triệt",
    "phát động",
    "báo cáo",
    "trước",
    "nhận",
    "dẫn đầu",
)
_STOP_RE = re.compile(
    rf"\s(?:(?:{phrase_pattern(_STOPS)}){_W}|dự(?!\s+(?:án|thảo|toán|kiến|ước|báo|phòng|bị|khuyết){_W}){_W})"
)


@dataclass
class Found:
    """A name in a sentence, with the region its titles cover (offsets in the sentence)."""

    name: str
    start: int
    end: int
    title: str | None = None
    region_start: int = 0
    region_end: int = 0
    anchor: str = ""


def is_family(word: str) -> bool:
    return key(word) in FAMILY_KEYS


def is_place(words: list[str], places: frozenset) -> bool:
    joined = key(" ".join(words))
    return joined in PLACE_KEYS or joined in places


def places_named(text: str) -> frozenset:
    """The places a report names after a unit word ("phường Hải An", "TP Hà Nội")."""
    found = set()
    for start, _end, words in capitalised_runs(text):
        if _UNIT_BEFORE_RE.search(text[max(0, start - 20) : start]):
            # Two words: a longer run may be a title's last word and a name.
            found.add(key(" ".join(words[:2])))
    return frozenset(found)


def name_at_end(words: list[str]) -> int | None:
    """
    Where a name starts in a run that ends with it, after the place a title ends with:
    "Hải An Nguyễn Thị Thu" -> 2. Three words are the commonest name, then four, then two.
    """
    count = len(words)
    if count < 2:
        return None
    if count <= 4 and is_family(words[0]):
        return 0
    for size in (3, 4, 2):
        if count - size >= 0 and is_family(words[count - size]):
            return count - size
    return None


def title_after(text: str, position: int, limit: int) -> tuple[int, int] | None:
    """The title written after a name (", Bí thư …" or " - Bí thư …"), as (start, end)."""
    separator = _SEPARATOR_RE.match(text, position, limit)
    if separator is None:
        return None
    start = separator.end()
    end = _title_parts(text, start, limit)
    return (start, end) if end > start else None


def _title_parts(text: str, start: int, limit: int) -> int:
    """The end of the comma-separated title parts from start; start itself when there are none."""
    end = start
    cursor = start
    first = True
    while cursor < limit:
        part_end = text.find(", ", cursor, limit)
        part_end = limit if part_end < 0 else part_end
        part = text[cursor:part_end]
        if not (TITLE_START_RE.match(part) or (not first and _BODY_START_RE.match(part))):
            break
        cut = _cut(part)
        end = cursor + cut
        if cut < len(part):
            break
        first = False
        cursor = part_end + 2
    return end


def _cut(part: str) -> int:
    """Where a title part ends: at the first verb, or at "và" before a lowercase word."""
    cut = len(part)
    if match := _STOP_RE.search(part):
        cut = match.start()
    for match in re.finditer(r"\svà\s+(\S+)", part[:cut]):
        if not is_capitalised(match.group(1)) or HONORIFIC_RE.match(match.group(1) + " "):
            cut = match.start()
            break
    return len(part[:cut].rstrip(" ,"))


def title_before(text: str, name_start: int, floor: int) -> int | None:
    """
    Where the title written before a name starts ("Ủy viên Bộ Chính trị, Thường trực Ban Bí thư
    Trần Cẩm Tú"), or None. Parts are taken back to front while each is wholly a title; the
    first may begin after a lead word ("có Phó chủ tịch …", "Đại hội còn đón Trung tướng, …").
    """
    if name_start <= floor or text[name_start - 1] != " ":
        return None
    region = text[floor : name_start - 1]
    if not region or region[-1] in ",;:-–—(":
        return None
    parts = region.split(", ")
    start = None
    offset = len(region)
    for index in range(len(parts) - 1, -1, -1):
        part = parts[index]
        offset -= len(part)
        whole = TITLE_START_RE.match(part)
        if whole and _cut(part) == len(part):
            start = offset
            offset -= 2
            continue
        inner = [
            m for m in _LEAD_TITLE_RE.finditer(part) if _cut(part[m.start(1) :]) == len(part) - m.start(1)
        ]
        if inner:
            start = offset + inner[0].start(1)
        break
    return None if start is None else floor + start


def clause_end(text: str, position: int) -> int:
    """The end of the clause a position is in: the next ";" or the end of the sentence."""
    end = text.find(";", position)
    return len(text) if end < 0 else end


def clause_start(text: str, position: int) -> int:
    """Just after the last ";", ":" or "(" before position, or 0."""
    return max(text.rfind(";", 0, position), text.rfind(":", 0, position), text.rfind("(", 0, position)) + 1


def find_names(text: str, original: str, places: frozenset, known: dict) -> list[Found]:
    """
    Every person named in one sentence (text is its working copy, original as written), each
    with the title the sentence gives them there. known maps identity keys of names found in
    earlier sentences to the names, so a later bare mention is recognised.
    """
    found: list[Found] = []

    def taken(start, end):
        return any(start < f.region_end and f.region_start < end for f in found)

    def add(start, end, anchor, before=None):
        if taken(start, end):
            return None
        limit = clause_end(text, end)
        after = title_after(text, end, limit)
        region_start = before if before is not None else start
        region_end = after[1] if after else end
        parts = []
        if before is not None:
            parts.append(original[before:start].strip(" ,-–"))
        if after:
            written = original[after[0] : after[1]].strip(" ,")
            if after[1] == len(text) and written.endswith("."):
                written = written[:-1]
            parts.append(written)
        title = ", ".join(part for part in parts if part) or None
        mention = Found(original[start:end], start, end, title, region_start, region_end, anchor)
        found.append(mention)
        return mention

    runs = capitalised_runs(text)
    # After "đồng chí", "ông", "bà": the run is the name, unless a title comes first.
    for honorific in HONORIFIC_RE.finditer(text):
        if _inside_place(text, honorific.start()):
            continue
        run = next((r for r in runs if r[0] == honorific.end()), None)
        if run is None or TITLE_START_RE.match(text, run[0]) or len(run[2]) < 2:
            continue
        words = run[2][:5]
        end = run[0] + len(" ".join(words))
        add(run[0], end, "honorific")
    # A name at the head of a list item or a sentence with its title after a dash or comma,
    # and a name after its title.
    for start, end, words in runs:
        if len(words) < 2:
            continue
        floor = clause_start(text, start)
        at = name_at_end(words)
        if at is not None:
            name_start = start + len(" ".join(words[:at])) + (1 if at else 0)
            name_words = words[at:]
            # After "tỉnh", "phường": a place, unless three words or more and a title before
            # ("Chủ tịch HĐND thành phố Nguyễn Ngọc Tuấn"); a title names no place alone.
            if not is_place(name_words, places) and not (
                at == 0 and len(words) < 3 and _unit_before(text, start)
            ):
                before = title_before(text, name_start, floor)
                if before is not None:
                    add(name_start, end, "title", before)
                    continue
        if (
            is_family(words[0])
            and len(words) <= 5
            and not is_place(words, places)
            and not _unit_before(text, start)
        ):
            separator = _SEPARATOR_RE.match(text, end)
            if separator and TITLE_START_RE.match(text, separator.end()):
                add(start, end, "list")
    # Names seen before, and great names after "tư tưởng … phong cách".
    for start, _end, words in runs:
        for size in range(min(5, len(words)), 1, -1):
            for offset in range(0, len(words) - size + 1):
                candidate = " ".join(words[offset : offset + size])
                name_start = start + len(" ".join(words[:offset])) + (1 if offset else 0)
                name_end = name_start + len(candidate)
                if key(candidate) in known and not taken(name_start, name_end):
                    add(
                        name_start,
                        name_end,
                        "known",
                        title_before(text, name_start, clause_start(text, name_start)),
                    )
                elif (
                    re.search(r"(?:tư tưởng|đạo đức|phong cách|tấm gương)\s*$", text[:name_start])
                    and size >= 3
                ):
                    add(name_start, name_end, "cue")
    # "ông Phụng": a given name alone, when one person named so far has it.
    given = {}
    for name in list(known.values()) + [f.name for f in found]:
        given.setdefault(key(name.split()[-1]), set()).add(name)
    for honorific in HONORIFIC_RE.finditer(text):
        run = next((r for r in runs if r[0] == honorific.end()), None)
        if run is None or len(run[2]) != 1 or _inside_place(text, honorific.start()):
            continue
        names = given.get(key(run[2][0]), set())
        if len(names) == 1 and not taken(run[0], run[1]):
            mention = add(run[0], run[1], "given")
            if mention is not None:
                mention.name = next(iter(names))
    found.sort(key=lambda f: f.start)
    return found


def _unit_before(text: str, start: int) -> bool:
    return bool(_UNIT_BEFORE_RE.search(text[max(0, start - 20) : start]))


def _inside_place(text: str, position: int) -> bool:
    """ "Hai Bà Trưng": a capitalised "Bà" right after a capitalised word is part of a name."""
    if not text[position].isupper():
        return False
    before = text[:position].rstrip()
    words = re.findall(r"[^\W\d_]+$", before)
    return (
        bool(words) and before.endswith(words[0]) and position - len(before) == 1 and is_capitalised(words[0])
    )
