"""The seed article as the reader reads it, and the source the clerk says it is.

The article states its ordinal and term only in its address, so the address goes with it, as
the review screen's "Địa chỉ bài báo" field and a header's "Địa chỉ:" line give it.
"""

from congress.reading.reader import read_report
from congress.reading.writing import SourceInfo
from tests.article_fixture_cases import ARTICLE_URL, article_text

SOURCE = SourceInfo(
    title="Đại hội Đảng bộ phường Thiên Hương lần thứ I, nhiệm kỳ 2025–2030",
    url=ARTICLE_URL,
    author="Quỳnh Nga (t/h)",
)


def seed_reading(text=None):
    """The real reader's reading of the article, given the address the clerk types beside it."""
    return read_report(article_text() if text is None else text, address=ARTICLE_URL)
