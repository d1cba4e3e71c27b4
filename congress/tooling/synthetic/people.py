"""
People, commune by commune: the members of each cell and their memberships, the executive
committee of the congress (its posts written with the election or appointment that gave them,
decisions.py), the chairs of the councils, the pre-2025 committee, and then the congress
records that name them. Each commune and province draws from a generator of its own.
"""

import datetime
import math
import random

from records.models import Membership, Person
from records.models.people import MembershipRole, PersonGender

from .congresses import write_attendance, write_indicators, write_speeches, write_tasks
from .decisions import Committee, write_decisions
from .names import BIRTH_YEAR_TABLE, FEMALE_SHARE, pick, typed_name
from .plan import AS_OF, LEGACY_ENDED_ON, REORGANISED_ON, new_uid, random_date

BLANK_GENDER_SHARE = 0.01
BLANK_BIRTH_YEAR_SHARE = 0.01
CELL_MOVE_SHARE = 0.03
COMMITTEE_END_REASONS = [
    "Chuyển công tác",
    "Nghỉ hưu",
    "Từ trần",
    "Xin thôi tham gia cấp ủy vì lý do sức khỏe",
]


def new_person(rng, born=None):
    gender = PersonGender.FEMALE if rng.random() < FEMALE_SHARE else PersonGender.MALE
    name = typed_name(rng, gender)
    birth_year = rng.randint(*born) if born else pick(rng, BIRTH_YEAR_TABLE)
    return Person(
        uid=new_uid(rng),
        full_name=name,
        gender="" if rng.random() < BLANK_GENDER_SHARE else gender,
        birth_year=None if rng.random() < BLANK_BIRTH_YEAR_SHARE else birth_year,
    )


def new_membership(rng, person, organisation, role, title, start_on, **fields):
    return Membership(
        uid=new_uid(rng),
        person_id=person,
        organisation_id=organisation,
        role=role,
        title=title,
        start_on=start_on,
        **fields,
    )


def write_province_leaders(writer, seed, province):
    rng = random.Random(f"generate_data:{seed}:province:{province.unit_id}")
    leaders = writer.save([new_person(rng, born=(1962, 1976)) for _ in range(province.leader_count)])
    committee = province.committee_name
    for index, leader in enumerate(leaders):
        writer.add(
            new_membership(
                rng, leader.pk, province.office_cell, MembershipRole.MEMBER, "Đảng viên", REORGANISED_ON
            )
        )
        if index == 0:
            role, title = MembershipRole.SECRETARY, f"Bí thư {committee}"
        elif index < 3:
            role, title = MembershipRole.DEPUTY_SECRETARY, f"Phó Bí thư {committee}"
        else:
            role, title = MembershipRole.STANDING_MEMBER, f"Ủy viên Ban Thường vụ {committee}"
        writer.add(new_membership(rng, leader.pk, province.committee, role, title, REORGANISED_ON))
    standing = leaders[3:]
    for number, group in enumerate(province.working_groups, start=1):
        leader = standing[(number - 1) % len(standing)]
        title = f"Tổ trưởng Tổ công tác số {number} của {committee}"
        writer.add(
            new_membership(rng, leader.pk, group, MembershipRole.GROUP_LEADER, title, REORGANISED_ON)
        )
        province.group_leaders.append((leader.pk, f"Ủy viên Ban Thường vụ {committee}, {title}"))


def write_commune(writer, seed, commune):
    rng = random.Random(f"generate_data:{seed}:commune:{commune.code}")
    place, cells = commune.place, commune.cells
    party_committee = f"Đảng ủy {place}"

    # Members, cell by cell, each with a membership of their cell; a few moved in from
    # another cell of the commune. The first member who did not move is the cell's secretary.
    members = []  # (person id, birth year, cell index)
    secretaries = {}  # cell index -> person id
    for cell_index, size in enumerate(commune.cell_sizes):
        cell, cell_name = cells[cell_index]
        for person in writer.save([new_person(rng) for _ in range(size)]):
            members.append((person.pk, person.birth_year, cell_index))
            start_on, start_reason = REORGANISED_ON, ""
            if len(cells) > 1 and rng.random() < CELL_MOVE_SHARE:
                old, old_name = cells[(cell_index + rng.randint(1, len(cells) - 1)) % len(cells)]
                start_on = random_date(rng, datetime.date(2025, 9, 1), AS_OF)
                start_reason = f"Chuyển sinh hoạt đảng từ {old_name}"
                writer.add(
                    new_membership(
                        rng,
                        person.pk,
                        old,
                        MembershipRole.MEMBER,
                        f"Đảng viên {old_name}",
                        REORGANISED_ON,
                        end_on=start_on - datetime.timedelta(days=1),
                        end_reason=f"Chuyển sinh hoạt đảng đến {cell_name}",
                    )
                )
            elif cell_index not in secretaries:
                secretaries[cell_index] = person.pk
                writer.add(
                    new_membership(
                        rng,
                        person.pk,
                        cell,
                        MembershipRole.SECRETARY,
                        f"Bí thư {cell_name}",
                        REORGANISED_ON,
                    )
                )
            writer.add(
                new_membership(
                    rng,
                    person.pk,
                    cell,
                    MembershipRole.MEMBER,
                    f"Đảng viên {cell_name}",
                    start_on,
                    start_reason=start_reason,
                )
            )

    # The executive committee, from members of working age where there are enough, filled to
    # 80–100 % of its seats; up to two more were elected and have left since.
    candidates = [m[0] for m in members if m[1] and 1962 <= m[1] <= 1995]
    filled = rng.randint(math.ceil(commune.seats * 0.8), commune.seats)
    # No more elected than the seats the congress decided (Election's rule).
    departed = min(commune.seats - filled, rng.choice([0, 0, 0, 1, 1, 2]))
    elected = rng.sample(candidates, min(len(candidates), filled + departed))
    if len(elected) < filled + departed:
        chosen = set(elected)
        elected += rng.sample(
            [m[0] for m in members if m[0] not in chosen], filled + departed - len(elected)
        )
    current = elected[:filled]
    deputies = 2 if filled >= 9 else 1
    standing = max(0, round(filled / 3) - 1 - deputies)
    secretary = current[0]
    deputy_ids = current[1 : 1 + deputies] or [secretary]
    standing_ids = current[1 + deputies : 1 + deputies + standing]
    ordinary = current[1 + deputies + standing :]
    posts = {}  # person id -> title of the highest post in the committee
    roles, ended = {}, {}
    for index, person in enumerate(elected):
        if index == 0:
            role, title = MembershipRole.SECRETARY, f"Bí thư {party_committee}"
        elif person in deputy_ids:
            role, title = MembershipRole.DEPUTY_SECRETARY, f"Phó Bí thư {party_committee}"
        elif person in standing_ids or (index >= filled and rng.random() < 0.3):
            role, title = MembershipRole.STANDING_MEMBER, f"Ủy viên Ban Thường vụ {party_committee}"
        else:
            role, title = MembershipRole.MEMBER, f"Ủy viên Ban Chấp hành Đảng bộ {place}"
        if index >= filled:
            ended[person] = {
                "end_on": random_date(rng, commune.closed_on + datetime.timedelta(days=60), AS_OF),
                "end_reason": rng.choice(COMMITTEE_END_REASONS),
            }
        posts[person], roles[person] = title, role
    # Their posts are written with the election or the appointment that gave them (decisions.py).
    committee = Committee(
        people=elected,
        roles=roles,
        titles=posts,
        ended=ended,
        member_title=f"Ủy viên Ban Chấp hành Đảng bộ {place}",
    )

    # As in most wards since 2025, the secretary chairs the People's Council and a deputy
    # the People's Committee.
    council, people_committee = f"HĐND {place}", f"UBND {place}"
    chairs = [
        (secretary, commune.council, MembershipRole.CHAIR, f"Chủ tịch {council}"),
        (deputy_ids[-1], commune.people_committee, MembershipRole.CHAIR, f"Chủ tịch {people_committee}"),
    ]
    for person in (standing_ids or ordinary or [secretary])[:1]:
        chairs.append((person, commune.council, MembershipRole.VICE_CHAIR, f"Phó Chủ tịch {council}"))
    for person in (ordinary or standing_ids or [secretary])[:2]:
        chairs.append(
            (
                person,
                commune.people_committee,
                MembershipRole.VICE_CHAIR,
                f"Phó Chủ tịch {people_committee}",
            )
        )
    for person, organisation, role, title in chairs:
        writer.add(
            new_membership(
                rng,
                person,
                organisation,
                role,
                title,
                REORGANISED_ON,
                start_reason="Chỉ định khi thành lập đơn vị hành chính mới",
            )
        )

    # The committee of the pre-2025 commune: every post ended with the reorganisation.
    if commune.legacy_committee:
        legacy_place = commune.legacy_place
        pool = candidates if len(candidates) >= commune.legacy_seats else [m[0] for m in members]
        for index, person in enumerate(rng.sample(pool, min(len(pool), commune.legacy_seats))):
            if index == 0:
                role, title = MembershipRole.SECRETARY, f"Bí thư Đảng ủy {legacy_place}"
            elif index <= 2:
                role, title = MembershipRole.DEPUTY_SECRETARY, f"Phó Bí thư Đảng ủy {legacy_place}"
            elif index <= 5:
                role, title = (
                    MembershipRole.STANDING_MEMBER,
                    f"Ủy viên Ban Thường vụ Đảng ủy {legacy_place}",
                )
            else:
                role, title = MembershipRole.MEMBER, f"Ủy viên Ban Chấp hành Đảng bộ {legacy_place}"
            writer.add(
                new_membership(
                    rng,
                    person,
                    commune.legacy_committee,
                    role,
                    title,
                    commune.legacy_closed_on,
                    start_reason=f"Được Đại hội Đảng bộ {legacy_place} bầu",
                    end_on=LEGACY_ENDED_ON,
                    end_reason="Kết thúc hoạt động khi sắp xếp đơn vị hành chính",
                )
            )

    cell_of = {person: cell_index for person, _, cell_index in members}
    others = [person for person, _, _ in members if person not in posts]
    delegates, presidium = write_attendance(
        writer, rng, commune, posts, others, cell_of, [secretary, *deputy_ids, *standing_ids]
    )
    write_decisions(writer, rng, commune, committee, delegates, presidium, others)
    write_speeches(writer, rng, commune, secretary, deputy_ids, secretaries, cell_of)
    write_indicators(writer, rng, commune)
    write_tasks(writer, rng, commune, list(posts))
