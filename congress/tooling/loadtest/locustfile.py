"""The people of a congress day, for locust: readers, clerks and one manager.

`manage.py loadtest` runs locust on this file with LOADTEST_WORKLOAD naming the workload it
prepared (workload.py): the accounts' sessions, the addresses, the rosters. Every request is
named by its kind ("reader list", "clerk import confirm"), which is what the table reports.
What each import came to is appended to the workload's outcomes file, one JSON line per step,
for the check after the run (integrity.py). This module imports no Django.

A request fails when its status is not the one the page gives when it works (200, or 302 after
a save), when an export is not a spreadsheet, or when an import answers otherwise than its
roster's plan says (rosters.py): those are the table's errors. A save refused because another
clerk saved the same person since the form was opened is not one: two clerks of a ward open
the same people on a congress day, and the refusal is the admin doing its work; it is counted
under its own name (SAVE_REFUSED).
"""

import itertools
import json
import os
import random
from collections import Counter
from pathlib import Path

import gevent
from locust import HttpUser, between, constant, events, task

from congress.tooling.loadtest.forms import SAVE_REFUSED, form_fields, save_outcome

WORKLOAD = json.loads(Path(os.environ["LOADTEST_WORKLOAD"]).read_text())
READER = WORKLOAD["reader"]
KINDS = list(WORKLOAD["weights"])
WEIGHTS = [WORKLOAD["weights"][kind] for kind in KINDS]
SPREADSHEET_TYPES = ("application/vnd.openxmlformats", "text/csv")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The heading of the import page over a refused file, at the preview or the confirmation
# (whatever the reason: a bad cell, counts that moved, records edited since the preview).
REFUSED = "bị từ chối: "
PAGE_TIMEOUT = 120
EXPORT_TIMEOUT = WORKLOAD["manager"]["timeout"]

reader_sessions = itertools.cycle(READER["sessions"])
# Requests sent and not yet answered, by kind: those still waiting when locust stops the run
# (after its grace time) are errors, not requests that never were.
unanswered = Counter()
clerks = iter(WORKLOAD["clerks"])
outcomes = open(WORKLOAD["outcomes"], "a", encoding="utf-8")  # noqa: SIM115 (the run's whole length)


@events.quitting.add_listener
def write_statistics(environment, **kwargs):
    """Every kind's figures once every user has stopped, the requests of the stop's grace time
    included (locust's own CSV is written before): JSON beside the outcomes, for report.py."""
    stats = environment.stats
    seconds = max(stats.total.last_request_timestamp - stats.total.start_time, 1e-9)
    kinds = {
        entry.name: {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "per_second": entry.num_requests / seconds,
            "median": entry.get_response_time_percentile(0.5),
            "p95": entry.get_response_time_percentile(0.95),
            "p99": entry.get_response_time_percentile(0.99),
        }
        for entry in stats.entries.values()
    }
    errors = [[e.name, str(e.error), e.occurrences] for e in stats.errors.values()]
    for kind, count in unanswered.items():
        if count:
            figures = kinds.setdefault(
                kind, {"requests": 0, "failures": 0, "per_second": 0.0, "median": 0, "p95": 0, "p99": 0}
            )
            figures["requests"] += count
            figures["failures"] += count
            errors.append([kind, "no answer when the run ended", count])
    Path(WORKLOAD["statistics"]).write_text(
        json.dumps({"seconds": seconds, "kinds": kinds, "errors": errors})
    )


def record_outcome(**outcome):
    outcomes.write(json.dumps(outcome, ensure_ascii=False) + "\n")
    outcomes.flush()


def exponential(mean):
    """Think time of a person who opens a page now and then: arrivals of many add up to a Poisson flow."""
    return lambda user: random.expovariate(1 / mean)


class Person(HttpUser):
    abstract = True

    def log_in(self, session_key):
        self.client.cookies.set("sessionid", session_key)

    def fetch(self, url, kind, *, method="GET", expect=200, check=None, timeout=PAGE_TIMEOUT, **kwargs):
        """One request of a kind; a failure when its status is not `expect` (one or a tuple) or
        `check` says why."""
        expected = expect if isinstance(expect, tuple) else (expect,)
        kwargs.setdefault("allow_redirects", False)
        unanswered[kind] += 1
        try:
            with self.client.request(
                method, url, name=kind, catch_response=True, timeout=timeout, **kwargs
            ) as response:
                if response.status_code not in expected:
                    response.failure(f"{response.status_code} from {url.split('?')[0]}")
                elif check is not None and (problem := check(response)):
                    response.failure(problem)
                else:
                    response.success()
        finally:
            unanswered[kind] -= 1
        return response


def saved(response):
    """None when the form was saved or refused as edited meanwhile (then counted as
    SAVE_REFUSED); else what went wrong."""
    outcome, problem = save_outcome(response.status_code, response.text)
    if outcome == "refused":
        response.request_meta["name"] = SAVE_REFUSED
    return problem


def is_spreadsheet(response):
    if not response.headers.get("Content-Type", "").startswith(SPREADSHEET_TYPES):
        return f"not a spreadsheet: {response.headers.get('Content-Type')}"
    return None


class Reader(Person):
    """Someone reading the city's pages: a page now and then, of the kinds in the mix's proportions."""

    fixed_count = READER["count"]
    wait_time = exponential(READER["interval"])

    def on_start(self):
        self.log_in(next(reader_sessions))
        # Readers do not all arrive in the same second.
        gevent.sleep(random.uniform(0, READER["interval"]))

    @task
    def read(self):
        kind = random.choices(KINDS, WEIGHTS)[0]
        url = random.choice(READER["pages"][kind])
        self.fetch(url, f"reader {kind}", check=is_spreadsheet if kind == "export" else None)


class Clerk(Person):
    """A clerk of one ward: lists, look-ups and saved forms, and now and then a roster to import."""

    fixed_count = len(WORKLOAD["clerks"])
    wait_time = between(*WORKLOAD["clerk_think"])

    def on_start(self):
        self.clerk = next(clerks)
        self.log_in(self.clerk["session"])
        self.rosters = iter(self.clerk["rosters"])
        steps = ["import", "changelist", "autocomplete", "form", "autocomplete"]
        # Clerks are at different points of their work. In a smoke run of a few seconds, every
        # other clerk starts with an import, the others with a form, so that all kinds are asked.
        if WORKLOAD["smoke"]:
            start = 0 if WORKLOAD["clerks"].index(self.clerk) % 2 == 0 else steps.index("form")
        else:
            start = random.randrange(len(steps))
        self.steps = itertools.cycle(steps[start:] + steps[:start])

    @task
    def work(self):
        step = next(self.steps)
        if step == "changelist":
            self.fetch(random.choice(self.clerk["changelist"]), "clerk changelist")
        elif step == "autocomplete":
            self.fetch(random.choice(self.clerk["autocomplete"]), "clerk autocomplete")
        elif step == "form":
            self.save_a_form()
        elif WORKLOAD["smoke"] or random.random() < WORKLOAD["import_chance"]:
            roster = next(self.rosters, None)
            if roster is not None:
                self.import_roster(roster)

    def save_a_form(self):
        url = random.choice(self.clerk["forms"])
        response = self.fetch(url, "clerk form open")
        fields = response.ok and form_fields(response.text, form_id="person_form")
        if not fields:
            return
        fields = [(name, value) for name, value in fields if name != "note"]
        fields += [("note", f"Rà soát ngày đại hội, lượt {random.randint(1, 10**6)}"), ("_save", "Lưu")]
        self.fetch(url, "clerk form save", method="POST", data=fields, expect=(302, 200), check=saved)

    def csrf_token(self):
        return self.client.cookies.get("csrftoken", "")

    def preview(self, roster):
        content = Path(roster["path"]).read_bytes()
        data = {"csrfmiddlewaretoken": self.csrf_token(), "reason": "Danh sách đảng viên (thử tải)"}
        files = {"import_file": (roster["file_name"], content, XLSX)}
        response = self.fetch(
            self.clerk["import"], "clerk import preview", method="POST", data=data, files=files
        )
        if not response.ok:
            record_outcome(
                file=roster["file_name"], step="preview", result="unknown", status=response.status_code
            )
            return None
        confirm = form_fields(response.text, action_ends="process_import/")
        if roster["plan"] == "bad":
            refused = confirm is None and REFUSED in response.text
            record_outcome(
                file=roster["file_name"], step="preview", result="refused" if refused else "unexpected"
            )
            if not refused:
                response.failure("a roster with an impossible date was not refused")
            return None
        if confirm is None:
            record_outcome(file=roster["file_name"], step="preview", result="unexpected")
            response.failure("the preview of a good roster offers no confirmation")
        return confirm

    def import_roster(self, roster):
        if not self.fetch(self.clerk["import"], "clerk import page").ok:
            return
        confirmations = [self.preview(roster)]
        if roster["plan"] == "twice" and confirmations[0] is not None:
            confirmations.append(self.preview(roster))
        for attempt, fields in enumerate(confirmations):
            if fields is None:
                continue
            expected = "confirmed" if attempt == 0 else "refused"
            self.confirm(roster, fields, expected)

    def confirm(self, roster, fields, expected):
        success = f"Đã nhập tệp “{roster['file_name']}”"

        def outcome(response):
            if success in response.text:
                return "confirmed"
            if REFUSED in response.text:
                return "refused"
            return "unexpected"

        unanswered["clerk import confirm"] += 1
        try:
            with self.client.request(
                "POST",
                self.clerk["confirm"],
                name="clerk import confirm",
                data=fields,
                catch_response=True,
                timeout=PAGE_TIMEOUT,
            ) as response:
                result = outcome(response) if response.status_code == 200 else "unknown"
                record_outcome(file=roster["file_name"], step="confirm", result=result, expected=expected)
                if result != expected:
                    response.failure(f"import {result}, expected {expected} ({response.status_code})")
                else:
                    response.success()
        finally:
            unanswered["clerk import confirm"] -= 1


class Manager(Person):
    """The manager who exports the people of their provinces, once and again after a pause."""

    fixed_count = 1
    wait_time = constant(WORKLOAD["manager"]["pause"])

    def on_start(self):
        self.log_in(WORKLOAD["manager"]["session"])

    @task
    def export(self):
        manager = WORKLOAD["manager"]
        self.fetch(manager["export"], "manager export", check=is_spreadsheet, timeout=EXPORT_TIMEOUT)
