"""The sections of the congress file that today's records fill, one function each.

Each function takes the congress's records (gather.CongressRecords) and the document's
Citations, and returns a Section: what the records hold, footnoted to its sources, and
"chưa có" (content.Missing) in the place of whatever they lack. None of them queries the
database beyond what gather.py reads once.
"""

from django.utils.translation import gettext as _

from records.vietnamese import format_date, format_number, roman

from ..charts import ResultsChart
from ..models import IndicatorStatus, SpeechKind
from .content import Fact, Figure, Missing, Paragraph, Row, Section, Table


def number(value):
    return None if value is None else format_number(value)


def quantity(value, unit):
    if value is None:
        return "—"
    return f"{format_number(value)} {unit}".strip()


def date(value):
    return format_date(value) if value else None


def person_name(person):
    return person.full_name if person is not None else ""


def committee_seats(congress):
    """“recorded / seats” of the elected committee, as the congress page shows it."""
    committee = congress.executive_committee
    if committee is None:
        return None
    recorded = format_number(congress.committee_recorded or 0)
    return f"{recorded} / {format_number(committee.seat_count)}" if committee.seat_count else recorded


# Part III: the congress and how it went ####################################


def general(records, citations):
    congress = records.congress
    organisation = congress.organisation
    unit = organisation.administrative_unit
    cited = citations.cite(congress)
    dates = date(congress.opened_on)
    if dates and congress.closed_on and congress.closed_on != congress.opened_on:
        dates = f"{dates} – {date(congress.closed_on)}"
    unit_text = None
    if unit is not None:
        unit_text = unit.name
        if unit.code:
            unit_text = _("%(name)s (mã %(code)s)") % {"name": unit.name, "code": unit.code}
    return Section(
        "thong-tin-chung",
        _("Thông tin chung về Đại hội"),
        [
            Fact(_("Đại hội"), str(congress), cited),
            Fact(_("Đảng bộ"), organisation.name, citations.cite(organisation)),
            Fact(_("Địa bàn"), unit_text, citations.cite(unit)),
            Fact(_("Lần thứ"), roman(congress.ordinal), cited),
            Fact(_("Nhiệm kỳ"), congress.term, cited),
            Fact(_("Thời gian"), dates, cited if dates else ()),
            Fact(_("Địa điểm"), congress.venue, cited if congress.venue else ()),
            Fact(_("Khẩu hiệu hành động"), congress.slogan, cited if congress.slogan else ()),
            Fact(_("Số đại biểu chính thức"), number(congress.delegate_count), cited),
            Fact(_("Số đảng viên được đại diện"), number(congress.members_represented), cited),
            Fact(
                _("Số tổ chức đảng trực thuộc được đại diện"),
                number(congress.organisations_represented),
                cited,
            ),
            Fact(
                _("Ban Chấp hành: đã ghi nhận / số ủy viên"),
                committee_seats(congress),
                citations.cite(congress.executive_committee),
            ),
        ],
    )


def directing_and_guests(records, citations):
    congress = records.congress
    blocks = []
    body = congress.directing_body
    blocks.append(Fact(_("Cơ quan chỉ đạo"), body.name if body else None, citations.cite(body)))
    attendances = records.directing + records.guests
    if attendances:
        blocks.append(
            Table(
                (_("Họ và tên"), _("Tư cách"), _("Chức danh khi dự")),
                tuple(
                    Row(
                        (a.person.full_name, a.get_role_display(), a.title or "—"),
                        citations.cite(a),
                    )
                    for a in attendances
                ),
            )
        )
    else:
        blocks.append(Missing(_("Danh sách đại biểu chỉ đạo và khách mời")))
    if not records.guests:
        blocks.append(Missing(_("Danh sách khách mời, Đoàn Chủ tịch và đại biểu chính thức")))
    return Section("chi-dao", _("Chỉ đạo Đại hội và khách mời"), blocks)


def speeches(records, citations):
    blocks = []
    listed = records.speeches
    for index, speech in enumerate(listed, start=1):
        who = ", ".join(part for part in (person_name(speech.speaker), speech.speaker_title) if part)
        heading = f"{speech.order or index}. {speech.get_kind_display()}"
        if who:
            heading = f"{heading} — {who}"
        blocks.append(Paragraph(heading, citations.cite(speech), emphasis=True))
        if speech.summary:
            blocks.append(Paragraph(speech.summary))
    if not listed:
        blocks.append(Missing(_("Các bài phát biểu")))
    elif listed[0].order is None:
        blocks.append(
            Paragraph(_("Nguồn không cho biết thứ tự phát biểu; các bài được xếp theo thứ tự ghi nhận."))
        )
    if not any(s.kind == SpeechKind.OPENING for s in listed):
        blocks.append(Missing(_("Diễn văn khai mạc")))
    if not any(s.kind == SpeechKind.CLOSING for s in listed):
        blocks.append(Missing(_("Diễn văn bế mạc")))
    return Section("phat-bieu", _("Diễn biến Đại hội: các bài phát biểu theo thứ tự"), blocks)


# Part I: the documents ####################################################


def political_report(records, citations):
    reports = [s for s in records.speeches if s.kind == SpeechKind.POLITICAL_REPORT]
    blocks = []
    for report in reports:
        who = ", ".join(part for part in (person_name(report.speaker), report.speaker_title) if part)
        blocks.append(Paragraph(who or _("Không rõ người trình bày"), citations.cite(report), emphasis=True))
        if report.summary:
            blocks.append(Paragraph(report.summary))
    if not reports:
        blocks.append(Missing(_("Báo cáo chính trị trình Đại hội")))
    return Section("bao-cao-chinh-tri", _("Báo cáo chính trị"), blocks)


def indicators(records, citations):
    listed = records.indicators
    if not listed:
        return Section(
            "chi-tieu", _("Kết quả thực hiện các chỉ tiêu nhiệm kỳ trước"), [Missing(_("Các chỉ tiêu"))]
        )
    met = sum(1 for i in listed if i.status in (IndicatorStatus.MET, IndicatorStatus.EXCEEDED))
    blocks = [Fact(_("Chỉ tiêu đạt và vượt / tổng số"), f"{met} / {len(listed)}")]
    chart = ResultsChart(listed)
    if chart.measured:
        caption = _("Kết quả thực hiện các chỉ tiêu so với kế hoạch")
        blocks.append(Figure(chart.svg(), caption, tuple(chart.legend()), tuple(chart.bars())))
    blocks.append(
        Table(
            (_("Chỉ tiêu"), _("Giai đoạn"), _("Kế hoạch"), _("Thực hiện"), _("Tỷ lệ đạt"), _("Đánh giá")),
            tuple(
                Row(
                    (
                        i.name,
                        i.period or "—",
                        quantity(i.target, i.unit),
                        quantity(i.actual, i.unit),
                        f"{format_number(i.achievement)} %" if i.achievement is not None else "—",
                        f"{i.get_status_display()}: {i.result}" if i.result else i.get_status_display(),
                    ),
                    citations.cite(i),
                )
                for i in listed
            ),
            numeric=frozenset({2, 3, 4}),
        )
    )
    return Section("chi-tieu", _("Kết quả thực hiện các chỉ tiêu nhiệm kỳ trước"), blocks)


def resolution(records, citations):
    document = records.congress.resolution
    if document is None:
        return Section("nghi-quyet", _("Nghị quyết Đại hội"), [Missing(_("Nghị quyết Đại hội"))])
    cited = citations.cite(document)
    return Section(
        "nghi-quyet",
        _("Nghị quyết Đại hội"),
        [
            Fact(_("Văn bản"), str(document), cited),
            Fact(_("Số ký hiệu"), document.symbol, cited if document.symbol else ()),
            Fact(_("Ngày ban hành"), date(document.issued_on), cited if document.issued_on else ()),
            Fact(_("Trích yếu"), document.summary, cited if document.summary else ()),
        ],
    )


def tasks(records, citations):
    listed = records.tasks
    title = _("Chương trình hành động: nhiệm vụ thực hiện Nghị quyết (6 rõ)")
    if not listed:
        return Section("nhiem-vu", title, [Missing(_("Các nhiệm vụ thực hiện Nghị quyết"))])
    clear = sum(1 for task in listed if task.is_six_clear)
    rows = []
    for task in listed:
        organisation = task.responsible_organisation
        who = [person_name(task.owner), organisation.name if organisation else ""]
        when_what = [date(task.due_on) or "", task.deliverable]
        missing = task.missing_clarity
        six = _("Đủ 6 rõ") if not missing else _("Chưa đủ 6 rõ; thiếu: %(missing)s") % {
            "missing": ", ".join(str(label) for label in missing)
        }
        rows.append(
            Row(
                (
                    task.content,
                    "; ".join(part for part in who if part) or "—",
                    "; ".join(part for part in when_what if part) or "—",
                    task.get_status_display(),
                    six,
                ),
                citations.cite(task),
            )
        )
    return Section(
        "nhiem-vu",
        title,
        [
            Fact(_("Nhiệm vụ đủ 6 rõ / tổng số"), f"{clear} / {len(listed)}"),
            Table(
                (
                    _("Nội dung (rõ việc)"),
                    _("Người, cơ quan thực hiện"),
                    _("Thời hạn, sản phẩm"),
                    _("Trạng thái"),
                    _("6 rõ"),
                ),
                tuple(rows),
            ),
        ],
    )


def documents(records, citations):
    listed = records.documents
    title = _("Các văn bản được dẫn")
    if not listed:
        return Section("van-ban", title, [Missing(_("Văn bản được dẫn"))])
    return Section(
        "van-ban",
        title,
        [
            Table(
                (_("Văn bản"), _("Cơ quan ban hành"), _("Ngày ban hành"), _("Trích yếu")),
                tuple(
                    Row(
                        (
                            str(document),
                            document.issuer.name if document.issuer else "—",
                            date(document.issued_on) or "—",
                            document.summary or "—",
                        ),
                        citations.cite(document),
                    )
                    for document in listed
                ),
            )
        ],
    )
