"""The daily check-in: how I am today in one tap of a number and one of Save, from home or its
own page, with htmx or a plain form; words and a line after; one per day, which can be changed;
bad input answered beside the field with nothing saved; only ever the person's own."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.test import Client

from journal.leaving import delete_journal_data
from journal.models import CHECK_IN_WORDS, CheckIn

HTMX = {"HX-Request": "true", "HX-Target": "check-in"}
# 23:30 on Tuesday 1 December in New York, where Robin lives: already the 2nd in UTC.
LATE_EVENING = datetime(2026, 12, 2, 4, 30, tzinfo=UTC)


def test_home_offers_the_check_in_with_both_ends_of_the_scale_in_words(robin_client):
    page = robin_client.get("/").content.decode()
    assert 'id="check-in"' in page
    assert 'action="/journal/check-in/"' in page
    assert "0: very low" in page and "10: really well" in page
    assert page.count('name="how_i_am"') == 11


def test_a_plain_form_saves_how_i_am_and_comes_back_to_a_warm_confirmation(
    robin_client, practitioner
):
    with time_machine.travel(LATE_EVENING, tick=False):
        response = robin_client.post("/journal/check-in/", {"how_i_am": "6"})
        assert response.status_code == 303
        assert response["Location"] == "/journal/check-in/"
        page = robin_client.get("/journal/check-in/").content.decode()
    saved = CheckIn.objects.get(user=practitioner)
    assert (saved.how_i_am, saved.day) == (6, date(2026, 12, 1))  # Robin's own day
    assert "6 out of 10" in page
    assert "Change it" in page


def test_htmx_gets_the_panel_back_with_thanks_and_the_words_to_add(robin_client):
    response = robin_client.post("/journal/check-in/", {"how_i_am": "3"}, headers=HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert "Thank you for checking in" in page
    assert 'action="/journal/check-in/words/"' in page


def test_checking_in_again_the_same_day_changes_that_days_check_in(robin_client, practitioner):
    robin_client.post("/journal/check-in/", {"how_i_am": "3"})
    robin_client.post(
        "/journal/check-in/words/", {"words": ["tired", "tender"], "note": "Long day."}
    )
    robin_client.post("/journal/check-in/", {"how_i_am": "5"})
    (only,) = CheckIn.objects.filter(user=practitioner)
    assert only.how_i_am == 5
    assert only.words == ["tired", "tender"] and only.note == "Long day."


def test_the_next_day_brings_a_new_check_in(robin_client, practitioner):
    with time_machine.travel(datetime(2026, 12, 1, 15, tzinfo=UTC), tick=False):
        robin_client.post("/journal/check-in/", {"how_i_am": "4"})
    with time_machine.travel(datetime(2026, 12, 2, 15, tzinfo=UTC), tick=False):
        robin_client.post("/journal/check-in/", {"how_i_am": "7"})
        page = robin_client.get("/journal/check-in/").content.decode()
    days = list(CheckIn.objects.filter(user=practitioner).values_list("day", "how_i_am"))
    assert sorted(days) == [(date(2026, 12, 1), 4), (date(2026, 12, 2), 7)]
    assert "Tuesday 1 December 2026" in page and "Wednesday 2 December 2026" in page


def test_change_shows_the_scale_again_with_todays_number_chosen(robin_client):
    robin_client.post("/journal/check-in/", {"how_i_am": "8"})
    page = robin_client.get("/journal/check-in/?change", headers=HTMX).content.decode()
    assert 'value="8" id="check-in-how_i_am_8" checked' in page or (
        'value="8"' in page and "checked" in page
    )
    assert "Keep it at 8" in page


@pytest.mark.parametrize("value", ["11", "-1", "ten", "", "3.5"])
def test_a_number_outside_the_scale_is_answered_beside_the_field(robin_client, practitioner, value):
    for headers in ({}, HTMX):
        response = robin_client.post("/journal/check-in/", {"how_i_am": value}, headers=headers)
        assert response.status_code == 400
        page = response.content.decode()
        assert "Choose a number from 0 to 10 for how you are." in page
        assert 'id="check-in-how_i_am_error"' in page
    assert not CheckIn.objects.filter(user=practitioner).exists()


def test_words_not_in_our_vocabulary_are_refused_and_nothing_changes(robin_client, practitioner):
    robin_client.post("/journal/check-in/", {"how_i_am": "5"})
    response = robin_client.post(
        "/journal/check-in/words/", {"words": ["calm", "<b>elated</b>"], "note": "Fine."}
    )
    assert response.status_code == 400
    assert "Choose from the words listed here." in response.content.decode()
    saved = CheckIn.objects.get(user=practitioner)
    assert saved.words == [] and saved.note == ""


def test_too_many_words_or_too_long_a_line_keeps_the_text_and_says_why(robin_client, practitioner):
    robin_client.post("/journal/check-in/", {"how_i_am": "5"})
    response = robin_client.post("/journal/check-in/words/", {"words": list(CHECK_IN_WORDS[:6])})
    assert response.status_code == 400
    assert "Choose up to 5 words" in response.content.decode()
    long_line = "a gentle day " * 20
    response = robin_client.post("/journal/check-in/words/", {"note": long_line}, headers=HTMX)
    page = response.content.decode()
    assert response.status_code == 400
    assert "A line can hold up to 140 characters" in page
    assert long_line.strip() in page  # still in the box
    saved = CheckIn.objects.get(user=practitioner)
    assert saved.words == [] and saved.note == ""


def test_words_before_any_number_today_ask_for_the_number_first(robin_client, practitioner):
    response = robin_client.post("/journal/check-in/words/", {"words": ["calm"]})
    assert response.status_code == 400
    assert "Choose a number for how you are first" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_words_and_a_line_are_kept_and_shown(robin_client, practitioner):
    robin_client.post("/journal/check-in/", {"how_i_am": "5"})
    response = robin_client.post(
        "/journal/check-in/words/",
        {"words": ["on edge", "hopeful"], "note": "  Big   meeting <today>. "},
        headers=HTMX,
    )
    page = response.content.decode()
    assert "on edge, hopeful" in page
    assert "Big meeting &lt;today&gt;." in page
    saved = CheckIn.objects.get(user=practitioner)
    assert saved.words == ["on edge", "hopeful"] and saved.note == "Big meeting <today>."


def test_the_database_refuses_a_number_above_ten(practitioner):
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(user=practitioner, day=date(2026, 1, 1), how_i_am=11)


def test_the_database_keeps_one_check_in_a_day(practitioner):
    CheckIn.objects.create(user=practitioner, day=date(2026, 1, 1), how_i_am=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(user=practitioner, day=date(2026, 1, 1), how_i_am=5)


def test_visitors_get_404_and_each_person_sees_only_their_own(robin_client, stranger, practitioner):
    client = Client()
    CheckIn.objects.create(user=stranger, day=date(2026, 1, 1), how_i_am=2, note="Not Robin's")
    assert client.get("/journal/check-in/").status_code == 404
    assert client.post("/journal/check-in/", {"how_i_am": "5"}).status_code == 404
    assert client.post("/journal/check-in/words/", {"note": "x"}).status_code == 404
    page = robin_client.get("/journal/check-in/").content.decode()
    assert "Not Robin's" not in page
    robin_client.post("/journal/check-in/", {"how_i_am": "5"})
    assert CheckIn.objects.get(user=stranger).how_i_am == 2


def test_the_check_in_page_costs_the_same_few_queries_however_many(
    robin_client, practitioner, django_assert_max_num_queries
):
    for day in range(1, 29):
        CheckIn.objects.create(user=practitioner, day=date(2026, 2, day), how_i_am=day % 11)
    with django_assert_max_num_queries(6):
        page = robin_client.get("/journal/check-in/").content.decode()
    with django_assert_max_num_queries(10):
        robin_client.get("/")
    assert "Saturday 28 February 2026" in page


def test_past_check_ins_come_a_page_at_a_time(robin_client, practitioner):
    for day in range(1, 32):
        CheckIn.objects.create(user=practitioner, day=date(2026, 1, day), how_i_am=5)
    first = robin_client.get("/journal/check-in/").content.decode()
    second = robin_client.get("/journal/check-in/?page=2").content.decode()
    assert "Saturday 31 January 2026" in first and "Thursday 1 January 2026" not in first
    assert "Thursday 1 January 2026" in second and "Older check-ins" not in second


def test_deleting_the_journal_deletes_check_ins(practitioner, stranger):
    CheckIn.objects.create(user=practitioner, day=date(2026, 1, 1), how_i_am=4)
    CheckIn.objects.create(user=stranger, day=date(2026, 1, 1), how_i_am=4)
    delete_journal_data(practitioner)
    assert not CheckIn.objects.filter(user=practitioner).exists()
    assert CheckIn.objects.filter(user=stranger).exists()


def test_the_journal_leads_to_the_check_ins(robin_client):
    page = robin_client.get("/journal/").content.decode()
    assert 'href="/journal/check-in/"' in page
