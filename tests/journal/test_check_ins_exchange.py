"""The daily check-ins go out with the journal (the file for Tend, the file to read), come back
in with an import, one a day, and are counted on the Leaving pages."""

import html
import json
from datetime import UTC, date, datetime

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile

from journal import check_ins, services
from journal.leaving import what_would_go
from journal.models import CheckIn, Entry
from tests.conftest import logged_in

JSON_URL = "/journal/export/tend-journal.json"
MARKDOWN_URL = "/journal/export/tend-journal.md"
IMPORT_URL = "/journal/import/"
LEAVE_URL = "/accounts/leave/"


def morning(day: int, hour: int = 8) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=UTC)


def upload(data: dict) -> SimpleUploadedFile:
    raw = json.dumps(data).encode()
    return SimpleUploadedFile("tend-journal.json", raw, content_type="application/json")


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def kept(person) -> list[tuple]:
    return list(
        CheckIn.objects.filter(user=person)
        .order_by("day")
        .values_list("day", "how_i_am", "words", "note")
    )


@pytest.fixture
def robin(make_person):
    """Robin checked in on three days, with words and a line on one of them, and wrote an
    entry."""
    person = make_person("robin")
    check_ins.check_in(person, 3, now=morning(22))
    check_ins.check_in(person, 7, now=morning(23))
    today = check_ins.check_in(person, 5, now=morning(24))
    check_ins.add_words(today, ["tired", "hopeful"], "Slept badly, *still* here.", morning(24, 9))
    services.create_entry(person, title="Sunday", body="Tea.", feeling=6, tags=[])
    return person


@pytest.fixture
def robins_file(robin) -> dict:
    return json.loads(logged_in(robin).get(JSON_URL).getvalue())


@pytest.fixture
def sam(make_person):
    return make_person("sam")


def test_the_file_for_tend_holds_each_check_in(robins_file):
    assert robins_file["check_ins"] == [
        {
            "day": "2026-11-22",
            "how_i_am": 3,
            "words": [],
            "note": "",
            "created_at": "2026-11-22T08:00:00.000000Z",
            "updated_at": "2026-11-22T08:00:00.000000Z",
        },
        {
            "day": "2026-11-23",
            "how_i_am": 7,
            "words": [],
            "note": "",
            "created_at": "2026-11-23T08:00:00.000000Z",
            "updated_at": "2026-11-23T08:00:00.000000Z",
        },
        {
            "day": "2026-11-24",
            "how_i_am": 5,
            "words": ["tired", "hopeful"],
            "note": "Slept badly, *still* here.",
            "created_at": "2026-11-24T08:00:00.000000Z",
            "updated_at": "2026-11-24T09:00:00.000000Z",
        },
    ]


def test_check_ins_come_back_whole_in_a_fresh_account(robin, robins_file, sam):
    sams = logged_in(sam)
    response = sams.post(IMPORT_URL, {"file": upload(robins_file)})
    assert response.status_code == 303
    assert messages_of(response) == ["Imported 1 journal entry and 3 daily check-ins."]
    assert kept(sam) == kept(robin)
    again = json.loads(sams.get(JSON_URL).getvalue())
    assert again["check_ins"] == robins_file["check_ins"]


def test_a_day_already_checked_in_keeps_its_own_and_is_counted(robins_file, sam):
    check_ins.check_in(sam, 9, now=morning(23, 20))
    response = logged_in(sam).post(IMPORT_URL, {"file": upload(robins_file)})
    assert messages_of(response) == [
        "Imported 1 journal entry and 2 daily check-ins. You had already checked in on "
        "1 day in the file, so we kept yours."
    ]
    assert [(day, how) for day, how, _, _ in kept(sam)] == [
        (date(2026, 11, 22), 3),
        (date(2026, 11, 23), 9),
        (date(2026, 11, 24), 5),
    ]


def test_importing_the_same_check_ins_twice_adds_nothing(robins_file, sam):
    sams = logged_in(sam)
    sams.post(IMPORT_URL, {"file": upload(robins_file)})
    response = sams.post(IMPORT_URL, {"file": upload(robins_file)})
    assert messages_of(response)[-1] == (
        "Everything in this file was already in your journal, so nothing changed."
    )
    assert CheckIn.objects.filter(user=sam).count() == 3


def test_a_file_from_before_check_ins_still_imports(robins_file, sam):
    del robins_file["check_ins"]
    response = logged_in(sam).post(IMPORT_URL, {"file": upload(robins_file)})
    assert messages_of(response) == ["Imported 1 journal entry."]
    assert not CheckIn.objects.filter(user=sam).exists()


def a_rating_of_eleven(data):
    data["check_ins"][0]["how_i_am"] = 11


def a_note_too_long(data):
    data["check_ins"][2]["note"] = "x" * 141


def no_rating(data):
    data["check_ins"][1]["how_i_am"] = None


def a_day_twice(data):
    data["check_ins"][1]["day"] = "2026-11-22"


def a_day_that_is_not_a_date(data):
    data["check_ins"][1]["day"] = "the 23rd"


def too_many_words(data):
    data["check_ins"][2]["words"] = ["calm"] * 6


BAD_CHECK_INS = {
    "eleven": (a_rating_of_eleven, "check_ins[0].how_i_am: must be a whole number from 0 to 10"),
    "long note": (
        a_note_too_long,
        "check_ins[2].note: is 141 characters long; Tend keeps up to 140",
    ),
    "no rating": (no_rating, "check_ins[1].how_i_am: must be a whole number from 0 to 10"),
    "day twice": (
        a_day_twice,
        "check_ins[1].day: “2026-11-22” already has a check-in, check_ins[0]",
    ),
    "not a date": (a_day_that_is_not_a_date, "check_ins[1].day: must be a date like"),
    "six words": (too_many_words, "check_ins[2].words: has 6 items; Tend imports up to 5"),
}


@pytest.mark.parametrize("case", BAD_CHECK_INS)
def test_a_bad_check_in_refuses_the_file_beside_the_field_and_saves_nothing(robins_file, sam, case):
    change, message = BAD_CHECK_INS[case]
    change(robins_file)
    response = logged_in(sam).post(IMPORT_URL, {"file": upload(robins_file)})
    assert response.status_code == 200
    page = html.unescape(response.getvalue().decode())
    beside_the_field = page.split('id="id_file_error"', 1)[1].split("</ul>", 1)[0]
    assert "Nothing was imported" in beside_the_field
    assert message in beside_the_field
    assert not CheckIn.objects.filter(user=sam).exists()
    assert not Entry.objects.filter(user=sam).exists()  # the entry before them didn't come in


def test_words_that_are_not_ours_are_left_out_and_counted(robins_file, sam):
    robins_file["check_ins"][2]["words"] = ["tired", "grumpy", "hopeful", "<b>"]
    response = logged_in(sam).post(IMPORT_URL, {"file": upload(robins_file)})
    assert messages_of(response) == [
        "Imported 1 journal entry and 3 daily check-ins. 2 words in the check-ins aren't "
        "among Tend's words now, so we left them out."
    ]
    assert CheckIn.objects.get(user=sam, day=date(2026, 11, 24)).words == ["tired", "hopeful"]


def test_the_file_to_read_lists_the_check_ins_newest_first(robin):
    text = logged_in(robin).get(MARKDOWN_URL).getvalue().decode()
    section = text.split("## Daily check-ins\n", 1)[1]
    assert "0 is very low, 10 is really well" in section
    lines = [line for line in section.splitlines() if line.startswith("- ")]
    assert lines == [
        r"- Tuesday 24 November 2026: 5 · tired, hopeful · Slept badly, \*still\* here.",
        "- Monday 23 November 2026: 7",
        "- Sunday 22 November 2026: 3",
    ]


def test_a_journal_without_check_ins_has_no_check_in_section(make_person):
    newcomer = make_person("newcomer")
    text = logged_in(newcomer).get(MARKDOWN_URL).getvalue().decode()
    assert "Daily check-ins" not in text


def test_the_leave_page_counts_the_check_ins(robin):
    assert what_would_go(robin).check_ins == 3
    page = logged_in(robin).get(LEAVE_URL).getvalue().decode()
    assert "3 daily check-ins" in page
    assert "your daily check-ins" in page


def test_the_confirm_pages_say_the_check_ins_go_too(robin):
    robins = logged_in(robin)
    journal_page = robins.get("/accounts/leave/journal/").getvalue().decode()
    account_page = robins.get("/accounts/leave/account/").getvalue().decode()
    assert "3 daily check-ins" in journal_page
    assert "3 daily check-ins" in account_page


def test_a_journal_with_only_check_ins_is_not_empty(make_person):
    person = make_person("quiet")
    check_ins.check_in(person, 4, now=morning(22))
    counted = what_would_go(person)
    assert counted.check_ins == 1
    assert not counted.journal_is_empty
    assert "1 daily check-in<" in logged_in(person).get(LEAVE_URL).getvalue().decode()


@pytest.mark.parametrize("days", [2, 20])
def test_exporting_check_ins_takes_the_same_queries_however_many(
    make_person, django_assert_max_num_queries, days
):
    person = make_person("steady")
    for day in range(1, days + 1):
        check_ins.check_in(person, day % 11, now=datetime(2026, 10, day, tzinfo=UTC))
    browser = logged_in(person)
    with django_assert_max_num_queries(10):
        response = browser.get(JSON_URL)
    assert len(json.loads(response.getvalue())["check_ins"]) == days
    with django_assert_max_num_queries(10):
        browser.get(MARKDOWN_URL)
