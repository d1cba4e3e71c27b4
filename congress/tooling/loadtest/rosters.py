"""The rosters clerks import during a load run: 200 new party members each, in the party cells of
the clerk's ward, as an xlsx in the layout of the memberships sheet.

Every name of a run is new to the database, and no two rows of a run share one, so that an
import's rows are found again by name afterwards (integrity.py) and no row is held up as a
possible duplicate of someone on file (records/duplicates.py compares names without
diacritics). A name is a family name the generator never gives, a syllable that marks the run,
and three syllables that count the rows of the run: "Khổng Bình An Chi Dung".

Of every five rosters (PLANS), three are imported as they should be, one carries an impossible
date at row BAD_ROW (refused at the preview, nothing written), and one is previewed twice and
both previews confirmed, so that the second confirmation finds the rows the first wrote and is
refused (its people were written after its preview). Rosters are dealt to the clerks in turn, so
that each clerk's first few cover every plan between them.
"""

import random
from dataclasses import asdict, dataclass

from records import vietnamese
from records.models import Person
from records.sheets.files.writing import write_xlsx

HEADERS = ["Họ và tên", "Năm sinh", "Giới tính", "Tổ chức", "Chức vụ", "Chức danh", "Từ ngày"]
ROWS = 200
START = "16/7/2025"
IMPOSSIBLE_DATE = "31/2/2025"
BAD_ROW = 150
PLANS = ["import", "twice", "bad", "import", "import"]

# Family names the generator never gives (tests/tooling/test_loadtest.py checks).
FAMILIES = ["Khổng", "Lã", "Mã", "Phó", "Từ", "Yên", "Hàn", "Hầu", "Ứng", "Cù",
            "Bế", "Diệp", "Sầm", "Thạch", "Tiêu", "Viên", "Bạch", "Lữ", "Giáp", "Văn"]  # fmt: skip
SYLLABLES = ["An", "Bình", "Chi", "Dung", "Giang", "Hà", "Hải", "Hạnh", "Hiền", "Hòa",
             "Hùng", "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Nga",
             "Ngọc", "Nhung", "Phong", "Phúc", "Phương", "Quân", "Quỳnh", "Sơn", "Tâm", "Thảo",
             "Thắng", "Thanh", "Thu", "Trang", "Trung", "Tú", "Tuấn", "Vân", "Việt", "Yến"]  # fmt: skip


@dataclass
class Roster:
    """One file a clerk imports, and what its import must do."""

    number: int
    file_name: str
    path: str
    names: list
    organisation: str
    # "import": previewed and confirmed; "bad": refused at the preview; "twice": previewed
    # twice, the first confirmation imports, the second is refused.
    plan: str

    def as_data(self):
        return asdict(self)


def run_tag():
    """(family name, syllable) that no person's name starts with: this run's names are new."""
    used = set()
    for full_name in Person.objects.filter(family_name__in=FAMILIES).values_list("full_name", flat=True):
        words = full_name.split()
        if len(words) > 1:
            used.add((words[0], words[1]))
    for family in FAMILIES:
        for syllable in SYLLABLES:
            if (family, syllable) not in used:
                return family, syllable
    raise RuntimeError("Every roster name tag is used: delete the imported load-test people.")


def roster_name(tag, index):
    base = len(SYLLABLES)
    digits = [SYLLABLES[(index // base**power) % base] for power in (2, 1, 0)]
    if index >= base**3:
        raise ValueError("too many roster rows in one run")
    return " ".join([*tag, *digits])


def write_rosters(folder, tag, clerk_cells, count, rows=ROWS, seed=0):
    """`count` rosters for each clerk ({clerk: [cell names]}), written to folder; {clerk: [Roster]}."""
    rng = random.Random(f"loadtest-rosters:{seed}")
    rosters = {clerk: [] for clerk in clerk_cells}
    clerks = list(clerk_cells)
    stem = vietnamese.search_key(" ".join(tag)).replace(" ", "-")
    for number in range(count * len(clerks)):
        clerk = clerks[number % len(clerks)]
        cells = clerk_cells[clerk]
        plan = PLANS[number % len(PLANS)]
        cell = cells[number % len(cells)]
        names = [roster_name(tag, number * rows + row) for row in range(rows)]
        table = []
        for row, name in enumerate(names, start=1):
            start = IMPOSSIBLE_DATE if plan == "bad" and row == min(BAD_ROW, rows) else START
            gender = rng.choice(["Nam", "Nữ"])
            table.append([name, rng.randint(1960, 2002), gender, cell, "Ủy viên", f"Đảng viên {cell}", start])
        file_name = f"danh-sach-dang-vien-{stem}-{number + 1:03d}.xlsx"
        path = folder / file_name
        path.write_bytes(write_xlsx(HEADERS, table, sheet_title="Danh sách đảng viên"))
        rosters[clerk].append(Roster(number + 1, file_name, str(path), names, cell, plan))
    return rosters
