"""The people a sheet's rows name: fetched a chunk at a time, then resolved row by row.

A mixin of ImportRun (records/sheets/run.py), as RowChoices and RecordChanges are: it uses the
run's fields, look-ups, row and choices, and keeps the rules for a name, a birth year and a
gender in one place for every kind whose rows name people.
"""

from records import vietnamese

from .columns import cell_text
from .lookups import GenderConflict, OrganisationLookup, PersonLookup, PossibleDuplicate, birth_year_of


class PeopleNamed:
    """What an import run does with the names of people in its rows."""

    def load_people(self, dataset, column, birth_year="birth_year", organisation="organisation"):
        """Fetch the people a name column (and the birth-year column, as resolve_person() reads
        them) names, and those it may mean (records.duplicates), in the row's organisation too."""
        if column not in dataset.headers:
            return
        names = [vietnamese.clean_name(cell_text(name)) for name in dataset[column]]
        year_column = self.fields[birth_year].column_name if birth_year in self.fields else None
        if year_column in dataset.headers:
            years = [birth_year_of(cell) for cell in dataset[year_column]]
        else:
            years = [None] * len(names)
        organisations = None
        organisation_column = self.fields.get(organisation)
        if organisation_column is not None and organisation_column.column_name in dataset.headers:
            # The organisations a row's cell names, as its widget will read it (fetched already).
            found = self.lookup(OrganisationLookup)
            organisations = [
                frozenset(o.pk for o in found.candidates(vietnamese.clean_name(cell_text(cell))) if o.pk)
                for cell in dataset[organisation_column.column_name]
            ]
        self.lookup(PersonLookup).load_named(zip(names, years, strict=True), organisations)

    def resolve_person(self, values, name="full_name", birth_year="birth_year", gender="gender"):
        """The person a row names by name (and birth year, gender), with what it adds to them.

        An ambiguous name is blamed on the name's column, a conflicting gender on the gender's.
        """
        if not values.get(name):
            return None
        people = self.lookup(PersonLookup)
        chosen = self.choice(people) if (self.kind.choice_lookup or PersonLookup) is PersonLookup else None
        if self.row.errors:
            return None
        organisation = values.get("organisation")
        organisations = frozenset([organisation.pk]) if getattr(organisation, "pk", None) else frozenset()
        year = values.get(birth_year)
        try:
            person, fills = people.resolve(
                values[name], year, values.get(gender, ""), chosen=chosen, organisations=organisations
            )
        except PossibleDuplicate as flagged:
            if self.possible_duplicate(people, name, flagged.candidates):
                # Not findable by later rows: each row naming the name is flagged, and chosen for.
                return people.create(values[name], year, values.get(gender, ""), findable=False)
        except GenderConflict as error:
            self.error_on(gender, str(error))
        except ValueError as error:
            self.error_on(name, str(error))
        else:
            self.note_match(person)
            if fills:
                self.row.fills.append((people, person, fills))
            return person
        return None
