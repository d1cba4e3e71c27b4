"""Sentences and the working copy every rule reads."""

from congress.reading.text import capitalised_runs, normalise, sentences, working_copy


def test_the_working_copy_keeps_offsets_and_spells_tones_one_way():
    text = "Xã Hoà Lợi\u00a0có Đảng uỷ mới"
    copy = working_copy(text)
    assert len(copy) == len(text)
    assert copy == "Xã Hòa Lợi có Đảng ủy mới"
    # A closed syllable keeps its tone where it is.
    assert working_copy("hoàng") == "hoàng"


def test_the_headline_is_left_out_and_the_dateline_cut():
    text = "Tin vắn về đại hội\n\n(Báo X) - Sáng nay đại hội khai mạc. Hai trăm người dự.\n"
    found = sentences(working_copy(text))
    assert [s.text for s in found] == ["Sáng nay đại hội khai mạc.", "Hai trăm người dự."]
    assert text[found[0].start : found[0].end] == "Sáng nay đại hội khai mạc."


def test_a_single_line_is_read_even_without_a_full_stop():
    assert [s.text for s in sentences("Ra mắt Ban Chấp hành gồm 9 đồng chí")] == [
        "Ra mắt Ban Chấp hành gồm 9 đồng chí"
    ]


def test_a_short_abbreviation_does_not_end_a_sentence():
    found = sentences("Ông A đến từ TP. Hồ Chí Minh hôm qua. Ông B ở lại.")
    assert len(found) == 2


def test_normalise_composes_and_unifies_line_ends():
    assert normalise("Pha\u0300\r\nb") == "Phà\nb"


def test_capitalised_runs_leave_out_the_honorific():
    runs = [" ".join(words) for _, _, words in capitalised_runs("Ông Lý Văn Tư gặp Bà Hà Thị Mơ")]
    assert runs == ["Lý Văn Tư", "Hà Thị Mơ"]
