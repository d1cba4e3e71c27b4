"""
The plan of a run: which provinces and communes get organisations, how many members each has,
in which cells; the sizes and dates it follows; and the helpers every part of the run draws on.
"""

import datetime
import math
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from vietnam_provinces import Province, Ward

from records.models import AdministrativeUnit, Organisation, UnitSuccession
from records.models.units import SuccessionPortion, UnitKind, UnitRegister
from records.units_register import load_units

# Sizes; the package docstring says where they come from.
MEMBERS_PER_CELL = 90
CELLS_PER_COMMUNE = 20
MEMBERS_PER_COMMUNE = MEMBERS_PER_CELL * CELLS_PER_COMMUNE
# Enough people for an executive committee of 15 seats, its departures and the chairs.
MIN_MEMBERS_PER_COMMUNE = 20
COMMUNES_PER_WORKING_GROUP = 8
SEATS = (15, 35)
LEGACY_SEATS = (13, 21)
# A party organisation of up to this many members holds a congress of all its members.
ALL_MEMBER_CONGRESS_MAX = 150
MAX_DELEGATES = 200

# The data describes the state on AS_OF, so that no date depends on when it was generated.
REORGANISED_ON = datetime.date(2025, 7, 1)
LEGACY_ENDED_ON = REORGANISED_ON - datetime.timedelta(days=1)
AS_OF = datetime.date(2026, 9, 30)
TERM = (2025, 2030)
LEGACY_TERM = (2020, 2025)


# Helpers ###################################################################


def new_uid(rng):
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def place_name(unit_name):
    """ "Tỉnh Nghệ An" -> "Nghệ An"; "Thành phố Hà Nội" -> "Hà Nội"."""
    for prefix in ("Thành phố ", "Tỉnh "):
        if unit_name.startswith(prefix):
            return unit_name[len(prefix) :]
    return unit_name


def in_sentence(unit_name):
    """A unit's name as it reads after another word: "Phường Thiên Hương" -> "phường Thiên Hương"."""
    for prefix in ("Thành phố", "Tỉnh", "Thị trấn", "Thị xã", "Phường", "Xã", "Đặc khu"):
        if unit_name.startswith(prefix + " "):
            return prefix.lower() + unit_name[len(prefix) :]
    return unit_name


def split(total, parts, rng, spread):
    """Split total into parts uneven sizes, each at least 1 when total allows."""
    floor = 1 if total >= parts else 0
    weights = [rng.uniform(1 - spread, 1 + spread) for _ in range(parts)]
    shares = [(total - floor * parts) * weight / sum(weights) for weight in weights]
    sizes = [floor + int(share) for share in shares]
    # The largest remainders take what rounding down left over.
    by_remainder = sorted(range(parts), key=lambda i: (int(shares[i]) - shares[i], i))
    for i in by_remainder[: total - sum(sizes)]:
        sizes[i] += 1
    return sizes


def random_date(rng, start, end):
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


class CannotGenerate(ValueError):
    """The request cannot be met; the message says why, in Vietnamese."""



# Plan ######################################################################


@dataclass
class ProvincePlan:
    """A province, and once written, the ids of its organisations and its leaders."""

    unit_id: int
    name: str
    kind: str
    communes: list = field(default_factory=list)
    party: object = None
    committee: object = None
    office_cell: object = None
    working_groups: list = field(default_factory=list)
    # (person id, title) of each working group's leader, who directs its communes' congresses.
    group_leaders: list = field(default_factory=list)
    # The number of the committee's last decision ("1234-QĐ/TU"), so that each is numbered anew.
    decisions: int = 0

    @property
    def committee_name(self):
        word = "Thành ủy" if self.kind == UnitKind.CITY else "Tỉnh ủy"
        return f"{word} {place_name(self.name)}"

    def next_decision(self):
        """The symbol of the committee's next decision: "1001-QĐ/TU", "1002-QĐ/TU", ..."""
        self.decisions += 1
        return f"{1000 + self.decisions}-QĐ/TU"

    @property
    def working_group_count(self):
        return math.ceil(len(self.communes) / COMMUNES_PER_WORKING_GROUP)

    @property
    def leader_count(self):
        """The secretary, two deputies, and standing members enough to lead the working groups."""
        return 3 + min(15, max(5, self.working_group_count)) if self.communes else 0


@dataclass
class CommunePlan:
    """A commune or ward given a party organisation, and once written, the ids of its records."""

    unit_id: int
    code: str
    name: str
    province: ProvincePlan
    members: int = 0
    cell_sizes: list = field(default_factory=list)
    seats: int = 0
    working_group: int = 0
    legacy_unit: tuple | None = None  # (id, name) of a pre-2025 commune it was formed from
    party: object = None
    committee: object = None
    council: object = None
    people_committee: object = None
    cells: list = field(default_factory=list)  # [(id, name)]
    opened_on: datetime.date | None = None
    closed_on: datetime.date | None = None
    delegate_count: int = 0
    congress: object = None
    resolution: object = None
    legacy_party: object = None
    legacy_committee: object = None
    legacy_seats: int = 0
    legacy_opened_on: datetime.date | None = None
    legacy_closed_on: datetime.date | None = None
    # Its delegation to the province's congress, which its congress elected.
    delegation: object = None
    delegation_seats: int = 0

    @property
    def place(self):
        return in_sentence(self.name)

    @property
    def committee_name(self):
        return f"Ban Chấp hành Đảng bộ {self.place} khóa I, nhiệm kỳ {TERM[0]}–{TERM[1]}"

    @property
    def delegation_name(self):
        return (
            f"Đoàn đại biểu Đảng bộ {self.place} dự Đại hội đại biểu Đảng bộ "
            f"{in_sentence(self.province.name)} nhiệm kỳ {TERM[0]}–{TERM[1]}"
        )

    @property
    def legacy_place(self):
        return in_sentence(self.legacy_unit[1])


# Units and plan ############################################################


def ensure_units(province_code=None):
    """Load the official units when the 2025 list (of the chosen province) is not all there."""
    provinces = [p for p in Province.iter_all() if province_code in (None, p.code.value)]
    wards = sum(1 for w in Ward.iter_all() if province_code in (None, w.province_code.value))
    current = AdministrativeUnit.objects.filter(register=UnitRegister.CURRENT)
    if province_code is not None:
        code = f"{province_code:02d}"
        current = current.filter(code=code) | current.filter(parent__code=code)
    if current.count() >= len(provinces) + wards:
        return False
    load_units(provinces=provinces if province_code is not None else None)
    return True


def plan(rng, *, people, communes_wanted=None, province_code=None):
    """The provinces and the communes that get organisations, with their members, cells and seats."""
    provinces = AdministrativeUnit.objects.filter(
        register=UnitRegister.CURRENT, kind__in=AdministrativeUnit.PROVINCE_KINDS
    ).order_by("code")
    if province_code is not None:
        provinces = provinces.filter(code=f"{province_code:02d}")
    provinces = {
        pk: ProvincePlan(unit_id=pk, name=name, kind=kind)
        for pk, name, kind in provinces.values_list("id", "name", "kind")
    }
    # A commune that already has organisations (the seed article's ward) is left alone.
    taken = set(
        Organisation.objects.exclude(administrative_unit=None).values_list(
            "administrative_unit", flat=True
        )
    )
    available = [
        row
        for row in AdministrativeUnit.objects.filter(
            register=UnitRegister.CURRENT,
            kind__in=[UnitKind.WARD, UnitKind.COMMUNE, UnitKind.SPECIAL_ZONE],
            parent__in=list(provinces),
        )
        .order_by("code")
        .values_list("id", "code", "name", "parent")
        if row[0] not in taken
    ]
    wanted = communes_wanted
    if wanted is None:
        wanted = min(len(available), max(1, round(people / MEMBERS_PER_COMMUNE)))
    if not 1 <= wanted <= len(available):
        raise CannotGenerate(
            f"Cần {wanted} xã, phường chưa có tổ chức nào, nhưng chỉ còn {len(available)}."
        )
    communes = []
    for pk, code, name, parent in sorted(rng.sample(available, wanted), key=lambda row: row[1]):
        commune = CommunePlan(unit_id=pk, code=code, name=name, province=provinces[parent])
        commune.province.communes.append(commune)
        communes.append(commune)

    leaders = sum(province.leader_count for province in provinces.values())
    members = people - leaders
    if members < MIN_MEMBERS_PER_COMMUNE * wanted:
        raise CannotGenerate(
            f"Cần ít nhất {leaders + MIN_MEMBERS_PER_COMMUNE * wanted} người cho {wanted} xã, phường: "
            f"mỗi nơi ít nhất {MIN_MEMBERS_PER_COMMUNE} đảng viên, cộng {leaders} người của "
            "Tỉnh ủy, Thành ủy."
        )
    extra = split(members - MIN_MEMBERS_PER_COMMUNE * wanted, wanted, rng, spread=0.6)
    legacy = legacy_units(communes, taken)
    for commune, size in zip(communes, extra, strict=True):
        commune.members = MIN_MEMBERS_PER_COMMUNE + size
        cells = min(commune.members, max(1, round(commune.members / MEMBERS_PER_CELL)))
        commune.cell_sizes = split(commune.members, cells, rng, spread=0.5)
        # Thiên Hương: 27 seats for 1,535 members.
        seats = round(13 + commune.members / 120) + rng.randint(-3, 3)
        commune.seats = max(SEATS[0], min(SEATS[1], seats))
        commune.legacy_unit = legacy.get(commune.unit_id)
    for province in provinces.values():
        for index, commune in enumerate(province.communes):
            commune.working_group = index // COMMUNES_PER_WORKING_GROUP
    return list(provinces.values()), communes


def legacy_units(communes, taken):
    """For each commune, a pre-2025 commune it was formed from (whole ones first), each used once."""
    successions = (
        UnitSuccession.objects.filter(successor__in=[commune.unit_id for commune in communes])
        .order_by("successor", "predecessor__code")
        .values_list("successor", "predecessor", "predecessor__name", "portion")
    )
    candidates = defaultdict(list)
    for successor, predecessor, name, portion in successions:
        candidates[successor].append((portion != SuccessionPortion.WHOLE, predecessor, name))
    chosen, used = {}, set(taken)
    for commune in communes:
        for _, predecessor, name in sorted(candidates[commune.unit_id]):
            if predecessor not in used:
                used.add(predecessor)
                chosen[commune.unit_id] = (predecessor, name)
                break
    return chosen
