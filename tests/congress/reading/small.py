"""A small made-up report of a ward congress, the Reading the reader gives of it, and its ward.

`small_reading()` is what `read_report(TEXT)` gives, built by hand so that tests of the writer
and of query counts can vary it (more people, another area); a test in test_review_admin.py
checks that the two agree.
"""

from congress.reading.proposals import (
    CommitteeProposal,
    CongressProposal,
    CountsProposal,
    FigureProposal,
    PersonProposal,
    Reading,
    Span,
)
from congress.reading.writing import SourceInfo
from records.models.units import UnitKind
from tests.records.factories import AdministrativeUnitFactory

TEXT = (
    "Đảng bộ phường Tân Lạc khai mạc Đại hội lần thứ I, nhiệm kỳ 2025-2030, có 120 đại biểu dự.\n"
    "Bí thư Đảng ủy phường Tân Lạc Lê Văn An trình bày Báo cáo chính trị.\n"
    "Phường rộng 12,5 km2, dân số 30.100 người.\n"
    "Ban Chấp hành Đảng bộ phường Tân Lạc gồm 27 đồng chí.\n"
)
# The report with a guest too, for a clerk to untick.
WITH_GUEST = TEXT + "Đồng chí Trần Thị Bình, Chủ tịch HĐND phường cùng dự đại hội.\n"
SOURCE = SourceInfo(title="Đại hội Đảng bộ phường Tân Lạc", url="https://bao.example.vn/tan-lac")


def sentence(number):
    lines = TEXT.splitlines(keepends=True)
    start = sum(len(line) for line in lines[:number])
    return Span(start, start + len(lines[number].rstrip("\n")))


def ward():
    province = AdministrativeUnitFactory(name="Tỉnh Hòa Bình Mới", kind=UnitKind.PROVINCE, code="97")
    return AdministrativeUnitFactory(name="Phường Tân Lạc", parent=province)


def small_reading(people=(), area="12,5", delegates=120):
    return Reading(
        text=TEXT,
        congress=CongressProposal("Đảng bộ phường Tân Lạc", 1, 2025, 2030, span=sentence(0)),
        counts=CountsProposal(delegates=delegates, span=sentence(0)),
        people=[
            PersonProposal("Lê Văn An", "Bí thư Đảng ủy phường Tân Lạc", "speaking", sentence(1)),
            *people,
        ],
        figures=[
            FigureProposal("area", area, "km2", span=sentence(2)),
            FigureProposal("population", "30.100", "người", span=sentence(2)),
        ],
        committees=[CommitteeProposal("Ban Chấp hành Đảng bộ phường Tân Lạc", 27, sentence(3))],
    )
