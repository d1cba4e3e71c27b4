"""The three documents drawn from a congress's records: the congress file itself, the report of
its results and the request for approval that go up to the higher committee.

Each is a content.Document: the heading of Hướng dẫn 36-HD/VPTW, then parts of sections built by
the functions of sections.py and personnel.py. The congress file's parts are those of Hướng dẫn
62-HD/VPTW (văn kiện; nhân sự; tổ chức và diễn biến đại hội).
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from records.vietnamese import roman

from . import personnel, sections
from .content import Citations, Document, Heading, Paragraph, Part, Section, Signature

# The congress file's table of contents: (part, [section builders]) in the order of 62-HD/VPTW.
CONGRESS_FILE = (
    (
        gettext_lazy("I. Văn kiện Đại hội"),
        (
            sections.political_report,
            sections.indicators,
            sections.resolution,
            sections.tasks,
            sections.documents,
        ),
    ),
    (
        gettext_lazy("II. Nhân sự"),
        (personnel.elections, personnel.appointments, personnel.committee, personnel.approval),
    ),
    (
        gettext_lazy("III. Tổ chức và diễn biến Đại hội"),
        (
            sections.general,
            sections.directing_and_guests,
            personnel.bodies,
            personnel.credentials,
            sections.speeches,
        ),
    ),
)


def place_and_date(records, on):
    """“Thiên Hương, ngày 7 tháng 12 năm 2026”: the unit's name without its kind, and the day."""
    unit = records.congress.organisation.administrative_unit
    place = ""
    if unit is not None:
        place = unit.name.removeprefix(unit.get_kind_display()).strip() or unit.name
    day = _("ngày %(day)s tháng %(month)s năm %(year)s") % {"day": on.day, "month": on.month, "year": on.year}
    return f"{place}, {day}" if place else day.capitalize()


def heading(records, on):
    committee = records.committee
    superior = records.superior
    issuer = committee.name if committee is not None else records.congress.organisation.name
    return Heading(
        superior=superior.name.upper() if superior is not None else "",
        issuer=issuer.upper(),
        place_and_date=place_and_date(records, on),
    )


def signature(records):
    committee = records.committee
    secretaries = getattr(committee, "secretaries", [])
    name = secretaries[0].person.full_name if secretaries else ""
    # "Đảng ủy phường Thiên Hương" signs as "T/M ĐẢNG ỦY": the committee's kind, not its place.
    body = " ".join(committee.name.split()[:2]).upper() if committee is not None else _("ĐẢNG ỦY")
    return Signature(on_behalf=_("T/M %(body)s") % {"body": body}, title=_("BÍ THƯ"), name=name)


def build(slug, kind, title, parts, records, on, recipient="", signed=False):
    citations = Citations()
    # A title of CONGRESS_FILE is lazy (module level): read in the language of the request.
    built = [
        Part(str(part), [section(records, citations) for section in builders]) for part, builders in parts
    ]
    return Document(
        slug=slug,
        heading=heading(records, on),
        kind=kind,
        title=title,
        parts=built,
        citations=citations,
        recipient=recipient,
        signature=signature(records) if signed else None,
    )


def today(on=None):
    return on or timezone.localdate()


def congress_file(records, on: datetime.date | None = None) -> Document:
    """The congress file (hồ sơ Đại hội), sections in the grouping of Hướng dẫn 62-HD/VPTW."""
    return build("ho-so", _("HỒ SƠ ĐẠI HỘI"), str(records.congress), CONGRESS_FILE, records, today(on))


def recipient(records):
    superior = records.superior
    return _("Kính gửi: %(superior)s") % {"superior": superior.name} if superior is not None else ""


def results_report(records, on: datetime.date | None = None) -> Document:
    """Báo cáo kết quả Đại hội: how it went, what it decided, whom it elected and their make-up."""
    congress = records.congress
    return build(
        "bao-cao-ket-qua",
        _("BÁO CÁO"),
        _("Kết quả %(congress)s") % {"congress": str(congress)},
        (
            (
                _("I. Tình hình tổ chức Đại hội"),
                (sections.general, sections.directing_and_guests, personnel.credentials),
            ),
            (_("II. Kết quả Đại hội"), (sections.resolution, sections.indicators, personnel.elections)),
            (_("III. Cơ cấu Ban Chấp hành khóa mới"), (personnel.committee, personnel.appointments)),
        ),
        records,
        today(on),
        recipient=recipient(records),
        signed=True,
    )


def request(records, citations):
    """The request itself: the committee asks the one above to approve the results."""
    congress = records.congress
    superior = records.superior
    text = _(
        "Căn cứ kết quả bầu cử tại Đại hội Đảng bộ %(organisation)s lần thứ %(ordinal)s, nhiệm kỳ "
        "%(term)s, kính đề nghị %(superior)s xem xét, chuẩn y kết quả bầu cử nêu trên."
    ) % {
        "organisation": congress.organisation.name.removeprefix("Đảng bộ ").strip(),
        "ordinal": roman(congress.ordinal),
        "term": congress.term,
        "superior": superior.name if superior is not None else _("cấp ủy cấp trên"),
    }
    return Section("de-nghi", _("Đề nghị"), [Paragraph(text, citations.cite(congress))])


def approval_request(records, on: datetime.date | None = None) -> Document:
    """Tờ trình đề nghị chuẩn y: the elected or appointed and their tallies, for approval."""
    return build(
        "to-trinh-chuan-y",
        _("TỜ TRÌNH"),
        _("Đề nghị chuẩn y kết quả bầu cử tại %(congress)s") % {"congress": str(records.congress)},
        (
            (_("I. Kết quả bầu cử"), (personnel.elections, personnel.appointments, personnel.committee)),
            (_("II. Đề nghị"), (request,)),
        ),
        records,
        today(on),
        recipient=recipient(records),
        signed=True,
    )


DOCUMENTS = {
    "ho-so": congress_file,
    "bao-cao-ket-qua": results_report,
    "to-trinh-chuan-y": approval_request,
}
