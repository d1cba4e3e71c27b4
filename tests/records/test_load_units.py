import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from vietnam_provinces import Province, Ward
from vietnam_provinces.codes import ProvinceCode

from records import units_register
from records.management.commands.load_units import Command as LoadUnits
from records.models import AdministrativeUnit, LegalDocument, Source, UnitSuccession, units
from records.units_register import (
    REGISTER_SOURCE_TITLE,
    REGISTER_SOURCE_UID,
    official_register_source,
    parse_province_code,
)

HAI_PHONG = "31"
THIEN_HUONG = "11557"


def load(*args):
    out = StringIO()
    call_command("load_units", *args, stdout=out)
    return out.getvalue()


def unit(register, code):
    return AdministrativeUnit.objects.get(register=register, code=code)


def snapshot():
    """Everything a re-run could change, in a comparable form."""
    unit_fields = ["uid", "register", "code", "name", "kind", "parent_id", "valid_from", "valid_until"]
    succession_fields = ["uid", "predecessor_id", "successor_id", "portion", "effective_on"]
    unit_sources = AdministrativeUnit.sources.through.objects.values_list()
    succession_sources = UnitSuccession.sources.through.objects.values_list()
    return {
        "units": sorted(AdministrativeUnit.objects.values_list(*unit_fields)),
        "successions": sorted(UnitSuccession.objects.values_list(*succession_fields)),
        "unit_history": AdministrativeUnit.history.count(),
        "succession_history": UnitSuccession.history.count(),
        "source_history": Source.history.count(),
        "sources": Source.objects.count(),
        "unit_sources": sorted(unit_sources),
        "succession_sources": sorted(succession_sources),
    }


@pytest.fixture
def hai_phong(db):
    return load("--province", HAI_PHONG)


def test_thien_huong_is_a_ward_of_hai_phong_in_the_2025_register(hai_phong):
    ward = unit("2025", THIEN_HUONG)

    assert ward.name == "Phường Thiên Hương"
    assert ward.kind == "phuong"
    assert ward.valid_from == datetime.date(2025, 7, 1)
    assert ward.valid_until is None
    assert ward.search_key == "phuong thien huong"
    assert ward.parent.code == HAI_PHONG
    assert ward.parent.name == "Thành phố Hải Phòng"
    assert ward.parent.kind == "thanh_pho_tw"
    assert ward.parent.register == "2025"
    assert ward.parent.parent is None
    assert ward.parent.valid_from == datetime.date(2025, 7, 1)


def test_official_uid_lets_other_records_name_the_same_unit(hai_phong):
    assert unit("2025", THIEN_HUONG).uid == AdministrativeUnit.official_uid("2025", "11557")
    assert unit("pre2025", "311").uid == AdministrativeUnit.official_uid("pre2025", "311")


def test_thien_huong_was_formed_from_four_legacy_wards(hai_phong):
    successions = UnitSuccession.objects.filter(successor=unit("2025", THIEN_HUONG)).select_related(
        "predecessor__parent__parent"
    )

    assert {(s.predecessor.code, s.predecessor.name, s.portion) for s in successions} == {
        ("11557", "Phường Thiên Hương", "whole"),
        ("11569", "Phường Hoàng Lâm", "whole"),
        ("11572", "Phường Hoa Động", "part"),
        ("11521", "Phường Lê Hồng Phong", "part"),
    }
    for succession in successions:
        old_ward = succession.predecessor
        assert succession.effective_on == datetime.date(2025, 7, 1)
        assert old_ward.register == "pre2025"
        assert old_ward.kind == "phuong"
        assert old_ward.valid_until == datetime.date(2025, 6, 30)
        assert (old_ward.parent.code, old_ward.parent.name) == ("311", "Thành phố Thuỷ Nguyên")
        assert old_ward.parent.kind == "thanh_pho"
        assert old_ward.parent.register == "pre2025"
        assert (old_ward.parent.parent.code, old_ward.parent.parent.register) == ("31", "pre2025")


def test_legacy_provinces_go_into_the_2025_city(hai_phong):
    successions = UnitSuccession.objects.filter(successor=unit("2025", HAI_PHONG))

    assert {(s.predecessor.name, s.predecessor.kind, s.portion) for s in successions} == {
        ("Tỉnh Hải Dương", "tinh", "whole"),
        ("Thành phố Hải Phòng", "thanh_pho_tw", "whole"),
    }
    assert unit("pre2025", "30").valid_until == datetime.date(2025, 6, 30)


def test_hai_phong_has_as_many_wards_as_the_library(hai_phong):
    library_wards = list(Ward.iter_by_province(ProvinceCode(31)))

    assert unit("2025", HAI_PHONG).children.count() == len(library_wards)
    assert AdministrativeUnit.objects.filter(register="2025").count() == len(library_wards) + 1
    assert set(unit("2025", HAI_PHONG).children.values_list("code", flat=True)) == {
        f"{ward.code.value:05d}" for ward in library_wards
    }
    # No other province is loaded, in either register.
    assert not AdministrativeUnit.objects.filter(register="2025", code="01").exists()
    assert not AdministrativeUnit.objects.filter(register="pre2025", code="01").exists()


def test_codes_are_written_at_official_width(db):
    load("--province", "01")

    assert unit("2025", "01").name == "Thành phố Hà Nội"
    assert unit("2025", "00004").name == "Phường Ba Đình"
    assert unit("pre2025", "001").name == "Quận Ba Đình"
    assert unit("pre2025", "001").kind == "quan"
    assert unit("pre2025", "00004").parent == unit("pre2025", "001")


def test_every_unit_and_succession_cites_the_register_source(hai_phong):
    source = Source.objects.get(uid=REGISTER_SOURCE_UID)

    assert source.kind == "register"
    assert source.title == "Danh mục đơn vị hành chính Việt Nam (thư viện vietnam-provinces)"
    assert source.title == REGISTER_SOURCE_TITLE
    assert source.publisher == "vietnam-provinces"
    assert source.url == ""
    assert official_register_source() == source
    assert not AdministrativeUnit.objects.exclude(sources=source).exists()
    assert not UnitSuccession.objects.exclude(sources=source).exists()


def test_units_arrive_with_a_history_row_saying_where_they_came_from(hai_phong):
    history = unit("2025", THIEN_HUONG).history.get()

    assert history.history_type == "+"
    assert "vietnam-provinces" in history.history_change_reason
    assert [link.source.uid for link in history.sources.all()] == [REGISTER_SOURCE_UID]
    succession = UnitSuccession.objects.filter(successor__code=THIEN_HUONG).first().history.get()
    assert [link.source.uid for link in succession.sources.all()] == [REGISTER_SOURCE_UID]


def test_output_counts_in_vietnamese(hai_phong):
    assert "Thành phố Hải Phòng" in hai_phong
    assert "Danh mục 2025 (hai cấp) – Phường: tạo mới 45, cập nhật 0, không đổi 0" in hai_phong
    assert "Sắp xếp xã, phường cũ → mới: tạo mới" in hai_phong


def test_second_run_changes_nothing(hai_phong):
    before = snapshot()

    output = load("--province", HAI_PHONG)

    assert snapshot() == before
    counts = [line for line in output.splitlines() if "cập nhật" in line]
    assert counts
    assert all("tạo mới 0, cập nhật 0," in line for line in counts)
    assert "cho 0 bản ghi" in output


def test_rerun_keeps_what_a_person_added_and_restores_the_register_name(hai_phong):
    ward = unit("2025", THIEN_HUONG)
    resolution = LegalDocument.objects.create(symbol="1669/NQ-UBTVQH15", document_type="NQ")
    article = Source.objects.create(kind="article", title="Đại hội Đảng bộ phường Thiên Hương lần thứ I")
    ward.name = "Phường Thiên Hương (đã sửa)"
    ward.established_by = resolution
    ward.note = "Thành lập theo Nghị quyết 1669/NQ-UBTVQH15."
    ward.save()
    ward.sources.add(article)
    district = unit("pre2025", "311")
    district.valid_from = datetime.date(2025, 1, 1)
    district.save()

    output = load("--province", HAI_PHONG)

    ward.refresh_from_db()
    assert ward.name == "Phường Thiên Hương"
    assert ward.search_key == "phuong thien huong"
    assert ward.established_by == resolution
    assert ward.note == "Thành lập theo Nghị quyết 1669/NQ-UBTVQH15."
    assert set(ward.sources.values_list("uid", flat=True)) == {article.uid, REGISTER_SOURCE_UID}
    assert ward.history.first().history_type == "~"
    # The register does not say when a legacy unit began, so a date a person entered stays.
    assert unit("pre2025", "311").valid_from == datetime.date(2025, 1, 1)
    assert "Danh mục 2025 (hai cấp) – Phường: tạo mới 0, cập nhật 1, không đổi 44" in output


def test_a_removed_register_source_is_cited_again(hai_phong):
    ward = unit("2025", THIEN_HUONG)
    ward.sources.clear()

    output = load("--province", HAI_PHONG)

    assert list(ward.sources.values_list("uid", flat=True)) == [REGISTER_SOURCE_UID]
    assert "cho 1 bản ghi" in output


def test_a_unit_entered_before_the_load_with_the_official_uid_is_completed_not_duplicated(db):
    article = Source.objects.create(kind="article", title="Đại hội Đảng bộ phường Thiên Hương lần thứ I")
    ward = AdministrativeUnit.objects.create(
        uid=AdministrativeUnit.official_uid("2025", THIEN_HUONG),
        code=THIEN_HUONG,
        name="Phường Thiên Hương",
        kind="phuong",
    )
    ward.sources.add(article)

    load("--province", HAI_PHONG)

    assert AdministrativeUnit.objects.filter(register="2025", code=THIEN_HUONG).count() == 1
    ward.refresh_from_db()
    assert ward.parent == unit("2025", HAI_PHONG)
    assert ward.valid_from == datetime.date(2025, 7, 1)
    assert set(ward.sources.values_list("uid", flat=True)) == {article.uid, REGISTER_SOURCE_UID}


def test_unknown_province_code_is_refused_in_vietnamese(db):
    with pytest.raises(CommandError, match='Không có tỉnh, thành phố nào mã "99" trong danh mục 2025'):
        load("--province", "99")

    assert not AdministrativeUnit.objects.exists()
    assert not Source.objects.exists()


@pytest.mark.parametrize("typed", ["31", " 31 ", "031"])
def test_province_code_may_be_typed_with_or_without_padding(typed):
    assert parse_province_code(typed).name == "Thành phố Hải Phòng"


@pytest.mark.parametrize("typed", ["", "abc", "3l", "٣١", "30"])
def test_province_codes_outside_the_2025_list_are_unknown(typed):
    with pytest.raises(ValueError, match="Không có tỉnh, thành phố nào mã"):
        parse_province_code(typed)


def test_the_whole_country_loads(db):
    load()

    current = AdministrativeUnit.objects.filter(register="2025")
    assert current.filter(kind__in=["tinh", "thanh_pho_tw"]).count() == 34 == len(list(Province.iter_all()))
    assert current.filter(parent__isnull=False).count() == 3321 == len(list(Ward.iter_all()))
    assert current.filter(kind="dac_khu").count() == 13
    legacy = AdministrativeUnit.objects.filter(register="pre2025")
    assert legacy.filter(parent__isnull=True).count() == 63
    assert legacy.filter(kind__in=["quan", "huyen", "thi_xa", "thanh_pho"]).count() == 696
    # Tiền Giang went into Đồng Tháp only (the library's province table also names Tây Ninh).
    tien_giang = UnitSuccession.objects.filter(predecessor=unit("pre2025", "82"))
    assert list(tien_giang.values_list("successor__name", "portion")) == [("Tỉnh Đồng Tháp", "whole")]


def test_the_models_name_the_day_of_the_reorganisation_the_register_gives():
    # The units' register labels (“từ 1/7/2025”) use the models' date; the register, the library's.
    assert units_register.REORGANISED_ON == units.REORGANISED_ON


def test_output_counts_write_thousands_as_the_site_does():
    counts = {"created": 3321, "updated": 0, "unchanged": 10598}

    assert LoadUnits._counts(counts) == "tạo mới 3.321, cập nhật 0, không đổi 10.598"
