"""
The organisation tree: each province's Party Organisation and Committee, its working groups,
and each commune's Party Organisation, councils, executive committee and cells, written level
by level.
"""

from records.models import Organisation
from records.models.organisations import OrganisationKind

from .congresses import congress_dates
from .plan import LEGACY_ENDED_ON, LEGACY_SEATS, LEGACY_TERM, REORGANISED_ON, in_sentence, new_uid

# A commune with enough cells has these besides its residential ones.
AGENCY_CELLS = [
    "Chi bộ Cơ quan Đảng – Mặt trận – Đoàn thể",
    "Chi bộ Ủy ban nhân dân",
    "Chi bộ Công an",
    "Chi bộ Quân sự",
]


def _pk(value):
    return value.pk if hasattr(value, "pk") else value


def new_organisation(rng, **fields):
    return Organisation(uid=new_uid(rng), **fields)


def write_organisations(writer, rng, provinces, communes):
    """Write the organisation tree level by level, so that each level can point at its parents."""
    existing = {
        (unit, parent, name_key): pk
        for pk, unit, parent, name_key in Organisation.objects.filter(
            administrative_unit__in=[province.unit_id for province in provinces]
        ).values_list("id", "administrative_unit", "parent", "name_key")
    }

    def province_organisation(level, **fields):
        """A province's organisation: found again when an earlier load wrote it, else new."""
        record = new_organisation(rng, **fields)
        record.normalise()
        found = existing.get((fields["administrative_unit_id"], fields.get("parent_id"), record.name_key))
        if found is None:
            level.append(record)
        return found or record

    level = []
    for province in provinces:
        province.party = province_organisation(
            level,
            name=f"Đảng bộ {in_sentence(province.name)}",
            kind=OrganisationKind.PARTY_ORGANISATION,
            administrative_unit_id=province.unit_id,
        )
    save_level(writer, level, provinces, communes)

    level = []
    for province in provinces:
        province.committee = province_organisation(
            level,
            name=province.committee_name,
            kind=OrganisationKind.PARTY_COMMITTEE,
            parent_id=province.party,
            administrative_unit_id=province.unit_id,
        )
        if province.communes:
            province.office_cell = province_organisation(
                level,
                name=f"Chi bộ Văn phòng {province.committee_name}",
                kind=OrganisationKind.PARTY_CELL,
                parent_id=province.party,
                administrative_unit_id=province.unit_id,
            )
    for commune in communes:
        place = commune.place
        commune.party = new_organisation(rng,
            name=f"Đảng bộ {place}",
            kind=OrganisationKind.PARTY_ORGANISATION,
            parent_id=commune.province.party,
            administrative_unit_id=commune.unit_id,
            founded_on=REORGANISED_ON,
        )
        commune.council = new_organisation(rng,
            name=f"Hội đồng nhân dân {place}",
            short_name=f"HĐND {place}",
            kind=OrganisationKind.PEOPLES_COUNCIL,
            administrative_unit_id=commune.unit_id,
            founded_on=REORGANISED_ON,
        )
        commune.people_committee = new_organisation(rng,
            name=f"Ủy ban nhân dân {place}",
            short_name=f"UBND {place}",
            kind=OrganisationKind.PEOPLES_COMMITTEE,
            administrative_unit_id=commune.unit_id,
            founded_on=REORGANISED_ON,
        )
        level += [commune.party, commune.council, commune.people_committee]
        if commune.legacy_unit:
            commune.legacy_party = new_organisation(rng,
                name=f"Đảng bộ {commune.legacy_place}",
                kind=OrganisationKind.PARTY_ORGANISATION,
                administrative_unit_id=commune.legacy_unit[0],
                dissolved_on=LEGACY_ENDED_ON,
            )
            level.append(commune.legacy_party)
    save_level(writer, level, provinces, communes)

    level = []
    for province in provinces:
        for number in range(1, province.working_group_count + 1):
            province.working_groups.append(
                province_organisation(
                    level,
                    name=f"Tổ công tác số {number} của {province.committee_name}",
                    kind=OrganisationKind.WORKING_GROUP,
                    parent_id=province.committee,
                    administrative_unit_id=province.unit_id,
                )
            )
    for commune in communes:
        congress_dates(rng, commune)
        commune.committee = new_organisation(rng,
            name=commune.committee_name,
            kind=OrganisationKind.EXECUTIVE_COMMITTEE,
            parent_id=commune.party,
            administrative_unit_id=commune.unit_id,
            seat_count=commune.seats,
            founded_on=commune.closed_on,
        )
        # About one delegate to the province's congress for every 200 members.
        commune.delegation_seats = max(2, min(15, round(commune.members / 200) + rng.randint(-1, 1)))
        commune.delegation = new_organisation(
            rng,
            name=commune.delegation_name,
            kind=OrganisationKind.OTHER,
            parent_id=commune.party,
            administrative_unit_id=commune.unit_id,
            seat_count=commune.delegation_seats,
            founded_on=commune.closed_on,
        )
        level += [commune.committee, commune.delegation]
        names = [f"Chi bộ khu dân cư số {k}" for k in range(1, len(commune.cell_sizes) + 1)]
        if len(names) >= 2 * len(AGENCY_CELLS):
            names = AGENCY_CELLS + names[: -len(AGENCY_CELLS)]
        for name in names:
            cell = new_organisation(rng,
                name=name,
                kind=OrganisationKind.PARTY_CELL,
                parent_id=commune.party,
                administrative_unit_id=commune.unit_id,
                founded_on=REORGANISED_ON,
            )
            commune.cells.append((cell, name))
            level.append(cell)
        if commune.legacy_party:
            commune.legacy_seats = rng.randint(*LEGACY_SEATS)
            commune.legacy_committee = new_organisation(rng,
                name=(
                    f"Ban Chấp hành Đảng bộ {commune.legacy_place} "
                    f"nhiệm kỳ {LEGACY_TERM[0]}–{LEGACY_TERM[1]}"
                ),
                kind=OrganisationKind.EXECUTIVE_COMMITTEE,
                parent_id=commune.legacy_party,
                administrative_unit_id=commune.legacy_unit[0],
                seat_count=commune.legacy_seats,
                founded_on=commune.legacy_closed_on,
                dissolved_on=LEGACY_ENDED_ON,
            )
            level.append(commune.legacy_committee)
    save_level(writer, level, provinces, communes)


def save_level(writer, level, provinces, communes):
    """Write a level of organisations and put their ids in the plan in place of the records."""
    writer.save(level)
    for province in provinces:
        province.party = _pk(province.party)
        province.committee = _pk(province.committee)
        province.office_cell = _pk(province.office_cell)
        province.working_groups = [_pk(group) for group in province.working_groups]
    for commune in communes:
        for name in (
            "party",
            "council",
            "people_committee",
            "committee",
            "legacy_party",
            "legacy_committee",
            "delegation",
        ):
            setattr(commune, name, _pk(getattr(commune, name)))
        commune.cells = [(_pk(cell), name) for cell, name in commune.cells]
