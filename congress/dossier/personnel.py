"""The personnel sections of the congress file (Hướng dẫn 62-HD/VPTW's “nhân sự”), and the
congress bodies and credentials of its proceedings, one function each.

Each reads what gather.py prefetched (elections with their candidates, appointment decisions with
their posts, the congress bodies with their members, the credentials report, the new committee's
current posts marked re-elected), so none of them queries the database; each fact cites the
sources of the record it came from, and what the records lack stays "chưa có" in its place.

Percentages are always printed with their base: an election's is the one its tally sheet states
(delegates convened or valid ballots), the committee's make-up is of its recorded members, the
delegates' make-up of the official delegates convened.
"""

from django.utils.translation import gettext as _

from records.models.people import MembershipRole, PersonGender
from records.vietnamese import format_number

from .. import committees
from ..models import CongressBodyKind
from .content import Fact, Missing, Paragraph, Row, Section, Table
from .sections import committee_seats, date, number

ROLE_ORDER = {role: index for index, role in enumerate(MembershipRole.values)}


def percent(value, places):
    return "—" if value is None else f"{format_number(value, places)} %"


def pair(first, second):
    """“186 / 185”, or None (chưa có) while either is unknown."""
    if first is None or second is None:
        return None
    return f"{format_number(first)} / {format_number(second)}"


def tally_problems(election):
    """What the tally sheet breaks: by its own numbers, each candidate's against them, and all
    the candidates' against the seats (the rules of Election and Candidate)."""
    candidates = list(election.candidates.all())
    problems = [message for field, message in election.sheet_errors()]
    for candidate in candidates:
        problems.extend(str(message) for field, message in candidate.tally_errors(election))
    return problems + [str(message) for message in election.tally_errors(candidates)]


def tally_checks(election):
    """True when the tally adds up (and is no draft): what a higher committee approves, and what
    Election.objects.checked() asks of the database."""
    return not election.draft and not tally_problems(election)


# Part II: personnel #######################################################


def elections(records, citations):
    """Each election: body, round, seats, ballots issued / valid / invalid, each candidate's
    votes and percentage against the stated base, elected or not, and whether the sheet adds up."""
    listed = records.elections
    title = _("Kết quả bầu cử")
    if not listed:
        return Section(
            "bau-cu", title, [Missing(_("Biên bản kiểm phiếu, danh sách ứng cử, đề cử và số phiếu bầu"))]
        )
    blocks = []
    for election in listed:
        cited = citations.cite(election)
        candidates = list(election.candidates.all())
        elected = sum(1 for candidate in candidates if candidate.elected)
        base = election.base_count
        blocks.append(Paragraph(str(election), cited, emphasis=True))
        blocks.extend(
            [
                Fact(_("Số lượng Đại hội quyết định bầu"), number(election.seats_decided), cited),
                Fact(_("Số đại biểu chính thức được triệu tập"), number(election.delegates_convened), cited),
                Fact(
                    _("Phiếu phát ra / thu vào"),
                    pair(election.ballots_issued, election.ballots_received),
                    cited,
                ),
                Fact(
                    _("Phiếu hợp lệ / không hợp lệ"),
                    pair(election.ballots_valid, election.ballots_invalid),
                    cited,
                ),
                Fact(
                    _("Tỷ lệ phiếu tính trên"),
                    None
                    if base is None
                    else f"{election.get_percentage_base_display()} ({format_number(base)})",
                    cited,
                ),
            ]
        )
        if candidates:
            blocks.append(Fact(_("Số người trúng cử / số ứng cử"), f"{elected} / {len(candidates)}", cited))
        if tally_checks(election):
            check = _("Số liệu khớp")
        else:
            problems = " ".join(tally_problems(election)) or _("được đánh dấu không khớp")
            label = _("Số liệu không khớp (bản nháp)") if election.draft else _("Số liệu không khớp")
            check = f"{label}: {problems}"
        blocks.append(Fact(_("Kiểm tra biên bản"), check, cited))
        if not candidates:
            blocks.append(Missing(_("Danh sách ứng cử và số phiếu: %(election)s") % {"election": election}))
            continue
        blocks.append(
            Table(
                # A short header: the base is the fact just above (a long one overruns the column in print).
                (_("Họ và tên"), _("Hình thức giới thiệu"), _("Số phiếu"), _("Tỷ lệ"), _("Kết quả")),
                tuple(
                    Row(
                        (
                            candidate.person.full_name,
                            candidate.get_nomination_display(),
                            number(candidate.votes) or "—",
                            percent(election.percentage(candidate.votes), 2),
                            _("Trúng cử") if candidate.elected else _("Không trúng cử"),
                        ),
                        citations.cite(candidate),
                    )
                    for candidate in candidates
                ),
                numeric=frozenset({2, 3}),
            )
        )
    return Section("bau-cu", title, blocks)


def appointments(records, citations):
    """Decisions appointing a committee (chỉ định), with the people and posts they name."""
    listed = records.appointments
    title = _("Quyết định chỉ định cấp ủy")
    if not listed:
        if records.elections:
            # An elected committee needs no appointment: nothing is missing, nothing is invented.
            return Section(
                "chi-dinh",
                title,
                [Paragraph(_("Không ghi nhận quyết định chỉ định nào liên quan đến Đại hội."))],
            )
        return Section("chi-dinh", title, [Missing(_("Quyết định chỉ định và danh sách được chỉ định"))])
    blocks = []
    for decision in listed:
        document = decision.document
        cited = citations.cite(decision, document)
        blocks.append(Paragraph(str(document), cited, emphasis=True))
        blocks.extend(
            [
                Fact(_("Trích yếu"), document.summary, cited if document.summary else ()),
                Fact(_("Chỉ định vào"), decision.organisation.name, cited),
                Fact(_("Ngày hiệu lực"), date(decision.start_on), cited if decision.start_on else ()),
            ]
        )
        posts = list(decision.posts.all())
        if not posts:
            blocks.append(Missing(_("Danh sách được chỉ định theo %(document)s") % {"document": document}))
            continue
        blocks.append(
            Table(
                (_("Họ và tên"), _("Chức vụ"), _("Chức danh")),
                tuple(
                    Row(
                        (post.person.full_name, post.get_role_display(), post.title or "—"),
                        citations.cite(post),
                    )
                    for post in posts
                ),
            )
        )
    return Section("chi-dinh", title, blocks)


def committee(records, citations):
    """The new committee's make-up: women, under 40, re-elected, first time, with percentages."""
    title = _("Cơ cấu Ban Chấp hành khóa mới")
    congress = records.congress
    body = congress.executive_committee
    members = sorted(records.committee_members, key=lambda post: ROLE_ORDER.get(post.role, len(ROLE_ORDER)))
    if body is None or not members:
        blocks = []
        if body is not None:
            blocks.append(Fact(_("Ban Chấp hành: đã ghi nhận / số ủy viên"), committee_seats(congress)))
        blocks.append(
            Missing(_("Danh sách và cơ cấu Ban Chấp hành khóa mới (nữ, dưới 40 tuổi, tái cử, lần đầu)"))
        )
        return Section("ban-chap-hanh-khoa-moi", title, blocks)
    shares = committees.make_up(members, congress)
    cited = citations.cite(*members)
    people = {post.person_id: post.person for post in members}.values()
    unknown_gender = sum(1 for person in people if person.gender not in PersonGender.values)
    unknown_age = sum(1 for person in people if not person.birth_year)
    rows = [
        Row((str(label), format_number(share.count), percent(share.percent, 1)), cited)
        for label, share in shares.rows
    ]
    if unknown_gender:
        rows.append(Row((_("Chưa rõ giới tính"), format_number(unknown_gender), "—"), cited))
    if unknown_age:
        rows.append(Row((_("Chưa rõ năm sinh"), format_number(unknown_age), "—"), cited))
    return Section(
        "ban-chap-hanh-khoa-moi",
        title,
        [
            Fact(_("Ban Chấp hành"), body.name, citations.cite(body)),
            Fact(_("Ban Chấp hành: đã ghi nhận / số ủy viên"), committee_seats(congress), cited),
            Fact(
                _("Tỷ lệ tính trên"),
                _("số ủy viên đã ghi nhận (%(count)s người)") % {"count": format_number(shares.total)},
            ),
            Table((_("Cơ cấu"), _("Số người"), _("Tỷ lệ")), tuple(rows), numeric=frozenset({1, 2})),
            Table(
                (_("Họ và tên"), _("Chức vụ"), _("Năm sinh"), _("Giới tính"), _("Tái cử / lần đầu")),
                tuple(
                    Row(
                        (
                            post.person.full_name,
                            post.title or post.get_role_display(),
                            str(post.person.birth_year) if post.person.birth_year else "—",
                            post.person.get_gender_display() or "—",
                            _("Tái cử") if post.reelected else _("Lần đầu"),
                        ),
                        citations.cite(post),
                    )
                    for post in members
                ),
            ),
        ],
    )


def approval(records, citations):
    """The higher committee's decisions approving (chuẩn y) each election's result."""
    title = _("Tờ trình và quyết định chuẩn y")
    listed = records.elections
    if not listed:
        return Section(
            "chuan-y", title, [Missing(_("Quyết định chuẩn y kết quả bầu cử của cấp ủy cấp trên"))]
        )
    approved = [election for election in listed if election.approval_decision is not None]
    blocks = [Fact(_("Cuộc bầu cử đã được chuẩn y / tổng số"), f"{len(approved)} / {len(listed)}")]
    if approved:
        blocks.append(
            Table(
                (_("Cuộc bầu cử"), _("Quyết định chuẩn y"), _("Ngày ban hành")),
                tuple(
                    Row(
                        (
                            str(election),
                            str(election.approval_decision),
                            date(election.approval_decision.issued_on) or "—",
                        ),
                        citations.cite(election.approval_decision),
                    )
                    for election in approved
                ),
            )
        )
    for election in listed:
        if election.approval_decision is None:
            blocks.append(Missing(_("Quyết định chuẩn y: %(election)s") % {"election": election}))
    return Section("chuan-y", title, blocks)


# Part III: the congress's own bodies and credentials ######################


def bodies(records, citations):
    """The presidium, secretariat, credentials and vote-counting committees, and who sat on them."""
    by_kind = {body.kind: body for body in records.bodies}
    blocks = []
    for kind in CongressBodyKind:
        body = by_kind.get(kind)
        if body is None:
            blocks.append(Missing(str(kind.label)))
            continue
        members = list(body.members.all())
        blocks.append(Paragraph(str(kind.label), citations.cite(body), emphasis=True))
        if not members:
            blocks.append(Missing(_("Danh sách thành viên %(body)s") % {"body": kind.label}))
            continue
        blocks.append(
            Table(
                (_("Họ và tên"), _("Chức danh")),
                tuple(Row((m.person.full_name, m.title or "—"), citations.cite(m)) for m in members),
            )
        )
    if not records.bodies:
        blocks = [Missing(_("Danh sách các cơ quan điều hành và giúp việc Đại hội"))]
    return Section(
        "co-quan-giup-viec",
        _("Đoàn Chủ tịch, Đoàn Thư ký, Ban Thẩm tra tư cách đại biểu, Ban Kiểm phiếu"),
        blocks,
    )


def credentials(records, citations):
    """The credentials report: delegates convened by kind, present, absent with reason, make-up."""
    title = _("Báo cáo thẩm tra tư cách đại biểu")
    report = records.credentials_report
    if report is None:
        return Section(
            "tham-tra-tu-cach",
            title,
            [Missing(_("Báo cáo thẩm tra tư cách đại biểu (triệu tập, có mặt, vắng mặt và lý do)"))],
        )
    cited = citations.cite(report)
    official = report.official_delegates
    return Section(
        "tham-tra-tu-cach",
        title,
        [
            Fact(_("Đại biểu được bầu"), number(report.elected_delegates), cited),
            Fact(_("Đại biểu đương nhiên"), number(report.ex_officio_delegates), cited),
            Fact(_("Đại biểu được chỉ định"), number(report.appointed_delegates), cited),
            Fact(_("Tổng số đại biểu chính thức được triệu tập"), number(official), cited),
            Fact(_("Đại biểu dự khuyết được triệu tập"), number(report.alternate_delegates), cited),
            Fact(_("Số đại biểu có mặt / vắng mặt"), pair(report.present, report.absent), cited),
            Fact(
                _("Lý do vắng mặt"), report.absence_reasons or None, cited if report.absence_reasons else ()
            ),
            Fact(_("Số đại biểu không đủ tư cách"), number(report.not_qualified), cited),
            Fact(
                _("Tỷ lệ tính trên"),
                None
                if official is None
                else _("số đại biểu chính thức được triệu tập (%(count)s)")
                % {"count": format_number(official)},
                cited,
            ),
            Table(
                (_("Cơ cấu đại biểu"), _("Số đại biểu"), _("Tỷ lệ")),
                tuple(
                    Row((label, number(count) or "—", percent(share, 1)), cited)
                    for label, count, share in report.make_up_rows
                ),
                numeric=frozenset({1, 2}),
            ),
        ],
    )
