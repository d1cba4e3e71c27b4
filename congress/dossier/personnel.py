"""The personnel sections of the congress file (Hướng dẫn 62-HD/VPTW's “nhân sự”), and the
congress bodies and credentials of its proceedings: today "chưa có", one function each.

The records of elections, appointments, congress bodies and credentials reports are being added
to the congress app (the elections issue). Each function below is where its records go in: read
them from `records.congress` (add their `Prefetch` to gather.CONGRESS_FILE_PREFETCH so that
the count of queries stays fixed), cite them through `citations.cite(record)`, and return
the same Section with facts and tables in place of the Missing. The table of contents, the
page, the PDF, the Word file and the two documents that go up pick them up from there.
"""

from django.utils.translation import gettext as _

from .content import Missing, Section


def elections(records, citations):
    """Each election: body, round, seats, ballots issued / valid / invalid, each candidate's
    votes and percentage against the base, elected or not, and its approval decision."""
    return Section(
        "bau-cu",
        _("Kết quả bầu cử"),
        [Missing(_("Biên bản kiểm phiếu, danh sách ứng cử, đề cử và số phiếu bầu"))],
    )


def appointments(records, citations):
    """Decisions appointing a committee (chỉ định), with the people and posts they name."""
    return Section(
        "chi-dinh",
        _("Quyết định chỉ định cấp ủy"),
        [Missing(_("Quyết định chỉ định và danh sách được chỉ định"))],
    )


def committee(records, citations):
    """The new committee's make-up: women, under 40, re-elected, first time, with percentages."""
    return Section(
        "ban-chap-hanh-khoa-moi",
        _("Cơ cấu Ban Chấp hành khóa mới"),
        [Missing(_("Danh sách và cơ cấu Ban Chấp hành khóa mới (nữ, dưới 40 tuổi, tái cử, lần đầu)"))],
    )


def approval(records, citations):
    """The request for approval sent up and the higher committee's decision (chuẩn y)."""
    return Section(
        "chuan-y",
        _("Tờ trình và quyết định chuẩn y"),
        [Missing(_("Quyết định chuẩn y kết quả bầu cử của cấp ủy cấp trên"))],
    )


def bodies(records, citations):
    """The presidium, secretariat, credentials and vote-counting committees, and who sat on them."""
    return Section(
        "co-quan-giup-viec",
        _("Đoàn Chủ tịch, Đoàn Thư ký, Ban Thẩm tra tư cách đại biểu, Ban Kiểm phiếu"),
        [Missing(_("Danh sách các cơ quan điều hành và giúp việc Đại hội"))],
    )


def credentials(records, citations):
    """The credentials report: delegates convened by kind, present, absent with reason, make-up."""
    return Section(
        "tham-tra-tu-cach",
        _("Báo cáo thẩm tra tư cách đại biểu"),
        [Missing(_("Báo cáo thẩm tra tư cách đại biểu (triệu tập, có mặt, vắng mặt và lý do)"))],
    )
