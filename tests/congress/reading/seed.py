"""The seed article's Reading, built by hand from what the article states (and its address).

It stands in for `congress.reading.reader.read_report(article_text())` until the reader is
merged: `seed_reading()` is the one place to swap. Every value is the article's as written;
the spans are those of the sentences the values come from.
"""

import datetime as dt

from congress.reading.proposals import (
    CommitteeProposal,
    CongressProposal,
    CountsProposal,
    DocumentProposal,
    FigureProposal,
    IndicatorProposal,
    PersonProposal,
    Reading,
    Span,
    TaskProposal,
)
from congress.reading.writing import SourceInfo
from tests.article_fixture_cases import ARTICLE_URL, article_text

SOURCE = SourceInfo(
    title="Đại hội Đảng bộ phường Thiên Hương lần thứ I, nhiệm kỳ 2025–2030",
    url=ARTICLE_URL,
    author="Quỳnh Nga (t/h)",
)


def span(text, words, after=0):
    """The span of the first occurrence of `words` in the text (from `after`)."""
    start = text.index(words, after)
    return Span(start, start + len(words))


def line(text, starting):
    """The span of the first line that starts with `starting`."""
    start = text.index(starting)
    end = text.find("\n", start)
    return Span(start, len(text) if end < 0 else end)


def seed_reading(text=None):
    text = article_text() if text is None else text
    directed = line(text, "Dự Đại hội có đồng chí")
    founded = span(text, "Phường Thiên Hương được thành lập")
    founded = Span(founded.start, text.index("45.140 người.") + len("45.140 người."))
    results = line(text, "Trong nhiệm kỳ qua")
    directive = [line(text, "Ghi nhận, biểu dương"), line(text, "Thực hiện phương thức"), line(text, "Ngay sau Đại hội")]
    summary = "\n\n".join(text[s.start : s.end].strip() for s in directive)
    tasks = directive[2]
    return Reading(
        text=text,
        # The ordinal and the term are the address's: the text does not state them.
        congress=CongressProposal(
            organisation="Đảng bộ phường Thiên Hương", ordinal=1, term_start=2025, term_end=2030, span=directed
        ),
        counts=CountsProposal(delegates=186, members=1535, organisations=55, span=directed),
        people=[
            PersonProposal(
                "Vương Toàn Thu Thủy",
                "Bí thư Đảng ủy - Chủ tịch HĐND phường Thiên Hương",
                "speaking",
                line(text, "Đồng chí Vương Toàn Thu Thủy"),
            ),
            PersonProposal(
                "Nguyễn Văn Phú",
                "Ủy viên Ban Thường vụ Thành ủy, Hiệu trưởng Trường Chính trị Tô Hiệu, "
                "Tổ trưởng Tổ công tác số 11 của Thành ủy",
                "directing",
                directed,
            ),
            PersonProposal(
                "Nguyễn Công Diễn",
                "Phó Bí thư Đảng ủy - Chủ tịch UBND phường Thiên Hương",
                "speaking",
                line(text, "Đồng chí Nguyễn Công Diễn"),
            ),
            PersonProposal(
                "Nguyễn Văn Phú",
                "Ủy viên Ban Thường vụ Thành ủy, Hiệu trưởng Trường Chính trị Tô Hiệu",
                "speaking",
                line(text, "Đồng chí Nguyễn Văn Phú"),
                summary=summary,
            ),
            PersonProposal("Tô Lâm", "Tổng Bí thư", "", span(text, "đồng chí Tổng Bí thư Tô Lâm")),
            PersonProposal("Hồ Chí Minh", "", "", span(text, "phong cách Hồ Chí Minh")),
        ],
        documents=[
            DocumentProposal(
                "1669/NQ-UBTVQH15",
                dt.date(2025, 6, 16),
                founded,
                kind="Nghị quyết",
                issuer="Ủy ban Thường vụ Quốc hội",
                summary="sắp xếp đơn vị hành chính cấp xã",
            ),
            DocumentProposal(
                "68", None, span(text, "Khuyến khích, hỗ trợ"), kind="Nghị quyết", issuer="Bộ Chính trị"
            ),
            DocumentProposal(
                "18", None, span(text, "theo tinh thần Nghị quyết số 18 của Thành ủy"), kind="Nghị quyết",
                issuer="Thành ủy",
            ),
        ],
        figures=[
            FigureProposal("area", "21,1", "km2", span=founded),
            FigureProposal("population", "45.140", "người", span=founded),
        ],
        committees=[
            CommitteeProposal(
                "Ban Chấp hành Đảng bộ phường Thiên Hương", 27, line(text, "Ra mắt Ban Chấp hành")
            )
        ],
        indicators=[
            IndicatorProposal(
                "4/4 phường đều hoàn thành về đích xây dựng nông thôn mới kiểu mẫu trước năm 2025", 4, 4,
                results, name="Phường hoàn thành về đích xây dựng nông thôn mới kiểu mẫu trước năm 2025",
                unit="phường", target="4", actual="4",
            ),
            IndicatorProposal(
                "thu ngân sách đã hoàn thành đạt 100% chỉ tiêu", None, None, results,
                name="Thu ngân sách nhà nước", unit="%", target="100", actual="100",
                result="đạt 100% chỉ tiêu tổng thu ngân sách nhà nước giai đoạn 2021-2025",
                period_start=2021, period_end=2025,
            ),
            IndicatorProposal(
                "tỷ lệ hộ nghèo giảm còn 0% vượt chỉ tiêu (0,2%)", None, None, results,
                name="Tỷ lệ hộ nghèo", unit="%", target="0,2", actual="0", direction="lower",
            ),
            IndicatorProposal(
                "trường đạt chuẩn quốc gia mức độ 2 đạt 5/4 trường", 5, 4, results,
                name="Trường đạt chuẩn quốc gia mức độ 2", unit="trường", target="4", actual="5",
            ),
            IndicatorProposal(
                "hoàn thành sớm, vượt mức các chỉ tiêu về công tác xây dựng Đảng", None, None, results,
                name="Các chỉ tiêu về công tác xây dựng Đảng", result="hoàn thành sớm, vượt mức",
                status="exceeded",
            ),
            IndicatorProposal(
                "tỷ trọng các ngành tiểu thủ công nghiệp, thương mại và dịch vụ đều vượt chỉ tiêu", None, None,
                results, name="Tỷ trọng các ngành tiểu thủ công nghiệp, thương mại và dịch vụ",
                result="đều vượt chỉ tiêu so với Nghị quyết Đại hội đề ra", status="exceeded",
            ),
        ],
        tasks=[
            TaskProposal(
                "Cụ thể hoá nghị quyết của Đại hội thành các chương trình, kế hoạch hành động theo phương châm 6 rõ",
                tasks, deliverable="Các chương trình, kế hoạch hành động", responsible="cấp uỷ khoá mới",
            ),
            TaskProposal(
                "Khắc phục những tồn tại, hạn chế phát sinh trong quá trình vận hành mô hình chính quyền địa phương 2 cấp",
                tasks, responsible="cấp uỷ khoá mới",
            ),
            TaskProposal(
                "Rà soát lại các quy hoạch có liên quan để phù hợp với không gian và bối cảnh phát triển mới",
                tasks, responsible="cấp uỷ khoá mới",
            ),
        ],
    )
