"""
Synthetic congress records for load tests and demonstrations (`manage.py generate_data`).

The data is made up but shaped like the real thing, so that lists, searches and exports
are measured against what offices will hold:

* For each 2025 province, its Party Organisation ("Đảng bộ tỉnh Nghệ An") and Party
  Committee ("Tỉnh ủy Nghệ An", "Thành ủy Hà Nội"). For as many communes and wards as the
  number of people needs: the commune's Party Organisation ("Đảng bộ phường X") under the
  province's, its party cells ("Chi bộ khu dân cư số k"), the executive committee its
  congress elected, its People's Council and People's Committee, and the Party
  Organisation of one pre-2025 commune it was formed from.
* The national ratio sets the size. About 5.5 million members in about 60,000 party
  organisations, cells included, is about 90 members per organisation; with about 20 cells
  to a commune that is about 1,800 members per commune (Thiên Hương has 1,535), so 5.5
  million members fill the country's 3,321 communes and wards.
* People with the spread of family, middle and given names of real lists; about 5 % typed
  with the other tone placement ("Thuỷ" for "Thủy") and 2 % in decomposed Unicode, then
  normalised as save() does (so the decomposed ones are stored composed).
* Memberships: everyone in a party cell; committees filled to 80–100 % of their seats; the
  chairs of the councils; past posts with end dates and reasons.
* Congresses for 2025–2030 (lần thứ I, as the 2025 reorganisation created the wards) and
  for 2020–2025 of the communes before it, with named delegates, speeches, indicators and
  follow-up tasks.

The same seed on an empty database gives the same rows, ids included: every random choice
comes from generators seeded by the seed (and a commune's code), identities (uid) are drawn
from them too, and no date depends on the clock.

Everything is written with bulk_create in one transaction, all or nothing. Bulk writes skip
save(), so each record's normalise() is called first, exactly as save() would. They also
skip django-simple-history's signals, which is intended: synthetic data is not an audited
change, and a history row per record would double what is written. Every record cites one
Source, "Dữ liệu giả lập (generate_data, seed S)", through bulk-inserted rows of its
many-to-many table.

Memory stays flat: organisations, resolutions and congresses (a few per commune) are written
first and kept as ids; people, and everything that names them, are then generated commune
by commune, cell by cell, and written in batches.
"""

import bisect
import datetime
import itertools
import math
import random
import re
import time
import unicodedata
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, reset_queries, transaction
from vietnam_provinces import Province, Ward

from records import vietnamese
from records.models import (
    AdministrativeUnit,
    LegalDocument,
    Membership,
    Organisation,
    Person,
    Source,
    UnitSuccession,
)
from records.models.documents import DocumentType
from records.models.organisations import OrganisationKind
from records.models.people import MembershipRole, PersonGender
from records.models.sources import SourceKind
from records.models.units import SuccessionPortion, UnitKind, UnitRegister
from records.units_register import load_units

from congress.models import (
    Attendance,
    AttendanceRole,
    Congress,
    Indicator,
    IndicatorDirection,
    IndicatorStatus,
    Speech,
    SpeechKind,
    Task,
    TaskStatus,
)

SOURCE_TITLE_PREFIX = "Dữ liệu giả lập (generate_data"
SYNTHETIC_NAMESPACE = uuid.UUID("0b6f2d8e-4a51-4c1e-9f0b-5d3c2a7e9b14")

# Sizes; see the module docstring for where they come from.
MEMBERS_PER_CELL = 90
CELLS_PER_COMMUNE = 20
MEMBERS_PER_COMMUNE = MEMBERS_PER_CELL * CELLS_PER_COMMUNE
# Enough people for an executive committee of 15 seats, its departures and the chairs.
MIN_MEMBERS_PER_COMMUNE = 20
COMMUNES_PER_WORKING_GROUP = 8
SEATS = (15, 35)
LEGACY_SEATS = (13, 21)
# A party organisation of up to this many members holds a congress of all its members.
ALL_MEMBER_CONGRESS_MAX = 150
MAX_DELEGATES = 200

# Rows are buffered per model and written this many at a time; bulk_create splits them
# further into statements the database accepts (999 parameters per statement on SQLite).
BATCH_SIZE = 5000

# The data describes the state on AS_OF, so that no date depends on when it was generated.
REORGANISED_ON = datetime.date(2025, 7, 1)
LEGACY_ENDED_ON = REORGANISED_ON - datetime.timedelta(days=1)
AS_OF = datetime.date(2026, 9, 30)
TERM = (2025, 2030)
LEGACY_TERM = (2020, 2025)

FEMALE_SHARE = 0.38
BLANK_GENDER_SHARE = 0.01
BLANK_BIRTH_YEAR_SHARE = 0.01
OTHER_TONE_PLACEMENT_SHARE = 0.05
DECOMPOSED_SHARE = 0.02
CELL_MOVE_SHARE = 0.03


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


# Texts #####################################################################

VENUES = [
    "Hội trường Trung tâm Chính trị {place}",
    "Hội trường Ủy ban nhân dân {place}",
    "Nhà văn hóa {place}",
    "Hội trường Đảng ủy {place}",
    "Trung tâm Văn hóa – Thể thao {place}",
]
SLOGANS = [
    "Đoàn kết – Dân chủ – Kỷ cương – Đột phá – Phát triển",
    "Đoàn kết – Dân chủ – Đổi mới – Sáng tạo – Phát triển",
    "Đoàn kết – Trách nhiệm – Đổi mới – Hành động – Phát triển",
    "Đoàn kết – Dân chủ – Kỷ cương – Sáng tạo – Hiệu quả",
]
# A commune with enough cells has these besides its residential ones.
AGENCY_CELLS = [
    "Chi bộ Cơ quan Đảng – Mặt trận – Đoàn thể",
    "Chi bộ Ủy ban nhân dân",
    "Chi bộ Công an",
    "Chi bộ Quân sự",
]
DISCUSSION_TOPICS = [
    "nâng cao chất lượng sinh hoạt chi bộ ở khu dân cư",
    "phát triển kinh tế tập thể, kinh tế hộ gia đình",
    "chuyển đổi số trong giải quyết thủ tục hành chính",
    "giữ gìn an ninh trật tự, xây dựng khu dân cư an toàn",
    "vận động nhân dân hiến đất làm đường giao thông",
    "xây dựng đô thị văn minh, sạch đẹp",
    "công tác phát triển đảng viên trong thanh niên",
    "phát huy vai trò của Mặt trận Tổ quốc và các đoàn thể",
    "nâng cao chất lượng giáo dục, đào tạo",
    "bảo vệ môi trường, thu gom, xử lý rác thải",
]


@dataclass(frozen=True)
class NumericIndicator:
    name: str
    unit: str
    direction: str
    low: float
    high: float
    decimals: int


NUMERIC_INDICATORS = [
    NumericIndicator("Tốc độ tăng trưởng giá trị sản xuất bình quân hằng năm", "%", "higher", 6, 10, 1),
    NumericIndicator("Thu ngân sách nhà nước trên địa bàn", "tỷ đồng", "higher", 40, 500, 1),
    NumericIndicator("Thu nhập bình quân đầu người", "triệu đồng/năm", "higher", 60, 120, 1),
    NumericIndicator("Tỷ lệ hộ nghèo", "%", "lower", 0.2, 3, 2),
    NumericIndicator("Số trường đạt chuẩn quốc gia mức độ 2", "trường", "higher", 2, 8, 0),
    NumericIndicator("Tỷ lệ người dân tham gia bảo hiểm y tế", "%", "higher", 90, 96, 1),
    NumericIndicator("Tỷ lệ hộ gia đình đạt danh hiệu gia đình văn hóa", "%", "higher", 85, 95, 1),
    NumericIndicator("Tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý", "%", "higher", 90, 98, 1),
    NumericIndicator("Tỷ lệ lao động qua đào tạo", "%", "higher", 65, 80, 1),
    NumericIndicator("Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi", "%", "lower", 5, 10, 1),
    NumericIndicator("Số đảng viên mới kết nạp", "đảng viên", "higher", 30, 120, 0),
    NumericIndicator("Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên", "%", "higher", 80, 92, 1),
    NumericIndicator("Tỷ lệ dân số sử dụng nước sạch", "%", "higher", 95, 99, 1),
    NumericIndicator("Số vụ tai nạn giao thông", "vụ", "lower", 5, 20, 0),
    NumericIndicator("Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn", "%", "higher", 95, 99, 1),
]
# (name, result in words, assessed status): results the report gives without numbers.
QUALITATIVE_INDICATORS = [
    ("Các chỉ tiêu về công tác xây dựng Đảng", "hoàn thành sớm, vượt mức", IndicatorStatus.EXCEEDED),
    (
        "Tỷ trọng các ngành thương mại, dịch vụ",
        "đều vượt chỉ tiêu so với Nghị quyết Đại hội đề ra",
        IndicatorStatus.EXCEEDED,
    ),
    ("Xây dựng chính quyền số", "cơ bản hoàn thành", IndicatorStatus.MET),
    ("Công tác quốc phòng, quân sự địa phương", "hoàn thành 100% chỉ tiêu giao quân", IndicatorStatus.MET),
    ("Chỉnh trang đô thị, hạ tầng giao thông", "chưa đạt so với kế hoạch", IndicatorStatus.NOT_MET),
    ("Phát triển văn hóa, xã hội", "", ""),
]
# (content, deliverable)
TASKS = [
    (
        "Cụ thể hóa Nghị quyết Đại hội thành các chương trình, kế hoạch hành động theo phương châm 6 rõ",
        "Chương trình hành động thực hiện Nghị quyết Đại hội",
    ),
    (
        "Khắc phục những tồn tại, hạn chế trong vận hành mô hình chính quyền địa phương hai cấp",
        "Báo cáo đánh giá, đề xuất giải pháp",
    ),
    (
        "Rà soát các quy hoạch có liên quan cho phù hợp với không gian phát triển mới",
        "Quy hoạch được điều chỉnh, phê duyệt",
    ),
    ("Chỉnh trang, lát lại vỉa hè các tuyến phố chính", "Biên bản nghiệm thu công trình"),
    ("Xây dựng Trung tâm phục vụ hành chính công đạt chuẩn", "Trung tâm đưa vào hoạt động"),
    ("Hoàn thành cứng hóa đường giao thông liên thôn, liên tổ dân phố", "Biên bản nghiệm thu công trình"),
    ("Xóa nhà tạm, nhà dột nát cho hộ nghèo, hộ cận nghèo", "Danh sách hộ được hỗ trợ, bàn giao nhà"),
    ("Số hóa hồ sơ đảng viên của Đảng bộ", "Cơ sở dữ liệu đảng viên"),
    ("Nâng cấp trạm y tế đạt chuẩn quốc gia", "Quyết định công nhận đạt chuẩn"),
    ("Xây dựng trường mầm non đạt chuẩn quốc gia mức độ 2", "Quyết định công nhận đạt chuẩn"),
    ("Nâng cao chất lượng sinh hoạt chi bộ khu dân cư", "Báo cáo sơ kết"),
    ("Giải phóng mặt bằng các dự án trọng điểm", "Mặt bằng sạch bàn giao cho chủ đầu tư"),
]
# Before AS_OF for some, so that open tasks among them are overdue.
TASK_DUE_DATES = [
    datetime.date(2025, 12, 31),
    datetime.date(2026, 6, 30),
    datetime.date(2026, 12, 31),
    datetime.date(2027, 6, 30),
    datetime.date(2027, 12, 31),
    datetime.date(2028, 12, 31),
    datetime.date(2030, 6, 30),
]
SIX_CLEAR_SHARE = 0.4
# The five parts of "6 rõ" besides the content, as Task attributes, and their blank values.
OPTIONAL_TASK_PARTS = {
    "owner_id": None,
    "responsible_organisation_id": None,
    "due_on": None,
    "deliverable": "",
    "approving_authority_id": None,
}
COMMITTEE_END_REASONS = [
    "Chuyển công tác",
    "Nghỉ hưu",
    "Từ trần",
    "Xin thôi tham gia cấp ủy vì lý do sức khỏe",
]


# Helpers ###################################################################


def new_uid(rng):
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def source_title(seed):
    return f"{SOURCE_TITLE_PREFIX}, seed {seed})"


def place_name(unit_name):
    """ "Tỉnh Nghệ An" -> "Nghệ An"; "Thành phố Hà Nội" -> "Hà Nội"."""
    for prefix in ("Thành phố ", "Tỉnh "):
        if unit_name.startswith(prefix):
            return unit_name[len(prefix) :]
    return unit_name


def in_sentence(unit_name):
    """A unit's name as it reads after another word: "Phường Thiên Hương" -> "phường Thiên Hương"."""
    for prefix in ("Thành phố", "Tỉnh", "Thị trấn", "Thị xã", "Phường", "Xã", "Đặc khu"):
        if unit_name.startswith(prefix + " "):
            return prefix.lower() + unit_name[len(prefix) :]
    return unit_name


def split(total, parts, rng, spread):
    """Split total into parts uneven sizes, each at least 1 when total allows."""
    floor = 1 if total >= parts else 0
    weights = [rng.uniform(1 - spread, 1 + spread) for _ in range(parts)]
    shares = [(total - floor * parts) * weight / sum(weights) for weight in weights]
    sizes = [floor + int(share) for share in shares]
    # The largest remainders take what rounding down left over.
    by_remainder = sorted(range(parts), key=lambda i: (int(shares[i]) - shares[i], i))
    for i in by_remainder[: total - sum(sizes)]:
        sizes[i] += 1
    return sizes


def random_date(rng, start, end):
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


class CannotGenerate(ValueError):
    """The request cannot be met; the message says why, in Vietnamese."""


class AlreadyGenerated(CannotGenerate):
    """The database already holds synthetic data."""

    def __init__(self, source):
        self.source = source
        people = Person.sources.through.objects.filter(source=source).count()
        super().__init__(
            f"Cơ sở dữ liệu này đã có dữ liệu giả lập (nguồn “{source.title}”, "
            f"{vietnamese.format_number(people)} người). "
            "generate_data không chạy chồng lên dữ liệu đã sinh, vì như thế số liệu sẽ không còn "
            "lặp lại được theo seed: hãy dùng một cơ sở dữ liệu mới (ví dụ "
            "DATABASE_URL=sqlite:////tmp/gen.sqlite3 manage.py migrate) hoặc xóa hết dữ liệu bằng "
            "manage.py flush rồi chạy lại."
        )


# Plan ######################################################################


@dataclass
class ProvincePlan:
    """A province, and once written, the ids of its organisations and its leaders."""

    unit_id: int
    name: str
    kind: str
    communes: list = field(default_factory=list)
    party: object = None
    committee: object = None
    office_cell: object = None
    working_groups: list = field(default_factory=list)
    # (person id, title) of each working group's leader, who directs its communes' congresses.
    group_leaders: list = field(default_factory=list)

    @property
    def committee_name(self):
        word = "Thành ủy" if self.kind == UnitKind.CITY else "Tỉnh ủy"
        return f"{word} {place_name(self.name)}"

    @property
    def working_group_count(self):
        return math.ceil(len(self.communes) / COMMUNES_PER_WORKING_GROUP)

    @property
    def leader_count(self):
        """The secretary, two deputies, and standing members enough to lead the working groups."""
        return 3 + min(15, max(5, self.working_group_count)) if self.communes else 0


@dataclass
class CommunePlan:
    """A commune or ward given a party organisation, and once written, the ids of its records."""

    unit_id: int
    code: str
    name: str
    province: ProvincePlan
    members: int = 0
    cell_sizes: list = field(default_factory=list)
    seats: int = 0
    working_group: int = 0
    legacy_unit: tuple | None = None  # (id, name) of a pre-2025 commune it was formed from
    party: object = None
    committee: object = None
    council: object = None
    people_committee: object = None
    cells: list = field(default_factory=list)  # [(id, name)]
    opened_on: datetime.date | None = None
    closed_on: datetime.date | None = None
    delegate_count: int = 0
    congress: object = None
    resolution: object = None
    legacy_party: object = None
    legacy_committee: object = None
    legacy_seats: int = 0
    legacy_opened_on: datetime.date | None = None
    legacy_closed_on: datetime.date | None = None

    @property
    def place(self):
        return in_sentence(self.name)

    @property
    def legacy_place(self):
        return in_sentence(self.legacy_unit[1])


def _pk(value):
    return value.pk if hasattr(value, "pk") else value


# Writing ###################################################################


class Writer:
    """Buffers records per model and writes them with bulk_create, each citing the source."""

    def __init__(self, source_id, batch_size=BATCH_SIZE):
        self.source_id = source_id
        self.batch_size = batch_size
        self.pending = defaultdict(list)
        self.counts = Counter()
        self.citations = 0

    def add(self, record):
        rows = self.pending[type(record)]
        rows.append(record)
        if len(rows) >= self.batch_size:
            self.flush(type(record))

    def save(self, records):
        """Write records now, so that their ids can be used, and return them."""
        for start in range(0, len(records), self.batch_size):
            self._write(type(records[0]), records[start : start + self.batch_size])
        return records

    def flush(self, model=None):
        for each in [model] if model else list(self.pending):
            rows, self.pending[each] = self.pending[each], []
            if rows:
                self._write(each, rows)

    def _write(self, model, rows):
        for row in rows:
            row.normalise()
        # SQLite (3.35 and later) and PostgreSQL both return the new ids from a bulk insert,
        # which the citations below and the records written next refer to.
        model.objects.bulk_create(rows, batch_size=self.batch_size)
        sources = model._meta.get_field("sources")
        through = sources.remote_field.through
        record_column = f"{sources.m2m_field_name()}_id"
        source_column = f"{sources.m2m_reverse_field_name()}_id"
        through.objects.bulk_create(
            [through(**{record_column: row.pk, source_column: self.source_id}) for row in rows],
            batch_size=self.batch_size,
        )
        self.counts[model] += len(rows)
        self.citations += len(rows)
        # In debug mode Django keeps the text of every query, with a million rows in them.
        reset_queries()


@dataclass
class GenerationReport:
    seed: int
    people: int
    units_loaded: bool
    counts: Counter
    citations: int
    communes: int
    elapsed: float
    source: Source


class Generator:
    """One run of generate_data. Use generate()."""

    def __init__(self, *, people, seed, communes=None, province=None, progress=None):
        self.people = people
        self.seed = seed
        self.communes_wanted = communes
        self.province = province  # a 2025 province code (int), or None for the whole country
        self.progress = progress or (lambda done, total: None)
        self.rng = random.Random(f"generate_data:{seed}")

    def run(self):
        started = time.perf_counter()
        previous = Source.objects.filter(
            kind=SourceKind.MANUAL, title__startswith=SOURCE_TITLE_PREFIX
        ).first()
        if previous is not None:
            raise AlreadyGenerated(previous)
        if not connection.features.can_return_rows_from_bulk_insert:
            raise CannotGenerate(
                "Cơ sở dữ liệu này không trả về mã của các dòng ghi hàng loạt; "
                "generate_data cần SQLite 3.35 trở lên hoặc PostgreSQL."
            )
        units_loaded = self.ensure_units()
        with transaction.atomic():
            source = Source(
                uid=uuid.uuid5(SYNTHETIC_NAMESPACE, f"source:{self.seed}"),
                kind=SourceKind.MANUAL,
                title=source_title(self.seed),
                text=(
                    f"Dữ liệu không có thật, sinh bởi manage.py generate_data --people {self.people} "
                    f"--seed {self.seed}, để thử tải và trình diễn."
                ),
            )
            source.normalise()
            Source.objects.bulk_create([source])
            writer = Writer(source.pk)
            provinces, communes = self.plan()
            self.write_organisations(writer, provinces, communes)
            self.write_congresses(writer, communes)
            done = 0
            for province in provinces:
                if province.communes:
                    self.write_province_leaders(writer, province)
                    done += province.leader_count
                for commune in province.communes:
                    self.write_commune(writer, commune)
                    done += commune.members
                    self.progress(done, self.people)
            writer.flush()
        return GenerationReport(
            seed=self.seed,
            people=self.people,
            units_loaded=units_loaded,
            counts=writer.counts,
            citations=writer.citations,
            communes=len(communes),
            elapsed=time.perf_counter() - started,
            source=source,
        )

    # Units and plan -----------------------------------------------------------

    def ensure_units(self):
        """Load the official units when the 2025 list (of the chosen province) is not all there."""
        provinces = [p for p in Province.iter_all() if self.province in (None, p.code.value)]
        wards = sum(1 for w in Ward.iter_all() if self.province in (None, w.province_code.value))
        current = AdministrativeUnit.objects.filter(register=UnitRegister.CURRENT)
        if self.province is not None:
            code = f"{self.province:02d}"
            current = current.filter(code=code) | current.filter(parent__code=code)
        if current.count() >= len(provinces) + wards:
            return False
        load_units(provinces=provinces if self.province is not None else None)
        return True

    def plan(self):
        provinces = AdministrativeUnit.objects.filter(
            register=UnitRegister.CURRENT, kind__in=AdministrativeUnit.PROVINCE_KINDS
        ).order_by("code")
        if self.province is not None:
            provinces = provinces.filter(code=f"{self.province:02d}")
        provinces = {
            pk: ProvincePlan(unit_id=pk, name=name, kind=kind)
            for pk, name, kind in provinces.values_list("id", "name", "kind")
        }
        # A commune that already has organisations (the seed article's ward) is left alone.
        taken = set(
            Organisation.objects.exclude(administrative_unit=None).values_list(
                "administrative_unit", flat=True
            )
        )
        available = [
            row
            for row in AdministrativeUnit.objects.filter(
                register=UnitRegister.CURRENT,
                kind__in=[UnitKind.WARD, UnitKind.COMMUNE, UnitKind.SPECIAL_ZONE],
                parent__in=list(provinces),
            )
            .order_by("code")
            .values_list("id", "code", "name", "parent")
            if row[0] not in taken
        ]
        wanted = self.communes_wanted
        if wanted is None:
            wanted = min(len(available), max(1, round(self.people / MEMBERS_PER_COMMUNE)))
        if not 1 <= wanted <= len(available):
            raise CannotGenerate(
                f"Cần {wanted} xã, phường chưa có tổ chức nào, nhưng chỉ còn {len(available)}."
            )
        communes = []
        for pk, code, name, parent in sorted(self.rng.sample(available, wanted), key=lambda row: row[1]):
            commune = CommunePlan(unit_id=pk, code=code, name=name, province=provinces[parent])
            commune.province.communes.append(commune)
            communes.append(commune)

        leaders = sum(province.leader_count for province in provinces.values())
        members = self.people - leaders
        if members < MIN_MEMBERS_PER_COMMUNE * wanted:
            raise CannotGenerate(
                f"Cần ít nhất {leaders + MIN_MEMBERS_PER_COMMUNE * wanted} người cho {wanted} xã, phường: "
                f"mỗi nơi ít nhất {MIN_MEMBERS_PER_COMMUNE} đảng viên, cộng {leaders} người của "
                "Tỉnh ủy, Thành ủy."
            )
        extra = split(members - MIN_MEMBERS_PER_COMMUNE * wanted, wanted, self.rng, spread=0.6)
        legacy = self.legacy_units(communes, taken)
        for commune, size in zip(communes, extra, strict=True):
            commune.members = MIN_MEMBERS_PER_COMMUNE + size
            cells = min(commune.members, max(1, round(commune.members / MEMBERS_PER_CELL)))
            commune.cell_sizes = split(commune.members, cells, self.rng, spread=0.5)
            # Thiên Hương: 27 seats for 1,535 members.
            seats = round(13 + commune.members / 120) + self.rng.randint(-3, 3)
            commune.seats = max(SEATS[0], min(SEATS[1], seats))
            commune.legacy_unit = legacy.get(commune.unit_id)
        for province in provinces.values():
            for index, commune in enumerate(province.communes):
                commune.working_group = index // COMMUNES_PER_WORKING_GROUP
        return list(provinces.values()), communes

    @staticmethod
    def legacy_units(communes, taken):
        """For each commune, a pre-2025 commune it was formed from (whole ones first), each used once."""
        successions = (
            UnitSuccession.objects.filter(successor__in=[commune.unit_id for commune in communes])
            .order_by("successor", "predecessor__code")
            .values_list("successor", "predecessor", "predecessor__name", "portion")
        )
        candidates = defaultdict(list)
        for successor, predecessor, name, portion in successions:
            candidates[successor].append((portion != SuccessionPortion.WHOLE, predecessor, name))
        chosen, used = {}, set(taken)
        for commune in communes:
            for _, predecessor, name in sorted(candidates[commune.unit_id]):
                if predecessor not in used:
                    used.add(predecessor)
                    chosen[commune.unit_id] = (predecessor, name)
                    break
        return chosen

    # Organisations, resolutions, congresses ----------------------------------------

    def organisation(self, **fields):
        return Organisation(uid=new_uid(self.rng), **fields)

    def write_organisations(self, writer, provinces, communes):
        """Write the organisation tree level by level, so that each level can point at its parents."""
        existing = {
            (unit, parent, name_key): pk
            for pk, unit, parent, name_key in Organisation.objects.filter(
                administrative_unit__in=[province.unit_id for province in provinces]
            ).values_list("id", "administrative_unit", "parent", "name_key")
        }

        def province_organisation(level, **fields):
            """A province's organisation: found again when an earlier load wrote it, else new."""
            record = self.organisation(**fields)
            record.normalise()
            found = existing.get((fields["administrative_unit_id"], fields.get("parent_id"), record.name_key))
            if found is None:
                level.append(record)
            return found or record

        level = []
        for province in provinces:
            province.party = province_organisation(
                level,
                name=f"Đảng bộ {in_sentence(province.name)}",
                kind=OrganisationKind.PARTY_ORGANISATION,
                administrative_unit_id=province.unit_id,
            )
        self.save_level(writer, level, provinces, communes)

        level = []
        for province in provinces:
            province.committee = province_organisation(
                level,
                name=province.committee_name,
                kind=OrganisationKind.PARTY_COMMITTEE,
                parent_id=province.party,
                administrative_unit_id=province.unit_id,
            )
            if province.communes:
                province.office_cell = province_organisation(
                    level,
                    name=f"Chi bộ Văn phòng {province.committee_name}",
                    kind=OrganisationKind.PARTY_CELL,
                    parent_id=province.party,
                    administrative_unit_id=province.unit_id,
                )
        for commune in communes:
            place = commune.place
            commune.party = self.organisation(
                name=f"Đảng bộ {place}",
                kind=OrganisationKind.PARTY_ORGANISATION,
                parent_id=commune.province.party,
                administrative_unit_id=commune.unit_id,
                founded_on=REORGANISED_ON,
            )
            commune.council = self.organisation(
                name=f"Hội đồng nhân dân {place}",
                short_name=f"HĐND {place}",
                kind=OrganisationKind.PEOPLES_COUNCIL,
                administrative_unit_id=commune.unit_id,
                founded_on=REORGANISED_ON,
            )
            commune.people_committee = self.organisation(
                name=f"Ủy ban nhân dân {place}",
                short_name=f"UBND {place}",
                kind=OrganisationKind.PEOPLES_COMMITTEE,
                administrative_unit_id=commune.unit_id,
                founded_on=REORGANISED_ON,
            )
            level += [commune.party, commune.council, commune.people_committee]
            if commune.legacy_unit:
                commune.legacy_party = self.organisation(
                    name=f"Đảng bộ {commune.legacy_place}",
                    kind=OrganisationKind.PARTY_ORGANISATION,
                    administrative_unit_id=commune.legacy_unit[0],
                    dissolved_on=LEGACY_ENDED_ON,
                )
                level.append(commune.legacy_party)
        self.save_level(writer, level, provinces, communes)

        level = []
        for province in provinces:
            for number in range(1, province.working_group_count + 1):
                province.working_groups.append(
                    province_organisation(
                        level,
                        name=f"Tổ công tác số {number} của {province.committee_name}",
                        kind=OrganisationKind.WORKING_GROUP,
                        parent_id=province.committee,
                        administrative_unit_id=province.unit_id,
                    )
                )
        for commune in communes:
            self.congress_dates(commune)
            commune.committee = self.organisation(
                name=f"Ban Chấp hành Đảng bộ {commune.place} khóa I, nhiệm kỳ {TERM[0]}–{TERM[1]}",
                kind=OrganisationKind.EXECUTIVE_COMMITTEE,
                parent_id=commune.party,
                administrative_unit_id=commune.unit_id,
                seat_count=commune.seats,
                founded_on=commune.closed_on,
            )
            level.append(commune.committee)
            names = [f"Chi bộ khu dân cư số {k}" for k in range(1, len(commune.cell_sizes) + 1)]
            if len(names) >= 2 * len(AGENCY_CELLS):
                names = AGENCY_CELLS + names[: -len(AGENCY_CELLS)]
            for name in names:
                cell = self.organisation(
                    name=name,
                    kind=OrganisationKind.PARTY_CELL,
                    parent_id=commune.party,
                    administrative_unit_id=commune.unit_id,
                    founded_on=REORGANISED_ON,
                )
                commune.cells.append((cell, name))
                level.append(cell)
            if commune.legacy_party:
                commune.legacy_seats = self.rng.randint(*LEGACY_SEATS)
                commune.legacy_committee = self.organisation(
                    name=(
                        f"Ban Chấp hành Đảng bộ {commune.legacy_place} "
                        f"nhiệm kỳ {LEGACY_TERM[0]}–{LEGACY_TERM[1]}"
                    ),
                    kind=OrganisationKind.EXECUTIVE_COMMITTEE,
                    parent_id=commune.legacy_party,
                    administrative_unit_id=commune.legacy_unit[0],
                    seat_count=commune.legacy_seats,
                    founded_on=commune.legacy_closed_on,
                    dissolved_on=LEGACY_ENDED_ON,
                )
                level.append(commune.legacy_committee)
        self.save_level(writer, level, provinces, communes)

    @staticmethod
    def save_level(writer, level, provinces, communes):
        """Write a level of organisations and put their ids in the plan in place of the records."""
        writer.save(level)
        for province in provinces:
            province.party = _pk(province.party)
            province.committee = _pk(province.committee)
            province.office_cell = _pk(province.office_cell)
            province.working_groups = [_pk(group) for group in province.working_groups]
        for commune in communes:
            for name in (
                "party",
                "council",
                "people_committee",
                "committee",
                "legacy_party",
                "legacy_committee",
            ):
                setattr(commune, name, _pk(getattr(commune, name)))
            commune.cells = [(_pk(cell), name) for cell, name in commune.cells]

    def congress_dates(self, commune):
        # The ward congresses of 2025 were held from late July to the end of August.
        commune.opened_on = random_date(self.rng, datetime.date(2025, 7, 20), datetime.date(2025, 8, 31))
        commune.closed_on = commune.opened_on + datetime.timedelta(days=self.rng.choice([0, 1, 1, 2]))
        if commune.legacy_unit:
            commune.legacy_opened_on = random_date(
                self.rng, datetime.date(2020, 5, 1), datetime.date(2020, 7, 15)
            )
            commune.legacy_closed_on = commune.legacy_opened_on + datetime.timedelta(
                days=self.rng.choice([0, 1, 2])
            )

    def write_congresses(self, writer, communes):
        resolutions = [
            LegalDocument(
                uid=new_uid(self.rng),
                symbol="01-NQ/ĐH",
                document_type=DocumentType.RESOLUTION,
                issuer_id=commune.party,
                issued_on=commune.closed_on,
                summary=f"Nghị quyết Đại hội Đảng bộ {commune.place} lần thứ I, nhiệm kỳ {TERM[0]}–{TERM[1]}",
            )
            for commune in communes
        ]
        writer.save(resolutions)
        congresses = []
        for commune, resolution in zip(communes, resolutions, strict=True):
            commune.resolution = resolution.pk
            if commune.members <= ALL_MEMBER_CONGRESS_MAX:
                commune.delegate_count = commune.members
            else:
                share = round(commune.members * self.rng.uniform(0.09, 0.14))
                commune.delegate_count = min(MAX_DELEGATES, max(ALL_MEMBER_CONGRESS_MAX, share))
            congresses.append(
                Congress(
                    uid=new_uid(self.rng),
                    organisation_id=commune.party,
                    ordinal=1,
                    term_start=TERM[0],
                    term_end=TERM[1],
                    opened_on=commune.opened_on,
                    closed_on=commune.closed_on,
                    venue=self.rng.choice(VENUES).format(place=commune.place),
                    slogan=self.rng.choice(SLOGANS),
                    delegate_count=commune.delegate_count,
                    members_represented=commune.members,
                    organisations_represented=len(commune.cells),
                    directing_body_id=commune.province.working_groups[commune.working_group],
                    executive_committee_id=commune.committee,
                    resolution_id=resolution.pk,
                )
            )
            if commune.legacy_unit:
                # The old commune's members: a share of the new one's, roughly.
                members = max(commune.legacy_seats, round(commune.members * self.rng.uniform(0.2, 0.5)))
                congresses.append(
                    Congress(
                        uid=new_uid(self.rng),
                        organisation_id=commune.legacy_party,
                        ordinal=self.rng.randint(18, 27),
                        term_start=LEGACY_TERM[0],
                        term_end=LEGACY_TERM[1],
                        opened_on=commune.legacy_opened_on,
                        closed_on=commune.legacy_closed_on,
                        venue=self.rng.choice(VENUES).format(place=commune.legacy_place),
                        slogan=self.rng.choice(SLOGANS),
                        delegate_count=min(members, self.rng.randint(80, 150)),
                        members_represented=members,
                        organisations_represented=max(1, round(members / 60)),
                        executive_committee_id=commune.legacy_committee,
                    )
                )
        writer.save(congresses)
        by_organisation = {congress.organisation_id: congress.pk for congress in congresses}
        for commune in communes:
            commune.congress = by_organisation[commune.party]

    # People, commune by commune ---------------------------------------------

    @staticmethod
    def person(rng, born=None):
        gender = PersonGender.FEMALE if rng.random() < FEMALE_SHARE else PersonGender.MALE
        name = typed_name(rng, gender)
        birth_year = rng.randint(*born) if born else pick(rng, BIRTH_YEAR_TABLE)
        return Person(
            uid=new_uid(rng),
            full_name=name,
            gender="" if rng.random() < BLANK_GENDER_SHARE else gender,
            birth_year=None if rng.random() < BLANK_BIRTH_YEAR_SHARE else birth_year,
        )

    @staticmethod
    def membership(rng, person, organisation, role, title, start_on, **fields):
        return Membership(
            uid=new_uid(rng),
            person_id=person,
            organisation_id=organisation,
            role=role,
            title=title,
            start_on=start_on,
            **fields,
        )

    def write_province_leaders(self, writer, province):
        rng = random.Random(f"generate_data:{self.seed}:province:{province.unit_id}")
        leaders = writer.save([self.person(rng, born=(1962, 1976)) for _ in range(province.leader_count)])
        committee = province.committee_name
        for index, leader in enumerate(leaders):
            writer.add(
                self.membership(
                    rng, leader.pk, province.office_cell, MembershipRole.MEMBER, "Đảng viên", REORGANISED_ON
                )
            )
            if index == 0:
                role, title = MembershipRole.SECRETARY, f"Bí thư {committee}"
            elif index < 3:
                role, title = MembershipRole.DEPUTY_SECRETARY, f"Phó Bí thư {committee}"
            else:
                role, title = MembershipRole.STANDING_MEMBER, f"Ủy viên Ban Thường vụ {committee}"
            writer.add(self.membership(rng, leader.pk, province.committee, role, title, REORGANISED_ON))
        standing = leaders[3:]
        for number, group in enumerate(province.working_groups, start=1):
            leader = standing[(number - 1) % len(standing)]
            title = f"Tổ trưởng Tổ công tác số {number} của {committee}"
            writer.add(
                self.membership(rng, leader.pk, group, MembershipRole.GROUP_LEADER, title, REORGANISED_ON)
            )
            province.group_leaders.append((leader.pk, f"Ủy viên Ban Thường vụ {committee}, {title}"))

    def write_commune(self, writer, commune):
        rng = random.Random(f"generate_data:{self.seed}:commune:{commune.code}")
        place, cells = commune.place, commune.cells
        party_committee = f"Đảng ủy {place}"

        # Members, cell by cell, each with a membership of their cell; a few moved in from
        # another cell of the commune. The first member who did not move is the cell's secretary.
        members = []  # (person id, birth year, cell index)
        secretaries = {}  # cell index -> person id
        for cell_index, size in enumerate(commune.cell_sizes):
            cell, cell_name = cells[cell_index]
            for person in writer.save([self.person(rng) for _ in range(size)]):
                members.append((person.pk, person.birth_year, cell_index))
                start_on, start_reason = REORGANISED_ON, ""
                if len(cells) > 1 and rng.random() < CELL_MOVE_SHARE:
                    old, old_name = cells[(cell_index + rng.randint(1, len(cells) - 1)) % len(cells)]
                    start_on = random_date(rng, datetime.date(2025, 9, 1), AS_OF)
                    start_reason = f"Chuyển sinh hoạt đảng từ {old_name}"
                    writer.add(
                        self.membership(
                            rng,
                            person.pk,
                            old,
                            MembershipRole.MEMBER,
                            f"Đảng viên {old_name}",
                            REORGANISED_ON,
                            end_on=start_on - datetime.timedelta(days=1),
                            end_reason=f"Chuyển sinh hoạt đảng đến {cell_name}",
                        )
                    )
                elif cell_index not in secretaries:
                    secretaries[cell_index] = person.pk
                    writer.add(
                        self.membership(
                            rng,
                            person.pk,
                            cell,
                            MembershipRole.SECRETARY,
                            f"Bí thư {cell_name}",
                            REORGANISED_ON,
                        )
                    )
                writer.add(
                    self.membership(
                        rng,
                        person.pk,
                        cell,
                        MembershipRole.MEMBER,
                        f"Đảng viên {cell_name}",
                        start_on,
                        start_reason=start_reason,
                    )
                )

        # The executive committee, from members of working age where there are enough, filled to
        # 80–100 % of its seats; up to two more were elected and have left since.
        candidates = [m[0] for m in members if m[1] and 1962 <= m[1] <= 1995]
        filled = rng.randint(math.ceil(commune.seats * 0.8), commune.seats)
        departed = rng.choice([0, 0, 0, 1, 1, 2])
        elected = rng.sample(candidates, min(len(candidates), filled + departed))
        if len(elected) < filled + departed:
            chosen = set(elected)
            elected += rng.sample(
                [m[0] for m in members if m[0] not in chosen], filled + departed - len(elected)
            )
        current = elected[:filled]
        deputies = 2 if filled >= 9 else 1
        standing = max(0, round(filled / 3) - 1 - deputies)
        secretary = current[0]
        deputy_ids = current[1 : 1 + deputies] or [secretary]
        standing_ids = current[1 + deputies : 1 + deputies + standing]
        ordinary = current[1 + deputies + standing :]
        posts = {}  # person id -> title in the committee
        for index, person in enumerate(elected):
            if index == 0:
                role, title = MembershipRole.SECRETARY, f"Bí thư {party_committee}"
            elif person in deputy_ids:
                role, title = MembershipRole.DEPUTY_SECRETARY, f"Phó Bí thư {party_committee}"
            elif person in standing_ids or (index >= filled and rng.random() < 0.3):
                role, title = MembershipRole.STANDING_MEMBER, f"Ủy viên Ban Thường vụ {party_committee}"
            else:
                role, title = MembershipRole.MEMBER, f"Ủy viên Ban Chấp hành Đảng bộ {place}"
            end = {}
            if index >= filled:
                end = {
                    "end_on": random_date(rng, commune.closed_on + datetime.timedelta(days=60), AS_OF),
                    "end_reason": rng.choice(COMMITTEE_END_REASONS),
                }
            writer.add(
                self.membership(
                    rng,
                    person,
                    commune.committee,
                    role,
                    title,
                    commune.closed_on,
                    start_reason=f"Được Đại hội Đảng bộ {place} lần thứ I bầu",
                    **end,
                )
            )
            posts[person] = title

        # As in most wards since 2025, the secretary chairs the People's Council and a deputy
        # the People's Committee.
        council, people_committee = f"HĐND {place}", f"UBND {place}"
        chairs = [
            (secretary, commune.council, MembershipRole.CHAIR, f"Chủ tịch {council}"),
            (deputy_ids[-1], commune.people_committee, MembershipRole.CHAIR, f"Chủ tịch {people_committee}"),
        ]
        for person in (standing_ids or ordinary or [secretary])[:1]:
            chairs.append((person, commune.council, MembershipRole.VICE_CHAIR, f"Phó Chủ tịch {council}"))
        for person in (ordinary or standing_ids or [secretary])[:2]:
            chairs.append(
                (
                    person,
                    commune.people_committee,
                    MembershipRole.VICE_CHAIR,
                    f"Phó Chủ tịch {people_committee}",
                )
            )
        for person, organisation, role, title in chairs:
            writer.add(
                self.membership(
                    rng,
                    person,
                    organisation,
                    role,
                    title,
                    REORGANISED_ON,
                    start_reason="Chỉ định khi thành lập đơn vị hành chính mới",
                )
            )

        # The committee of the pre-2025 commune: every post ended with the reorganisation.
        if commune.legacy_committee:
            legacy_place = commune.legacy_place
            pool = candidates if len(candidates) >= commune.legacy_seats else [m[0] for m in members]
            for index, person in enumerate(rng.sample(pool, min(len(pool), commune.legacy_seats))):
                if index == 0:
                    role, title = MembershipRole.SECRETARY, f"Bí thư Đảng ủy {legacy_place}"
                elif index <= 2:
                    role, title = MembershipRole.DEPUTY_SECRETARY, f"Phó Bí thư Đảng ủy {legacy_place}"
                elif index <= 5:
                    role, title = (
                        MembershipRole.STANDING_MEMBER,
                        f"Ủy viên Ban Thường vụ Đảng ủy {legacy_place}",
                    )
                else:
                    role, title = MembershipRole.MEMBER, f"Ủy viên Ban Chấp hành Đảng bộ {legacy_place}"
                writer.add(
                    self.membership(
                        rng,
                        person,
                        commune.legacy_committee,
                        role,
                        title,
                        commune.legacy_closed_on,
                        start_reason=f"Được Đại hội Đảng bộ {legacy_place} bầu",
                        end_on=LEGACY_ENDED_ON,
                        end_reason="Kết thúc hoạt động khi sắp xếp đơn vị hành chính",
                    )
                )

        cell_of = {person: cell_index for person, _, cell_index in members}
        others = [person for person, _, _ in members if person not in posts]
        self.write_attendance(
            writer, rng, commune, posts, others, cell_of, [secretary, *deputy_ids, *standing_ids]
        )
        self.write_speeches(writer, rng, commune, secretary, deputy_ids, secretaries, cell_of)
        self.write_indicators(writer, rng, commune)
        self.write_tasks(writer, rng, commune, list(posts))

    def write_attendance(self, writer, rng, commune, posts, others, cell_of, leaders):
        directing, directing_title = commune.province.group_leaders[commune.working_group]
        writer.add(
            Attendance(
                uid=new_uid(rng),
                congress_id=commune.congress,
                person_id=directing,
                role=AttendanceRole.DIRECTING,
                title=directing_title,
                organisation_id=commune.province.working_groups[commune.working_group],
            )
        )
        # The committee it elected were delegates, and so was a sample of the other members;
        # the leaders sat in the presidium.
        presidium = set(leaders[: rng.randint(5, 7)])
        wanted = round(commune.delegate_count * rng.uniform(0.3, 0.6))
        delegates = list(posts) + rng.sample(others, max(0, min(wanted, commune.delegate_count) - len(posts)))
        for person in delegates:
            cell, cell_name = commune.cells[cell_of[person]]
            writer.add(
                Attendance(
                    uid=new_uid(rng),
                    congress_id=commune.congress,
                    person_id=person,
                    role=AttendanceRole.PRESIDIUM if person in presidium else AttendanceRole.DELEGATE,
                    title=posts.get(person, f"Đảng viên {cell_name}"),
                    organisation_id=cell,
                )
            )

    def write_speeches(self, writer, rng, commune, secretary, deputy_ids, secretaries, cell_of):
        """3 to 8 speeches in programme order; for one congress in ten the order is not known."""
        place, party_committee = commune.place, f"Đảng ủy {commune.place}"
        directing, directing_title = commune.province.group_leaders[commune.working_group]
        count = rng.randint(3, 8)
        programme = [
            (
                SpeechKind.OPENING,
                deputy_ids[0],
                f"Phó Bí thư {party_committee}",
                f"Khai mạc Đại hội Đảng bộ {place} lần thứ I, nhiệm kỳ {TERM[0]}–{TERM[1]}.",
            ),
            (
                SpeechKind.POLITICAL_REPORT,
                secretary,
                f"Bí thư {party_committee}",
                "Trình bày Báo cáo chính trị: kết quả nhiệm kỳ qua; phương hướng, mục tiêu, "
                "nhiệm vụ nhiệm kỳ mới.",
            ),
        ]
        if count >= 4:
            programme.append(
                (
                    SpeechKind.DIRECTIVE,
                    directing,
                    directing_title,
                    "Ghi nhận kết quả Đảng bộ đã đạt được; đề nghị tập trung thực hiện các nhiệm vụ "
                    "trọng tâm của nhiệm kỳ.",
                )
            )
        discussions = count - len(programme) - (2 if count >= 5 else 1)
        speakers = [person for person in secretaries.values() if person != secretary] or [secretary]
        for topic in rng.sample(DISCUSSION_TOPICS, discussions):
            speaker = rng.choice(speakers)
            title = f"Bí thư {commune.cells[cell_of[speaker]][1]}"
            programme.append((SpeechKind.DISCUSSION, speaker, title, f"Tham luận về {topic}."))
        if count >= 5:
            programme.append(
                (
                    SpeechKind.ACCEPTANCE,
                    secretary,
                    f"Bí thư {party_committee} khóa I",
                    "Thay mặt Ban Chấp hành khóa mới tiếp thu ý kiến chỉ đạo, quyết tâm thực hiện "
                    "thắng lợi Nghị quyết Đại hội.",
                )
            )
        programme.append(
            (SpeechKind.CLOSING, deputy_ids[-1], f"Phó Bí thư {party_committee}", "Bế mạc Đại hội.")
        )
        order_known = rng.random() >= 0.1
        for order, (kind, speaker, title, summary) in enumerate(programme, start=1):
            caption = f"Đồng chí {title} phát biểu tại Đại hội." if rng.random() < 0.3 else ""
            writer.add(
                Speech(
                    uid=new_uid(rng),
                    congress_id=commune.congress,
                    speaker_id=speaker,
                    speaker_title=title,
                    kind=kind,
                    order=order if order_known else None,
                    summary=summary,
                    photo_caption=caption,
                )
            )

    def write_indicators(self, writer, rng, commune):
        """6 to 12 results of the term that ended, mostly numbers, some only in words."""
        count = rng.randint(6, 12)
        in_words = rng.randint(1, 3)
        for indicator in rng.sample(NUMERIC_INDICATORS, count - in_words):
            step = Decimal(1).scaleb(-indicator.decimals)
            target = Decimal(str(rng.uniform(indicator.low, indicator.high))).quantize(step)
            outcome = rng.choices(["exceeded", "met", "not_met"], weights=[5, 2, 2])[0]
            actual = target
            if outcome != "met":
                up = (outcome == "exceeded") == (indicator.direction == IndicatorDirection.HIGHER)
                factor = rng.uniform(1.03, 1.25) if up else rng.uniform(0.75, 0.97)
                actual = (target * Decimal(str(factor))).quantize(step)
                if indicator.unit == "%":
                    actual = min(actual, Decimal(100).quantize(step))
            period = (2021, 2025) if rng.random() < 0.7 else (None, None)
            writer.add(
                Indicator(
                    uid=new_uid(rng),
                    congress_id=commune.congress,
                    period_start=period[0],
                    period_end=period[1],
                    name=indicator.name,
                    unit=indicator.unit,
                    target=target,
                    actual=actual,
                    direction=indicator.direction,
                )
            )
        for name, result, status in rng.sample(QUALITATIVE_INDICATORS, in_words):
            writer.add(
                Indicator(
                    uid=new_uid(rng),
                    congress_id=commune.congress,
                    name=name,
                    result=result,
                    assessed_status=status,
                )
            )

    def write_tasks(self, writer, rng, commune, committee):
        """3 to 10 follow-up tasks: some "6 rõ", some missing parts, some overdue."""
        for content, deliverable in rng.sample(TASKS, rng.randint(3, 10)):
            parts = {
                "owner_id": rng.choice(committee),
                "responsible_organisation_id": rng.choice(
                    [commune.people_committee, commune.people_committee, commune.committee, commune.council]
                ),
                "due_on": rng.choice(TASK_DUE_DATES),
                "deliverable": deliverable,
                "approving_authority_id": rng.choice([commune.committee, commune.province.committee]),
            }
            if rng.random() >= SIX_CLEAR_SHARE:
                for missing in rng.sample(list(OPTIONAL_TASK_PARTS), rng.randint(1, 3)):
                    parts[missing] = OPTIONAL_TASK_PARTS[missing]
            status = rng.choices(
                [TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.DONE, TaskStatus.CANCELLED],
                weights=[30, 45, 20, 5],
            )[0]
            completed_on = None
            if status == TaskStatus.DONE:
                completed_on = random_date(rng, commune.closed_on + datetime.timedelta(days=30), AS_OF)
            writer.add(
                Task(
                    uid=new_uid(rng),
                    congress_id=commune.congress,
                    resolution_id=commune.resolution,
                    content=content,
                    status=status,
                    completed_on=completed_on,
                    **parts,
                )
            )


def generate(*, people, seed=0, communes=None, province=None, progress=None):
    """Generate synthetic records for the given number of people and return a GenerationReport.

    communes: how many communes get a party organisation (by default one per
    MEMBERS_PER_COMMUNE people); province: a 2025 province code to keep to one province.
    Raises CannotGenerate, with a Vietnamese message, when the request cannot be met.
    """
    return Generator(people=people, seed=seed, communes=communes, province=province, progress=progress).run()
