"""The detail a writer uses, read from sentences written for these tests: the address's ordinal
and term, a document's trích yếu, a result's name and numbers, a task's deliverable and owner,
and what a speaker said."""

import pytest

from congress.reading.reader import read_report

ADDRESS = "https://bao.example.vn/chinh-tri/dai-hoi-dang-bo-xa-tan-mai-lan-thu-nhat-nhiem-ky-2025-2030-a123.html"


def test_the_address_gives_the_ordinal_and_term_the_text_leaves_out():
    congress = read_report("Đại hội Đảng bộ xã Tân Mai diễn ra tại hội trường xã.", address=ADDRESS).congress
    assert (congress.ordinal, congress.term_start, congress.term_end) == (1, 2025, 2030)


def test_the_header_address_line_counts_too_and_the_text_wins_over_it():
    header = f"Địa chỉ: {ADDRESS}\n\n"
    assert read_report(header + "Đại hội Đảng bộ xã Tân Mai khai mạc.").congress.ordinal == 1
    stated = read_report(header + "Đại hội Đảng bộ xã Tân Mai lần thứ XII, nhiệm kỳ 2020-2025 khai mạc.")
    assert (stated.congress.ordinal, stated.congress.term_start) == (12, 2020)


@pytest.mark.parametrize(
    "address",
    ["https://bao.example.vn/kinh-te/lan-thu-hai-tang-gia-a1.html", "https://bao.example.vn/", ""],
)
def test_an_address_that_is_not_about_a_congress_gives_nothing(address):
    congress = read_report("Đại hội Đảng bộ xã Tân Mai khai mạc.", address=address).congress
    assert (congress.ordinal, congress.term_start) == (None, None)


def test_a_documents_summary_is_what_follows_ve_up_to_where_the_sentence_goes_on():
    reading = read_report(
        "Xã Tân Mai được lập theo Nghị quyết 99/NQ-UBTVQH15 ngày 2/5/2025 của Ủy ban Thường vụ Quốc hội "
        "về việc sắp xếp các đơn vị hành chính cấp xã trên cơ sở nhập ba xã cũ."
    )
    assert [(d.symbol, d.issuer, d.summary) for d in reading.documents] == [
        ("99/NQ-UBTVQH15", "Ủy ban Thường vụ Quốc hội", "sắp xếp các đơn vị hành chính cấp xã")
    ]


def indicators(sentence):
    fields = ("name", "unit", "target", "actual", "direction", "result", "status", "period_start")
    return [{f: getattr(i, f) for f in fields if getattr(i, f) not in ("", None)} for i in read_report(sentence).indicators]


def test_results_give_name_unit_target_and_actual_as_written():
    assert indicators(
        "Nhiệm kỳ qua, xã có 3/3 thôn đều đạt chuẩn văn hóa đạt 100%; trạm y tế đạt chuẩn đạt 2/1 trạm; "
        "tỷ lệ trẻ suy dinh dưỡng giảm còn 4,5% vượt chỉ tiêu (6%)."
    ) == [
        {"name": "thôn đạt chuẩn văn hóa", "unit": "thôn", "target": "3", "actual": "3"},
        {"name": "trạm y tế đạt chuẩn", "unit": "trạm", "target": "1", "actual": "2"},
        {"name": "tỷ lệ trẻ suy dinh dưỡng", "unit": "%", "target": "6", "actual": "4,5", "direction": "lower"},
    ]


def test_a_share_of_the_plan_has_the_whole_plan_as_target_and_its_period():
    assert indicators(
        "Kết quả nhiệm kỳ: thu ngân sách đạt 112% chỉ tiêu tổng thu ngân sách xã giai đoạn 2020-2025."
    ) == [
        {
            "name": "thu ngân sách xã",
            "unit": "%",
            "target": "100",
            "actual": "112",
            "result": "đạt 112% chỉ tiêu tổng thu ngân sách xã giai đoạn 2020-2025",
            "period_start": 2020,
        }
    ]


def test_a_verdict_without_numbers_is_the_result_and_its_status():
    assert indicators(
        "Nhiệm kỳ qua, xã đã đạt được nhiều kết quả: hoàn thành vượt mức các chỉ tiêu về quốc phòng; "
        "thu nhập của người dân đều vượt chỉ tiêu đề ra."
    ) == [
        {"name": "các chỉ tiêu về quốc phòng", "result": "hoàn thành vượt mức", "status": "exceeded"},
        {"name": "thu nhập của người dân", "result": "đều vượt chỉ tiêu đề ra", "status": "exceeded"},
    ]


def test_a_list_addressed_to_the_new_committee_is_its_tasks_with_the_motto_left_out():
    reading = read_report(
        "Đề nghị cấp ủy khóa mới cần tập trung: cụ thể hóa nghị quyết thành các đề án, chương trình "
        "theo phương châm 6 rõ: rõ người, rõ việc, rõ thời gian, rõ trách nhiệm, rõ sản phẩm, rõ thẩm quyền"
        "tập trung kiện toàn bộ máy chính quyền; rà soát quy hoạch chung của xã."
    )
    assert [(t.text, t.deliverable, t.responsible) for t in reading.tasks] == [
        ("cụ thể hóa nghị quyết thành các đề án, chương trình theo phương châm 6 rõ", "các đề án, chương trình", "cấp ủy khóa mới"),
        ("kiện toàn bộ máy chính quyền", "", "cấp ủy khóa mới"),
        ("rà soát quy hoạch chung của xã", "", "cấp ủy khóa mới"),
    ]


def test_what_a_speaker_puts_forward_is_their_speech_not_the_congresss_tasks():
    reading = read_report(
        "Phát biểu chỉ đạo, đồng chí Lê Văn Tám, Phó Bí thư Tỉnh ủy, nhấn mạnh các nhiệm vụ trọng tâm của "
        "nhiệm kỳ mới: phát triển du lịch cộng đồng; giữ vững an ninh nông thôn."
    )
    assert reading.tasks == []
    assert reading.people[0].summary.startswith("Phát biểu chỉ đạo, đồng chí Lê Văn Tám")


SPEECH = (
    "Đồng chí Lê Văn Tám, Phó Bí thư Tỉnh ủy phát biểu chỉ đạo tại Đại hội.\n"
    "Đồng chí Lê Văn Tám, Phó Bí thư Tỉnh ủy phát biểu chỉ đạo tại Đại hội.\n"
    "\n"
    "Biểu dương kết quả của Đảng bộ, đồng chí Lê Văn Tám nhấn mạnh yêu cầu đổi mới. Phát triển kinh tế biển.\n"
    "\n"
    "Ảnh: Ban Chấp hành khóa mới ra mắt\n"
    "\n"
    "Đẩy mạnh chuyển đổi số trong cải cách hành chính.\n"
    "\n"
    "Đại hội đã bầu Ban Chấp hành gồm 15 đồng chí.\n"
)


def test_a_speech_summary_runs_over_paragraphs_past_captions_to_the_next_proceedings():
    speaker = next(p for p in read_report(SPEECH).people if p.role == "speaking")
    assert speaker.summary == (
        "Biểu dương kết quả của Đảng bộ, đồng chí Lê Văn Tám nhấn mạnh yêu cầu đổi mới. Phát triển kinh tế biển."
        "\n\nĐẩy mạnh chuyển đổi số trong cải cách hành chính."
    )


def test_someone_seen_speaking_only_in_a_caption_has_no_summary():
    reading = read_report("Đồng chí Lê Văn Tám phát biểu tại Đại hội.\nĐồng chí Lê Văn Tám phát biểu tại Đại hội.\n")
    assert [p.summary for p in reading.people] == [""]
