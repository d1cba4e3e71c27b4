"""After a load run: was every confirmed import written whole, and did every refused one write
nothing?

The clerks' outcomes (one JSON line per preview or confirmation, written by the locustfile)
say what the site answered; the database says what happened. A roster's rows are found by
their names, which no one else bears (rosters.py), and its import by the Source the import
recorded with the file's name. A roster is

* whole: one import Source for the file, every name one person, each with one post citing it;
* untouched: no Source for the file and none of its names on file;
* partial: anything else, the one result that must never be.

A confirmed import must be whole, a roster whose every answer was a refusal untouched (the
second confirmation of a roster previewed twice is refused after the first imported it: the
roster is whole, and one Source and one post a name show that the refusal wrote nothing), and
one whose answer was lost (a worker killed, a request cut) whole or untouched.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field

from records.models import Membership, Person, Source
from records.models.sources import SourceKind

WHOLE = "whole"
UNTOUCHED = "untouched"
PARTIAL = "partial"


@dataclass
class ImportCheck:
    confirmed: int = 0
    confirmed_whole: int = 0
    refused: int = 0
    refused_wrote_nothing: int = 0
    lost: int = 0
    lost_whole_or_untouched: int = 0
    problems: list = field(default_factory=list)

    @property
    def partial(self):
        return len(self.problems)


def read_outcomes(path):
    """{file name: [outcome]} from the locustfile's JSON lines."""
    outcomes = defaultdict(list)
    try:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    outcome = json.loads(line)
                    outcomes[outcome["file"]].append(outcome)
    except FileNotFoundError:
        pass
    return outcomes


def state_of(roster):
    """WHOLE, UNTOUCHED or PARTIAL: what the database holds of a roster."""
    names = roster["names"]
    sources = list(Source.objects.filter(kind=SourceKind.SPREADSHEET, file_name=roster["file_name"]))
    people = Person.objects.filter(full_name__in=names)
    found = people.count()
    if not sources and not found:
        return UNTOUCHED
    if len(sources) != 1 or found != len(names):
        return PARTIAL
    posts = Membership.objects.filter(person__in=people)
    cited = posts.filter(sources=sources[0]).count()
    if posts.count() == len(names) and cited == len(names) and sources[0].rows_created == len(names):
        return WHOLE
    return PARTIAL


def check_imports(rosters, outcomes_path):
    """An ImportCheck of every roster the clerks tried to import."""
    check = ImportCheck()
    outcomes = read_outcomes(outcomes_path)
    for roster in rosters:
        answers = outcomes.get(roster["file_name"])
        if not answers:
            continue
        results = {answer["result"] for answer in answers}
        state = state_of(roster)
        refusals = sum(answer["result"] == "refused" for answer in answers)
        if "confirmed" in results:
            check.confirmed += 1
            check.confirmed_whole += state == WHOLE
            # A refusal after the confirmation wrote nothing if the roster is exactly whole.
            check.refused += refusals
            check.refused_wrote_nothing += refusals if state == WHOLE else 0
            expected = WHOLE
        elif results == {"refused"}:
            check.refused += refusals
            check.refused_wrote_nothing += refusals if state == UNTOUCHED else 0
            expected = UNTOUCHED
        else:
            check.lost += 1
            check.lost_whole_or_untouched += state != PARTIAL
            expected = f"{WHOLE} or {UNTOUCHED}"
        if state == PARTIAL or (expected in (WHOLE, UNTOUCHED) and state != expected):
            check.problems.append(f"{roster['file_name']}: {state}, expected {expected}")
    return check
