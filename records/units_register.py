"""
The official lists of administrative units, read from the vietnam-provinces
library and written into AdministrativeUnit and UnitSuccession.

Two lists are kept side by side: the 2025 two-tier list (provinces and
centrally-run cities; wards, communes and special zones) and the pre-2025
three-tier list (provinces; districts; wards, communes and townships) that
the 2025 units were formed from, joined by one UnitSuccession per legacy
commune-level unit and 2025 unit formed from it, and per legacy province and
2025 province.

Loading is idempotent and conservative. A unit is found again by its
official uid or by its code in its list; only the fields the register states
are written, and only when they differ; the register's source is added to a
record's sources, never in place of them. Whatever a person added
(established_by, notes, other sources, figures, legal bases) is left alone.

Everything is written with bulk queries and look-ups held in memory, so the
whole country (about 14,000 units and 10,600 successions) loads in seconds.
Bulk writes skip save(), so names are cleaned and search keys computed here,
and history rows are written through django-simple-history's bulk helpers.
"""

import datetime
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import vietnam_provinces
from django.db import transaction
from vietnam_provinces import Province, VietNamDivisionType, Ward, legacy

# The portion of each legacy ward (whole or part) and the date of the change are
# only in the conversion table: Ward.get_legacy_sources() returns the legacy
# wards but drops is_partly_merged, and no public name carries the date.
from vietnam_provinces._ward_conversion_2025 import EFFECTIVE_DATE, NEW_TO_OLD
from vietnam_provinces.legacy.codes import ProvinceCode as LegacyProvinceCode

from . import vietnamese
from .models import AdministrativeUnit, Source, UnitSuccession
from .models.sources import SourceKind
from .models.units import OFFICIAL_UNIT_NAMESPACE, SuccessionPortion, UnitKind, UnitRegister
from .sheets import bulk

REGISTER_SOURCE_UID = uuid.uuid5(OFFICIAL_UNIT_NAMESPACE, "source:vietnam-provinces")
REGISTER_SOURCE_TITLE = "Danh mục đơn vị hành chính Việt Nam (thư viện vietnam-provinces)"
REGISTER_SOURCE_PUBLISHER = "vietnam-provinces"

# The 2025 units exist from the reorganisation's effective date; the legacy
# units ended the day before.
REORGANISED_ON = datetime.date.fromisoformat(EFFECTIVE_DATE)
LEGACY_VALID_UNTIL = REORGANISED_ON - datetime.timedelta(days=1)

CURRENT_KINDS = {
    VietNamDivisionType.TINH: UnitKind.PROVINCE,
    VietNamDivisionType.THANH_PHO_TRUNG_UONG: UnitKind.CITY,
    VietNamDivisionType.PHUONG: UnitKind.WARD,
    VietNamDivisionType.XA: UnitKind.COMMUNE,
    VietNamDivisionType.DAC_KHU: UnitKind.SPECIAL_ZONE,
}
LEGACY_KINDS = {
    legacy.VietNamDivisionType.TINH: UnitKind.PROVINCE,
    legacy.VietNamDivisionType.THANH_PHO_TRUNG_UONG: UnitKind.CITY,
    legacy.VietNamDivisionType.QUAN: UnitKind.URBAN_DISTRICT,
    legacy.VietNamDivisionType.HUYEN: UnitKind.RURAL_DISTRICT,
    legacy.VietNamDivisionType.THI_XA: UnitKind.TOWN,
    legacy.VietNamDivisionType.THANH_PHO: UnitKind.PROVINCIAL_CITY,
    legacy.VietNamDivisionType.XA: UnitKind.COMMUNE,
    legacy.VietNamDivisionType.THI_TRAN: UnitKind.TOWNSHIP,
    legacy.VietNamDivisionType.PHUONG: UnitKind.WARD,
}

# Official codes are fixed-width: 31, 311, 11557 (and 01, 001, 00004).
PROVINCE_CODE_WIDTH = 2
DISTRICT_CODE_WIDTH = 3
WARD_CODE_WIDTH = 5

# The fields a load writes: those the register owns, and the search key derived
# from the name. valid_from and valid_until only where the register states them.
UNIT_FIELDS = ["register", "code", "name", "kind", "parent", "valid_from", "valid_until", "search_key"]
SUCCESSION_FIELDS = ["portion", "effective_on"]

CHANGE_REASON = f"Nạp từ danh mục vietnam-provinces {vietnam_provinces.__version__}"


def official_register_source():
    """Return the Source that units and successions from vietnam-provinces cite, creating it once."""
    source, _ = Source.objects.get_or_create(
        uid=REGISTER_SOURCE_UID,
        defaults={
            "kind": SourceKind.REGISTER,
            "title": REGISTER_SOURCE_TITLE,
            "publisher": REGISTER_SOURCE_PUBLISHER,
        },
    )
    return source


def official_succession_uid(predecessor_uid, successor_uid):
    """Return the uid of the succession between two official units, the same in every database."""
    return uuid.uuid5(OFFICIAL_UNIT_NAMESPACE, f"succession:{predecessor_uid}:{successor_uid}")


def _code(number, width):
    return f"{int(number):0{width}d}"


class UnknownProvince(ValueError):
    """A province code that is not in the 2025 list."""

    def __init__(self, code):
        self.code = code
        valid = ", ".join(sorted(_code(p.code, PROVINCE_CODE_WIDTH) for p in Province.iter_all()))
        super().__init__(
            f'Không có tỉnh, thành phố nào mã "{code}" trong danh mục 2025. Các mã hợp lệ: {valid}.'
        )


# Reading the library ########################################################


@dataclass(frozen=True)
class UnitRow:
    """One unit as the register states it. A date of None means the register is silent on it."""

    register: str
    code: str
    name: str
    kind: str
    parent: tuple[str, str] | None = None
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None

    @property
    def key(self):
        return (self.register, self.code)


@dataclass(frozen=True)
class SuccessionRow:
    predecessor: tuple[str, str]
    successor: tuple[str, str]
    portion: str
    is_province: bool


@dataclass
class RegisterExtract:
    """The units and successions to write, parents before children."""

    levels: list[list[UnitRow]] = field(default_factory=list)
    successions: list[SuccessionRow] = field(default_factory=list)
    # Legacy ward codes the conversion table names but the pre-2025 list does not hold
    # (wards abolished before 2025): no unit to start a succession from.
    missing_legacy_wards: list[tuple[str, str]] = field(default_factory=list)
    # 2025 units the conversion table gives no predecessor, such as island special zones
    # that were districts without communes.
    without_predecessors: list[UnitRow] = field(default_factory=list)


def parse_province_code(value):
    """Return the 2025 Province with the code typed as "31", "01" or "1", or raise UnknownProvince."""
    text = vietnamese.clean_name(value)
    if text.isascii() and text.isdigit():
        for province in Province.iter_all():
            if province.code.value == int(text):
                return province
    raise UnknownProvince(text)


def read_register(provinces=None):
    """Read the 2025 units of the given provinces (all when None) and the legacy units that formed them."""
    provinces = list(provinces) if provinces is not None else list(Province.iter_all())
    extract = RegisterExtract()
    current = UnitRegister.CURRENT.value
    old = UnitRegister.LEGACY.value

    province_rows = []
    ward_rows = []
    wards = []
    for province in provinces:
        province_row = UnitRow(
            register=current,
            code=_code(province.code, PROVINCE_CODE_WIDTH),
            name=vietnamese.clean_name(province.name),
            kind=CURRENT_KINDS[province.division_type],
            valid_from=REORGANISED_ON,
        )
        province_rows.append(province_row)
        for ward in Ward.iter_by_province(province.code):
            wards.append(ward)
            ward_rows.append(
                UnitRow(
                    register=current,
                    code=_code(ward.code, WARD_CODE_WIDTH),
                    name=vietnamese.clean_name(ward.name),
                    kind=CURRENT_KINDS[ward.division_type],
                    parent=province_row.key,
                    valid_from=REORGANISED_ON,
                )
            )

    # The legacy structure (ward -> district -> province) comes from the legacy
    # list, not from the conversion table's own province codes: one of those is
    # wrong (Phường 4 of Tân An, Long An, is filed under Tiền Giang), and the
    # library's province conversion table, generated from the ward table,
    # inherits the error (Tiền Giang into both Tây Ninh and Đồng Tháp).
    legacy_wards = {w.code.value: w for w in legacy.Ward.iter_all()}
    legacy_districts = {d.code.value: d for d in legacy.District.iter_all()}
    # Grouped once: legacy.Ward.iter_by_district() scans all 10,051 wards on each call.
    legacy_wards_by_district = defaultdict(list)
    for old_ward in legacy_wards.values():
        legacy_wards_by_district[old_ward.district_code.value].append(old_ward)

    province_pairs = set()
    for ward, ward_row in zip(wards, ward_rows, strict=True):
        entry = NEW_TO_OLD.get(ward.code.value)
        if entry is None:
            extract.without_predecessors.append(ward_row)
            continue
        for ref in entry.old_wards:
            old_ward = legacy_wards.get(ref.code)
            old_key = (old, _code(ref.code, WARD_CODE_WIDTH))
            if old_ward is None:
                extract.missing_legacy_wards.append((old_key[1], ward_row.code))
                continue
            portion = SuccessionPortion.PART if ref.is_partly_merged else SuccessionPortion.WHOLE
            extract.successions.append(SuccessionRow(old_key, ward_row.key, portion.value, False))
            old_province_code = legacy_districts[old_ward.district_code.value].province_code.value
            province_pairs.add((old_province_code, ward.province_code.value))

    # A legacy province whose communes went into more than one 2025 province went in part.
    targets = Counter(old_code for old_code, _ in province_pairs)
    for old_code, new_code in sorted(province_pairs):
        portion = SuccessionPortion.PART if targets[old_code] > 1 else SuccessionPortion.WHOLE
        extract.successions.append(
            SuccessionRow(
                (old, _code(old_code, PROVINCE_CODE_WIDTH)),
                (current, _code(new_code, PROVINCE_CODE_WIDTH)),
                portion.value,
                True,
            )
        )

    # The legacy provinces are loaded whole, with every district and commune,
    # so that the pre-2025 list reads as it stood, not only the parts that moved.
    legacy_province_codes = sorted(targets)
    legacy_province_rows = []
    legacy_district_rows = []
    legacy_ward_rows = []
    for old_code in legacy_province_codes:
        old_province = legacy.Province.from_code(LegacyProvinceCode(old_code))
        old_province_row = UnitRow(
            register=old,
            code=_code(old_province.code, PROVINCE_CODE_WIDTH),
            name=vietnamese.clean_name(old_province.name),
            kind=LEGACY_KINDS[old_province.division_type],
            valid_until=LEGACY_VALID_UNTIL,
        )
        legacy_province_rows.append(old_province_row)
        for district in legacy.District.iter_by_province(old_province.code):
            district_row = UnitRow(
                register=old,
                code=_code(district.code, DISTRICT_CODE_WIDTH),
                name=vietnamese.clean_name(district.name),
                kind=LEGACY_KINDS[district.division_type],
                parent=old_province_row.key,
                valid_until=LEGACY_VALID_UNTIL,
            )
            legacy_district_rows.append(district_row)
            for old_ward in legacy_wards_by_district[district.code.value]:
                legacy_ward_rows.append(
                    UnitRow(
                        register=old,
                        code=_code(old_ward.code, WARD_CODE_WIDTH),
                        name=vietnamese.clean_name(old_ward.name),
                        kind=LEGACY_KINDS[old_ward.division_type],
                        parent=district_row.key,
                        valid_until=LEGACY_VALID_UNTIL,
                    )
                )

    extract.levels = [province_rows, ward_rows, legacy_province_rows, legacy_district_rows, legacy_ward_rows]
    return extract


# Writing ####################################################################


@dataclass
class LoadReport:
    """What a load did: counts of created, updated and unchanged records, by kind of record."""

    extract: RegisterExtract
    # (register, kind) -> Counter(created=..., updated=..., unchanged=...)
    units: dict = field(default_factory=lambda: defaultdict(Counter))
    # "commune" or "province" -> Counter(...)
    successions: dict = field(default_factory=lambda: defaultdict(Counter))
    sources_added: int = 0
    # Units found by code whose uid is not the official one (entered by hand before the load).
    foreign_uids: list = field(default_factory=list)


class RegisterConflict(Exception):
    """The database holds a unit the register cannot be reconciled with without losing data."""


def _unit_values(row, units):
    """Return the field values (by attname) the register states for row."""
    values = {
        "register": row.register,
        "code": row.code,
        "name": row.name,
        "kind": row.kind,
        "parent_id": units[row.parent].pk if row.parent else None,
        "search_key": vietnamese.search_key(row.name),
    }
    # Where the register is silent (when a legacy unit began, whether a 2025
    # unit has ended), a date a person entered is kept.
    if row.valid_from is not None:
        values["valid_from"] = row.valid_from
    if row.valid_until is not None:
        values["valid_until"] = row.valid_until
    return values


def _apply(instance, values):
    """Set values on instance; return whether anything changed."""
    changed = False
    for attname, value in values.items():
        if getattr(instance, attname) != value:
            setattr(instance, attname, value)
            changed = True
    return changed


def _add_source(model, source, record_ids):
    """Add source to the sources of the records with record_ids that lack it; return how many."""
    sources_field = model._meta.get_field("sources")
    through = sources_field.remote_field.through
    record_column = f"{sources_field.m2m_field_name()}_id"
    source_column = f"{sources_field.m2m_reverse_field_name()}_id"
    citing = set(through.objects.filter(**{source_column: source.pk}).values_list(record_column, flat=True))
    missing = sorted(set(record_ids) - citing)
    through.objects.bulk_create(
        [through(**{record_column: record_id, source_column: source.pk}) for record_id in missing],
        batch_size=2000,
    )
    return len(missing)


@transaction.atomic
def load_units(*, provinces=None, user=None):
    """Write the units and successions of read_register(provinces) and return a LoadReport."""
    extract = read_register(provinces)
    report = LoadReport(extract=extract)
    source = official_register_source()
    history = {"user": user, "reason": CHANGE_REASON}
    # Units written with their history rows, whose citations are copied to them once added.
    written_units, unit_history = [], []

    every_unit = list(AdministrativeUnit.objects.all())
    by_uid = {unit.uid: unit for unit in every_unit}
    by_code = {(unit.register, unit.code): unit for unit in every_unit if unit.code}

    # key -> saved unit, filled level by level so children find their parents' ids.
    units = {}
    for level in extract.levels:
        to_create, to_update = [], []
        for row in level:
            official_uid = AdministrativeUnit.official_uid(row.register, row.code)
            values = _unit_values(row, units)
            unit = by_uid.get(official_uid) or by_code.get(row.key)
            if unit is None:
                unit = AdministrativeUnit(uid=official_uid, **values)
                to_create.append(unit)
                outcome = "created"
            else:
                holder = by_code.get(row.key)
                if holder is not None and holder.pk != unit.pk:
                    raise RegisterConflict(
                        f"Đơn vị mã định danh {official_uid} và đơn vị {holder} cùng ứng với mã "
                        f"{row.code} ({row.register}); hãy sửa tay một trong hai rồi nạp lại."
                    )
                if unit.uid != official_uid:
                    report.foreign_uids.append(unit)
                outcome = "updated" if _apply(unit, values) else "unchanged"
                if outcome == "updated":
                    to_update.append(unit)
            units[row.key] = unit
            report.units[(row.register, row.kind)][outcome] += 1
        # SQLite and PostgreSQL both return the new ids from a bulk insert, so
        # the next level can point at these units straight away.
        unit_history += bulk.create_with_history(AdministrativeUnit, to_create, **history)
        unit_history += bulk.update_with_history(AdministrativeUnit, to_update, UNIT_FIELDS, **history)
        written_units += to_create + to_update
    report.sources_added += _add_source(AdministrativeUnit, source, [unit.pk for unit in units.values()])
    bulk.history_links(AdministrativeUnit, written_units, unit_history)

    existing = {(s.predecessor_id, s.successor_id): s for s in UnitSuccession.objects.all()}
    to_create, to_update, written = [], [], []
    for row in extract.successions:
        predecessor, successor = units[row.predecessor], units[row.successor]
        values = {"portion": row.portion, "effective_on": REORGANISED_ON}
        succession = existing.get((predecessor.pk, successor.pk))
        if succession is None:
            succession = UnitSuccession(
                uid=official_succession_uid(predecessor.uid, successor.uid),
                predecessor=predecessor,
                successor=successor,
                **values,
            )
            to_create.append(succession)
            outcome = "created"
        elif _apply(succession, values):
            to_update.append(succession)
            outcome = "updated"
        else:
            outcome = "unchanged"
        written.append(succession)
        report.successions["province" if row.is_province else "commune"][outcome] += 1
    succession_history = bulk.create_with_history(UnitSuccession, to_create, **history)
    succession_history += bulk.update_with_history(UnitSuccession, to_update, SUCCESSION_FIELDS, **history)
    report.sources_added += _add_source(UnitSuccession, source, [s.pk for s in written])
    bulk.history_links(UnitSuccession, to_create + to_update, succession_history)
    return report
