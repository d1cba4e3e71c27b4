"""
Congresses and what they produced: the congresses of 2025–2030 and of the pre-2025 communes,
their resolutions, delegates, speeches, indicators and follow-up tasks, and the texts they use.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

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
from records.models import LegalDocument
from records.models.documents import DocumentType

from .plan import (
    ALL_MEMBER_CONGRESS_MAX,
    AS_OF,
    LEGACY_TERM,
    MAX_DELEGATES,
    TERM,
    new_uid,
    random_date,
)

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


# Congresses ################################################################


def congress_dates(rng, commune):
    # The ward congresses of 2025 were held from late July to the end of August.
    commune.opened_on = random_date(rng, datetime.date(2025, 7, 20), datetime.date(2025, 8, 31))
    commune.closed_on = commune.opened_on + datetime.timedelta(days=rng.choice([0, 1, 1, 2]))
    if commune.legacy_unit:
        commune.legacy_opened_on = random_date(
            rng, datetime.date(2020, 5, 1), datetime.date(2020, 7, 15)
        )
        commune.legacy_closed_on = commune.legacy_opened_on + datetime.timedelta(
            days=rng.choice([0, 1, 2])
        )


def write_congresses(writer, rng, communes):
    resolutions = [
        LegalDocument(
            uid=new_uid(rng),
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
            share = round(commune.members * rng.uniform(0.09, 0.14))
            commune.delegate_count = min(MAX_DELEGATES, max(ALL_MEMBER_CONGRESS_MAX, share))
        congresses.append(
            Congress(
                uid=new_uid(rng),
                organisation_id=commune.party,
                ordinal=1,
                term_start=TERM[0],
                term_end=TERM[1],
                opened_on=commune.opened_on,
                closed_on=commune.closed_on,
                venue=rng.choice(VENUES).format(place=commune.place),
                slogan=rng.choice(SLOGANS),
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
            members = max(commune.legacy_seats, round(commune.members * rng.uniform(0.2, 0.5)))
            congresses.append(
                Congress(
                    uid=new_uid(rng),
                    organisation_id=commune.legacy_party,
                    ordinal=rng.randint(18, 27),
                    term_start=LEGACY_TERM[0],
                    term_end=LEGACY_TERM[1],
                    opened_on=commune.legacy_opened_on,
                    closed_on=commune.legacy_closed_on,
                    venue=rng.choice(VENUES).format(place=commune.legacy_place),
                    slogan=rng.choice(SLOGANS),
                    delegate_count=min(members, rng.randint(80, 150)),
                    members_represented=members,
                    organisations_represented=max(1, round(members / 60)),
                    executive_committee_id=commune.legacy_committee,
                )
            )
    writer.save(congresses)
    by_organisation = {congress.organisation_id: congress.pk for congress in congresses}
    for commune in communes:
        commune.congress = by_organisation[commune.party]


def write_attendance(writer, rng, commune, posts, others, cell_of, leaders):
    """The directing leader, the presidium and the delegates; returns the delegates and the presidium."""
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
    leading = leaders[: rng.randint(5, 7)]
    presidium = set(leading)
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
    return delegates, leading


def write_speeches(writer, rng, commune, secretary, deputy_ids, secretaries, cell_of):
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


def write_indicators(writer, rng, commune):
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


def write_tasks(writer, rng, commune, committee):
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
