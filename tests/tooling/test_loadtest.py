"""The load test's parts (congress/tooling/loadtest/): the workload's addresses answer, the rosters
import as their plans say, the integrity check tells whole from partial, the table's targets, a
browser's form read back from a page; and a gunicorn worker killed in the middle of confirming an
import leaves it whole or absent, and the same confirmation imports it whole afterwards.

The load run itself (locust) is run by `make loadtest-smoke`, which CI runs.
"""

import http.client
import sqlite3
import threading
import time
import urllib.parse
from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from congress.tooling.loadtest import integrity, report
from congress.tooling.loadtest.baseline import KindBaseline, pages_per_second
from congress.tooling.loadtest.forms import form_fields, save_outcome
from congress.tooling.loadtest.integrity import ImportCheck, state_of
from congress.tooling.loadtest.rosters import (
    FAMILIES,
    IMPOSSIBLE_DATE,
    PLANS,
    roster_name,
    run_tag,
    write_rosters,
)
from congress.tooling.loadtest.server import Gunicorn, production_environment
from congress.tooling.loadtest.workload import prepare, reader_sessions
from congress.tooling.synthetic.names import FAMILY_NAMES
from records.models import Membership, Person, SheetPreview
from records.sheets.services import IMPORT_LOCK_KEY, sheet_import
from tests.records.factories import OrganisationFactory, PersonFactory
from tests.site.test_busy import file_database

SMALL = ["--people", "300", "--communes", "3", "--province", "31", "--seed", "7"]


def roster_files(tmp_path, cell, count=5, rows=4, tag=("Khổng", "An")):
    return write_rosters(tmp_path, tag, {"clerk": [cell]}, count, rows=rows)["clerk"]


def import_roster(roster, dry_run=False):
    with open(roster.path, "rb") as data:
        return sheet_import(kind="memberships", data=data.read(), file_name=roster.file_name, dry_run=dry_run)


# Rosters ###################################################################


def test_roster_names_are_of_families_the_generator_never_gives_and_never_repeat():
    assert not set(FAMILIES) & set(FAMILY_NAMES)
    names = [roster_name(("Khổng", "An"), index) for index in range(5000)]
    assert len(set(names)) == len(names)
    assert names[41] == "Khổng An An Bình Bình"


@pytest.mark.django_db
def test_each_run_takes_a_name_tag_no_person_bears(tmp_path):
    cell = OrganisationFactory()
    first = run_tag()
    import_roster(roster_files(tmp_path, cell.name, count=1, tag=first)[0])

    assert run_tag() != first
    assert run_tag() == (first[0], "Bình")


@pytest.mark.django_db
def test_rosters_import_as_their_plans_say(tmp_path):
    cell = OrganisationFactory()
    rosters = roster_files(tmp_path, cell.name)
    assert [roster.plan for roster in rosters] == PLANS

    reports = [import_roster(roster, dry_run=True) for roster in rosters]

    assert [bool(report.errors) for report in reports] == [plan == "bad" for plan in PLANS]
    bad = reports[PLANS.index("bad")]
    assert [(error.row, error.column, error.value) for error in bad.errors] == [
        (5, "Từ ngày", IMPOSSIBLE_DATE)
    ]
    assert all(report.created == 4 for report in reports if not report.errors)


# The integrity check #######################################################


@pytest.mark.django_db
def test_a_roster_is_whole_untouched_or_partial(tmp_path):
    cell = OrganisationFactory()
    rosters = roster_files(tmp_path, cell.name, count=4)
    whole, partial, untouched = (rosters[n].as_data() for n in (0, 1, 3))
    for roster in rosters[:2]:
        assert import_roster(roster).source is not None
    Membership.objects.filter(person__full_name=partial["names"][-1]).delete()

    assert [state_of(roster) for roster in (whole, untouched, partial)] == [
        integrity.WHOLE,
        integrity.UNTOUCHED,
        integrity.PARTIAL,
    ]
    # One more person of the same name, not from the file: no longer whole.
    PersonFactory(full_name=whole["names"][0])
    assert state_of(whole) == integrity.PARTIAL


@pytest.mark.django_db
def test_the_check_holds_each_answer_to_what_the_database_shows(tmp_path):
    cell = OrganisationFactory()
    files = roster_files(tmp_path, cell.name, count=5)
    for roster in files[:2]:
        import_roster(roster)
    rosters = [roster.as_data() for roster in files]
    imported, twice, bad, lost, claimed_but_absent = rosters
    outcomes = tmp_path / "imports.jsonl"
    outcomes.write_text(
        "\n".join(
            [
                f'{{"file": "{imported["file_name"]}", "step": "confirm", "result": "confirmed"}}',
                f'{{"file": "{twice["file_name"]}", "step": "confirm", "result": "confirmed"}}',
                f'{{"file": "{twice["file_name"]}", "step": "confirm", "result": "refused"}}',
                f'{{"file": "{bad["file_name"]}", "step": "preview", "result": "refused"}}',
                f'{{"file": "{lost["file_name"]}", "step": "confirm", "result": "unknown"}}',
                f'{{"file": "{claimed_but_absent["file_name"]}", "step": "confirm", "result": "confirmed"}}',
            ]
        )
    )

    check = integrity.check_imports(rosters, outcomes)

    assert (check.confirmed, check.confirmed_whole) == (3, 2)
    assert (check.refused, check.refused_wrote_nothing) == (2, 2)
    assert (check.lost, check.lost_whole_or_untouched) == (1, 1)
    assert check.problems == [f"{claimed_but_absent['file_name']}: untouched, expected whole"]


# The table #################################################################


def stats(name, p95, per_second=10.0, failures=0):
    return report.KindStats(name, 100, failures, per_second, p95 / 2, p95, p95 * 1.5)


def test_the_table_holds_reader_pages_to_their_single_user_medians_and_throughput():
    baseline = {"home": KindBaseline([0.010, 0.010, 0.012]), "list": KindBaseline([0.020, 0.020, 0.020])}
    weights = {"home": 1, "list": 1}
    single = pages_per_second(baseline, weights)
    assert single == pytest.approx(2 / (0.010667 + 0.020), rel=1e-3)
    check = ImportCheck(confirmed=2, confirmed_whole=2, refused=1, refused_wrote_nothing=1)
    order = ["reader home", "reader list", "manager export"]
    # 90 pages a second against 0.6 × 65 a second × 2 cores.
    fine = {
        "reader home": stats("reader home", 40, 30),
        "reader list": stats("reader list", 80, per_second=60),
    }

    table = report.build_table(fine, baseline, single, 2, check, 100_000, order)

    assert table.passed and table.integrity_passed
    by_name = {row[0]: row for row in table.rows}
    assert by_name["reader home"][-3:] == ["p95 4.0×", "p95 ≤ 4× single user", "PASS"]
    assert by_name["reader pages, all kinds"][-1] == "PASS"

    slow = {**fine, "reader list": stats("reader list", 90, per_second=60)}
    assert not report.build_table(slow, baseline, single, 2, check, None, order).passed
    idle = {**fine, "reader list": stats("reader list", 80, per_second=40)}
    assert not report.build_table(idle, baseline, single, 2, check, None, order).passed
    failing = {**fine, "reader home": stats("reader home", 40, 30, failures=1)}
    assert not report.build_table(failing, baseline, single, 2, check, None, order).integrity_passed
    partial = ImportCheck(confirmed=2, confirmed_whole=1, problems=["x: partial"])
    assert not report.build_table(fine, baseline, single, 2, partial, None, order).integrity_passed
    nothing_imported = ImportCheck()
    assert not report.build_table(fine, baseline, single, 2, nothing_imported, None, order).integrity_passed


# The workload ##############################################################


@pytest.mark.django_db
def test_every_address_of_the_workload_answers_its_role(client, tmp_path, django_user_model):
    call_command("generate_data", *SMALL, stdout=StringIO())

    workload = prepare(tmp_path, clerks=2, rosters_per_clerk=1, roster_rows=3, export_rows=100, tag=run_tag())

    reader = django_user_model.objects.get(username=workload["reader"]["username"])
    assert not reader.is_staff and reader.groups.get().name == "Người xem"
    client.force_login(reader)
    for kind, urls in workload["reader"]["pages"].items():
        assert urls, kind
        for url in urls:
            assert client.get(url).status_code == 200, url
    clerk = workload["clerks"][0]
    client.force_login(django_user_model.objects.get(username=clerk["username"]))
    for url in clerk["changelist"] + clerk["autocomplete"] + clerk["forms"] + [clerk["import"]]:
        assert client.get(url).status_code == 200, url
    assert [roster["plan"] for c in workload["clerks"] for roster in c["rosters"]] == PLANS[:2]
    client.force_login(django_user_model.objects.get(username=workload["manager"]["username"]))
    response = client.get(workload["manager"]["export"])
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    reader_sessions(workload, 3)
    assert len(set(workload["reader"]["sessions"])) == 3


# Forms as a browser posts them ##############################################


@pytest.mark.django_db
def test_a_clerk_saves_the_person_form_a_browser_would_post(admin_client):
    person = PersonFactory(full_name="Lê Thị Hường", birth_year=1980)
    url = f"/admin/records/person/{person.pk}/change/"

    fields = form_fields(admin_client.get(url).content.decode(), form_id="person_form")

    posted = dict(fields)
    assert posted["full_name"] == "Lê Thị Hường" and posted["birth_year"] == "1980"
    assert "csrfmiddlewaretoken" in posted and "memberships-TOTAL_FORMS" in posted
    posted = defaultdict(list)
    for name, value in fields:
        posted[name].append(value)
    posted.update(note=["Rà soát"], _save=["Lưu"])
    response = admin_client.post(url, posted)
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.note, person.birth_year) == ("Rà soát", 1980)



@pytest.mark.django_db
def test_a_save_after_another_clerks_is_told_apart_from_a_form_error(admin_client):
    person = PersonFactory(full_name="Lê Thị Hường", birth_year=1980)
    url = f"/admin/records/person/{person.pk}/change/"
    opened = defaultdict(list)
    for name, value in form_fields(admin_client.get(url).content.decode(), form_id="person_form"):
        opened[name].append(value)

    def save(**changes):
        response = admin_client.post(url, {**opened, "_save": ["Lưu"], **changes})
        return save_outcome(response.status_code, response.content.decode())

    assert save(birth_year=["năm"])[0] == "error"
    assert save(note=["Lượt một"]) == ("saved", None)
    assert save(note=["Lượt hai"]) == ("refused", None)
    person.refresh_from_db()
    assert person.note == "Lượt một"


def test_a_save_answered_otherwise_is_an_error_naming_what_came_back():
    page = '<ul class="errorlist nonfield"><li>Năm sinh <b>1890</b> không hợp lệ.</li></ul>'
    assert save_outcome(200, page) == ("error", "the form came back: Năm sinh 1890 không hợp lệ.")
    assert save_outcome(500, "") == ("error", "500 from the save")
    assert save_outcome(200, "<p>Lưu</p>") == ("error", "the form came back: no error shown")

def test_form_fields_are_the_controls_a_browser_submits():
    html = """
    <form id="other"><input name="x" value="1"></form>
    <form id="f" action="/save/">
      <input type="hidden" name="token" value="t">
      <input name="empty">
      <input type="checkbox" name="on" checked><input type="checkbox" name="off" value="v">
      <input type="radio" name="r" value="a"><input type="radio" name="r" value="b" checked>
      <input type="submit" name="_save" value="Lưu"><input type="file" name="upload">
      <input name="gone" disabled>
      <select name="one"><option value="1">a</option><option value="2">b</option></select>
      <select name="chosen"><option value="1">a</option><option value="2" selected>b</option></select>
      <select name="many" multiple>
        <option value="1" selected>a</option><option value="2" selected>b</option>
      </select>
      <textarea name="text">
Dòng &amp; chữ</textarea>
    </form>"""

    assert (
        form_fields(html, form_id="f")
        == form_fields(html, action_ends="/save/")
        == [
            ("token", "t"),
            ("empty", ""),
            ("on", "on"),
            ("r", "b"),
            ("one", "1"),
            ("chosen", "2"),
            ("many", "1"),
            ("many", "2"),
            ("text", "Dòng & chữ"),
        ]
    )
    assert form_fields(html, form_id="missing") is None


# A worker killed in the middle of a confirmation ############################


def database_url():
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings_dict['NAME']}"
    user = settings_dict.get("USER") or ""
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    credentials = f"{user}{password}@" if user else ""
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{credentials}{settings_dict.get('HOST') or ''}{port}/{settings_dict['NAME']}"


def import_in_progress():
    """Whether an import holds the import lock now (records.sheets.services.lock_imports)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [IMPORT_LOCK_KEY])
            if cursor.fetchone()[0]:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [IMPORT_LOCK_KEY])
                return False
            return True
    probe = sqlite3.connect(connection.settings_dict["NAME"], timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        probe.close()


def post_form(server, path, fields, cookies):
    """POST a form to the server as a browser would: (status, or None when no answer came)."""
    body = urllib.parse.urlencode(fields)
    address = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        address.request(
            "POST",
            path,
            body=body.encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookies},
        )
        return address.getresponse().status
    except (OSError, http.client.HTTPException):
        return None
    finally:
        address.close()


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_it_confirms_an_import_leaves_it_whole_or_absent(client, tmp_path, admin_user):
    with file_database(tmp_path):
        cell = OrganisationFactory()
        # Long enough (a second or more) to be killed in the middle of writing it, short enough to
        # be imported while the page waits (SHEET_BACKGROUND_ROWS).
        roster = write_rosters(tmp_path, ("Khổng", "An"), {"clerk": [cell.name]}, 1, rows=1500)["clerk"][0]
        client.force_login(admin_user)
        with open(roster.path, "rb") as upload:
            preview = client.post("/admin/records/membership/import/", {"import_file": upload})
        confirm = form_fields(preview.content.decode(), action_ends="process_import/")
        assert confirm is not None, "the preview offers a confirmation"
        cookies = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
        env = production_environment(database_url(), SHEET_BACKGROUND_ROWS=10_000)

        with Gunicorn(env, workers=1, log_path=tmp_path / "gunicorn.log") as server:
            answers = []
            confirming = threading.Thread(
                target=lambda: answers.append(
                    post_form(server, "/admin/records/membership/process_import/", confirm, cookies)
                )
            )
            worker = server.worker_pids()[0]
            confirming.start()
            deadline = time.monotonic() + 60
            while not import_in_progress() and time.monotonic() < deadline:
                time.sleep(0.02)
            server.kill_a_worker(worker)
            confirming.join(60)

            assert answers == [None], "the confirmation was cut off by the kill"
            assert state_of(roster.as_data()) == integrity.UNTOUCHED
            assert SheetPreview.objects.get().claimed_at is None

            # The master starts another worker; the clerk confirms again and the file is imported whole.
            deadline = time.monotonic() + 30
            while server.worker_pids() in ([], [worker]) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert post_form(server, "/admin/records/membership/process_import/", confirm, cookies) == 302

        assert state_of(roster.as_data()) == integrity.WHOLE
        assert Person.objects.filter(full_name__in=roster.names).count() == 1500
        assert SheetPreview.objects.get().claimed_at is not None
