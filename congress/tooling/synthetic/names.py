"""
The Vietnamese name tables of the data generator, and names as a clerk types them.

Family, middle and given names with their weights, birth years, and the two tone placements
("Thủy" and "Thuỷ") that lists write. The tables are long on purpose: the spread of real lists
is what searches and sorting are measured against.
"""

import bisect
import itertools
import re
import unicodedata

from records.models.people import PersonGender

FEMALE_SHARE = 0.38
OTHER_TONE_PLACEMENT_SHARE = 0.05
DECOMPOSED_SHARE = 0.02


# Names #####################################################################

# Family names with their approximate share of the population, per cent.
FAMILY_NAMES = {
    "Nguyễn": 38.4, "Trần": 11.0, "Lê": 9.5, "Phạm": 7.0, "Hoàng": 3.0, "Huỳnh": 2.1, "Phan": 4.5,
    "Vũ": 2.2, "Võ": 1.7, "Đặng": 2.1, "Bùi": 2.0, "Đỗ": 1.4, "Hồ": 1.3, "Ngô": 1.3, "Dương": 1.0,
    "Lý": 0.5, "Đinh": 0.7, "Trịnh": 0.6, "Đào": 0.6, "Đoàn": 0.5, "Trương": 0.6, "Mai": 0.5,
    "Lương": 0.5, "Cao": 0.5, "Hà": 0.5, "Lâm": 0.4, "Lưu": 0.4, "Tạ": 0.3, "Chu": 0.3,
    "Vương": 0.3, "Tô": 0.3, "Thái": 0.3, "Phùng": 0.3, "Nông": 0.3, "Triệu": 0.3, "Châu": 0.3,
    "Quách": 0.2, "Kiều": 0.2, "La": 0.2, "Lò": 0.2, "Hứa": 0.2, "Giang": 0.2, "Tống": 0.2,
    "Lại": 0.2, "Vi": 0.2, "Đàm": 0.2, "Tăng": 0.1, "Khúc": 0.1, "Doãn": 0.1, "Mạc": 0.1,
    "Nghiêm": 0.1, "Thân": 0.1, "Lục": 0.1, "Âu": 0.1, "Kim": 0.1, "Tôn": 0.1, "Quan": 0.1,
    "Ông": 0.1, "Ninh": 0.1, "Khuất": 0.1,
}  # fmt: skip

# Middle and given names by gender, with relative weights. "Văn" and "Thị" mark gender;
# "Minh", "Ngọc" and "Thanh" are given to both.
MIDDLE_NAMES = {
    PersonGender.MALE: {
        "Văn": 34, "Hữu": 5, "Đức": 6, "Minh": 6, "Công": 4, "Quang": 5, "Xuân": 3, "Ngọc": 3,
        "Thanh": 4, "Anh": 2, "Hoàng": 2, "Tiến": 2, "Trọng": 3, "Mạnh": 2, "Bá": 2, "Đình": 4,
        "Quốc": 4, "Huy": 2, "Thế": 2, "Duy": 2, "Việt": 2, "Gia": 1, "Khắc": 1, "Chí": 1,
        "Hồng": 1, "Trung": 1, "Kim": 1, "Đăng": 1, "Phú": 1, "Hòa": 1, "Văn Minh": 0.5, "": 1,
    },
    PersonGender.FEMALE: {
        "Thị": 44, "Thu": 5, "Ngọc": 5, "Thanh": 4, "Minh": 3, "Thùy": 4, "Hồng": 3, "Kim": 3,
        "Phương": 2, "Mỹ": 2, "Bích": 2, "Diệu": 1, "Lan": 1, "Hải": 2, "Thúy": 2, "Quỳnh": 1,
        "Hoài": 1, "Khánh": 1, "Hà": 1, "Tuyết": 1, "Mai": 2, "Xuân": 2, "Vân": 1, "Bảo": 1,
        "Cẩm": 1, "Thị Thu": 3, "Thị Thanh": 2, "Thị Kim": 1, "Thị Ngọc": 1, "Thị Hồng": 1,
        "Toàn Thu": 0.2,
    },
}  # fmt: skip
GIVEN_NAMES = {
    PersonGender.MALE: {
        "Hùng": 4, "Dũng": 4, "Tuấn": 4, "Minh": 3, "Hải": 3, "Nam": 3, "Sơn": 3, "Thắng": 3,
        "Long": 3, "Cường": 3, "Hưng": 3, "Quang": 2, "Hòa": 3, "Thành": 3, "Trung": 3, "Tùng": 2,
        "Đức": 2, "Phong": 2, "Bình": 2, "Hiếu": 2, "Huy": 2, "Khoa": 1, "Tâm": 1, "Phú": 1,
        "Lâm": 1, "Hoàng": 2, "Việt": 2, "Toàn": 2, "Thụy": 1, "Tiến": 2, "Vinh": 2, "Kiên": 1,
        "Đạt": 2, "Diễn": 1, "Phúc": 1, "Thịnh": 1, "Quân": 2, "Hậu": 1, "Thủy": 0.7, "Hiệp": 1,
        "Chiến": 2, "Thọ": 1, "Lợi": 1, "Tài": 1, "Trí": 1, "Khánh": 1, "Duy": 1, "Anh": 2,
        "Thái": 1, "Hoan": 1, "Nghĩa": 1, "Lực": 1, "Bảo": 1, "Thanh": 1, "Vũ": 1, "Mạnh": 1,
        "Tú": 1, "Thuận": 1, "Hóa": 0.5, "Tuệ": 0.5, "Quý": 1, "Ngọc": 0.5, "Dương": 1, "Hiển": 1,
        "Khỏe": 0.2, "Lộc": 1, "Phương": 1, "Sang": 1, "Tấn": 1,
    },
    PersonGender.FEMALE: {
        "Lan": 3, "Hương": 4, "Hoa": 3, "Thủy": 4, "Hằng": 3, "Linh": 3, "Trang": 3, "Nga": 3,
        "Hạnh": 3, "Mai": 3, "Phương": 3, "Thảo": 3, "Hà": 3, "Yến": 2, "Nhung": 2, "Huyền": 3,
        "Loan": 2, "Dung": 2, "Thúy": 3, "Hòa": 2, "Vân": 2, "Oanh": 2, "Quỳnh": 2, "Nguyệt": 1,
        "Ngọc": 2, "Anh": 2, "Giang": 2, "Liên": 2, "Thu": 2, "Tuyết": 1, "Xuân": 1, "Hiền": 2,
        "Hồng": 2, "Nhàn": 1, "Thơm": 1, "Diệu": 1, "Chi": 1, "Ly": 1, "Uyên": 1, "Thùy": 1.5,
        "Hảo": 1, "Huệ": 1, "Lụa": 0.5, "Thoa": 1, "Hoài": 1, "Thanh": 2, "Bình": 1, "Duyên": 1,
        "Tâm": 1, "Vy": 1, "Ánh": 1, "Nhi": 1, "Hòe": 0.2,
    },
}  # fmt: skip

# Birth years 1940–2005, most members born between the 1960s and the 1990s.
BIRTH_YEARS = list(range(1940, 2006))
_DECADE_WEIGHTS = {1940: 4, 1950: 12, 1960: 20, 1970: 22, 1980: 22, 1990: 15, 2000: 5}
BIRTH_YEAR_TABLE = (
    BIRTH_YEARS,
    list(itertools.accumulate(_DECADE_WEIGHTS[y // 10 * 10] for y in BIRTH_YEARS)),
)


def _table(weights):
    """(names, cumulative weights), for pick()."""
    return list(weights), list(itertools.accumulate(weights.values()))


def pick(rng, table):
    names, cumulative = table
    return names[bisect.bisect(cumulative, rng.random() * cumulative[-1])]


FAMILY_TABLE = _table(FAMILY_NAMES)
MIDDLE_TABLES = {gender: _table(weights) for gender, weights in MIDDLE_NAMES.items()}
GIVEN_TABLES = {gender: _table(weights) for gender, weights in GIVEN_NAMES.items()}


# Tone placement ############################################################

# In an open syllable ending in oa, oe or uy the tone mark is put on the first vowel ("Hòa",
# "Thủy", as the tables above and most lists write it) or on the second ("Hoà", "Thuỷ"); both
# are in everyday use. After "q" the "u" belongs to the consonant ("Quý"): no choice there.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_MOVABLE_RE = re.compile(r"(?<!q)(oa|oe|uy)$")


def other_tone_placement(word):
    """Return the word with its tone mark on the other vowel, where both placements are in use."""
    clusters = []  # [base letter, [combining marks]]
    for char in unicodedata.normalize("NFD", word):
        if unicodedata.combining(char) and clusters:
            clusters[-1][1].append(char)
        else:
            clusters.append([char, []])
    toned = [i for i, (_, marks) in enumerate(clusters) if _TONE_MARKS.intersection(marks)]
    # Only plain letters (no breve, circumflex or horn) spell oa, oe and uy.
    plain = "".join(base for base, marks in clusters if _TONE_MARKS.issuperset(marks))
    last = len(clusters) - 1
    if len(toned) != 1 or len(plain) != len(clusters) or not _MOVABLE_RE.search(plain.casefold()):
        return word
    if toned[0] not in (last - 1, last):
        return word
    source, target = toned[0], last - 1 if toned[0] == last else last
    tone = [mark for mark in clusters[source][1] if mark in _TONE_MARKS]
    clusters[source][1] = [mark for mark in clusters[source][1] if mark not in _TONE_MARKS]
    clusters[target][1] += tone
    return unicodedata.normalize("NFC", "".join(base + "".join(marks) for base, marks in clusters))


def has_other_tone_placement(name):
    return any(other_tone_placement(word) != word for word in name.split())


# The names of the tables above that can be written with either placement.
MOVABLE_NAMES = frozenset(
    name
    for table in (FAMILY_NAMES, *MIDDLE_NAMES.values(), *GIVEN_NAMES.values())
    for name in table
    if has_other_tone_placement(name)
)


def _movable_share(weights):
    return sum(w for name, w in weights.items() if name in MOVABLE_NAMES) / sum(weights.values())


def _retype_probability():
    """How often to retype a name that can be, so that OTHER_TONE_PLACEMENT_SHARE of all names are."""
    share = 0.0
    family = _movable_share(FAMILY_NAMES)
    for gender, weight in ((PersonGender.FEMALE, FEMALE_SHARE), (PersonGender.MALE, 1 - FEMALE_SHARE)):
        middle, given = _movable_share(MIDDLE_NAMES[gender]), _movable_share(GIVEN_NAMES[gender])
        share += weight * (1 - (1 - family) * (1 - middle) * (1 - given))
    return min(1.0, OTHER_TONE_PLACEMENT_SHARE / share)


RETYPE_PROBABILITY = _retype_probability()


def typed_name(rng, gender):
    """A full name as a clerk typed it: sometimes in the other tone placement, sometimes decomposed."""
    parts = [pick(rng, FAMILY_TABLE), pick(rng, MIDDLE_TABLES[gender]), pick(rng, GIVEN_TABLES[gender])]
    name = " ".join(part for part in parts if part)
    if MOVABLE_NAMES.intersection(parts) and rng.random() < RETYPE_PROBABILITY:
        name = " ".join(other_tone_placement(word) for word in name.split())
    if rng.random() < DECOMPOSED_SHARE:
        name = unicodedata.normalize("NFD", name)
    return name
