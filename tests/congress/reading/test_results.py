"""Past-term results and new-term tasks as spans of the text."""

from congress.reading.reader import read_report


def test_a_over_b_gives_met_and_total_and_the_other_clauses_are_read_too():
    reading = read_report("Nhiệm kỳ qua, xã đạt 17/18 chỉ tiêu chủ yếu; thu ngân sách tăng 9,4%/năm.")
    assert [(i.text, i.met, i.total) for i in reading.indicators] == [
        ("17/18 chỉ tiêu chủ yếu", 17, 18),
        ("thu ngân sách tăng 9,4%/năm", None, None),
    ]


def test_clauses_with_figures_in_a_past_term_sentence():
    reading = read_report(
        "Nhiệm kỳ 2020-2025, thu nhập bình quân đạt 58 triệu đồng; tỷ lệ hộ nghèo còn 1,1%."
    )
    assert [i.text for i in reading.indicators] == [
        "thu nhập bình quân đạt 58 triệu đồng",
        "tỷ lệ hộ nghèo còn 1,1%",
    ]


def test_completing_the_targets_in_general_is_not_a_result_but_a_named_completion_is():
    reading = read_report(
        "Nhiệm kỳ 2020-2025, dù còn khó khăn, Đảng bộ đã nỗ lực để hoàn thành các chỉ tiêu, nhiệm vụ. "
        "Nhiệm kỳ qua, xã đã hoàn thành xóa nhà tạm cho các hộ nghèo."
    )
    assert [i.text for i in reading.indicators] == ["xã đã hoàn thành xóa nhà tạm cho các hộ nghèo"]


def test_a_date_is_not_a_result():
    assert read_report("Sáng 12/8 đại hội khai mạc.").indicators == []


def test_tasks_are_the_items_of_the_new_terms_list():
    reading = read_report(
        "Nhiệm kỳ mới, xã xác định 2 khâu đột phá: hoàn thiện hạ tầng giao thông nông thôn; "
        "nâng cao chất lượng nguồn nhân lực."
    )
    assert [t.text for t in reading.tasks] == [
        "hoàn thiện hạ tầng giao thông nông thôn",
        "nâng cao chất lượng nguồn nhân lực",
    ]
