"""read_report(): a congress report's text in, every fact it states out as proposals.

Rules only, on the Vietnamese toolkit (records.vietnamese), no Django and no model: a report of
a thousand words reads in a few milliseconds, and the same text always gives the same reading.
The text may start with the corpus's header ("Nguồn:", "Địa chỉ:", "Ngày:"); its date is the
publication date when none is passed, and the header itself is not read as report.
"""

import datetime as dt

from congress.reading.congress_facts import read_congress, read_counts
from congress.reading.documents import read_documents
from congress.reading.figures import read_committees, read_figures
from congress.reading.people import read_people
from congress.reading.proposals import Reading
from congress.reading.results import read_indicators, read_tasks
from congress.reading.sources import split_header
from congress.reading.speeches import speech_summary
from congress.reading.text import key, normalise, sentences, working_copy


def read_report(text: str, published_on: dt.date | None = None, address: str = "") -> Reading:
    """
    Read a report into a Reading. Spans point into reading.text, the text after NFC (the
    same characters as given, in composed form). The address (the article's URL, else the
    header's "Địa chỉ:") gives the ordinal and the term when the text states neither.
    """
    text = normalise(text)
    header = split_header(text)
    if published_on is None:
        published_on = header.published_on
    working = working_copy(text)
    found = sentences(working, header.body_start)
    reading = Reading(text=text)
    reading.congress = read_congress(found, published_on, text, address or header.address)
    reading.counts = read_counts(found)
    said: dict[str, list] = {}
    reading.people, reading.posts, reading.elections, reading.mentions = read_people(found, text, working, said)
    _summaries(reading, found, header.body_start, said)
    reading.documents = read_documents(found, text, working)
    reading.figures = read_figures(found, text, working)
    reading.committees = read_committees(found, text, working)
    reading.indicators = read_indicators(found, working, text)
    reading.tasks = read_tasks(found, working, text)
    return reading


def _summaries(reading: Reading, found: list, body_start: int, said: dict) -> None:
    """Each speaker's first speaking proposal gets the summary of what the report says they said."""
    for person in reading.people:
        if person.role != "speaking" or person.summary:
            continue
        others = {
            span.start
            for name, spans in said.items()
            if name != key(person.name)
            for span in spans
        } | {p.span.start for p in reading.people if key(p.name) != key(person.name) and p.span is not None}
        person.summary = speech_summary(reading.text, found, said.get(key(person.name), []), others, body_start)
