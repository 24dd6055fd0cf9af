"""Reminders of one's own in a real browser: Casey sets days and a time, makes her calendar
link, a calendar parser reads the feed (the weekly reminder in her zone and a homework due
date), she switches the link off and the old URL answers 404. axe-core, light and dark."""

import re
from datetime import timedelta

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from care import reminders
from care.services import assign_practice
from compassion_site.lib.dates import local_today
from practices.models import Practice
from tests.browser.conftest import assert_no_axe_violations
from tests.conftest import BREAK


@pytest.fixture
def homework_due(care_client, therapist, library):
    today = local_today(care_client)
    return assign_practice(
        therapist,
        care_client,
        Practice.objects.get(slug=BREAK),
        starts_on=today,
        due_on=today + timedelta(days=4),
    )


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_set_a_reminder_read_the_feed_then_switch_it_off(
    casey_page, homework_due, axe, color_scheme
):
    page = casey_page(color_scheme=color_scheme)
    page.goto("/accounts/settings/")
    page.get_by_role("link", name=re.compile("Reminders to practise")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reminders")
    assert_no_axe_violations(axe, page)

    # Nothing chosen: a message beside the days, nothing saved.
    page.get_by_label("Time").fill("18:45")
    page.get_by_role("button", name="Save reminders").click()
    expect(page.locator("#id_days_error")).to_have_text("Choose at least one day.")
    assert_no_axe_violations(axe, page)

    page.get_by_label("Tuesday").check()
    page.get_by_label("Thursday").check()
    page.get_by_label("Time").fill("18:45")
    page.get_by_label("Email me too").check()
    page.get_by_role("button", name="Save reminders").click()
    expect(page.get_by_text("Now: Tuesday, Thursday at 18:45, by email too.")).to_be_visible()

    page.get_by_role("button", name="Make my calendar link").click()
    link = page.get_by_label("Your calendar link")
    expect(link).to_be_visible()
    assert_no_axe_violations(axe, page)
    url = link.input_value()
    assert re.search(r"/reminders/calendar/[\w-]{43,}\.ics$", url)

    feed = page.request.get(url)
    assert feed.status == 200
    assert feed.headers["cache-control"] == "private, no-store"
    calendar = Calendar.from_ical(feed.body())
    events = calendar.walk("VEVENT")
    [weekly] = [event for event in events if "RRULE" in event]
    assert weekly["RRULE"]["BYDAY"] == ["TU", "TH"]
    start = weekly.decoded("DTSTART")
    assert (start.hour, start.minute, str(start.tzinfo)) == (18, 45, "America/Chicago")
    assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == ["America/Chicago"]
    [homework] = [event for event in events if "RRULE" not in event]
    assert homework.decoded("DTSTART") == homework_due.due_on
    assert str(homework["SUMMARY"]) == "Homework: A self-compassion break"

    page.reload()
    expect(page.get_by_label("Your calendar link")).to_have_count(0)  # shown once only
    page.get_by_role("button", name="Switch the link off").click()
    expect(page.get_by_text("Your calendar link is switched off.")).to_be_visible()
    assert page.request.get(url).status == 404


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_the_unsubscribe_page_asks_then_stops_the_emails(new_page, care_client, axe, color_scheme):
    reminders.reminder_of(care_client)
    reminders.PracticeReminder.objects.filter(user=care_client).update(by_email=True)
    page = new_page(color_scheme=color_scheme)  # from an email: maybe not logged in
    page.goto(f"/reminders/unsubscribe/{reminders.unsubscribe_token(care_client)}/")
    assert_no_axe_violations(axe, page)
    page.get_by_role("button", name="Stop reminder emails").click()
    expect(page.get_by_text("Done: no more reminder emails.")).to_be_visible()
    assert_no_axe_violations(axe, page)
    assert reminders.PracticeReminder.objects.get(user=care_client).by_email is False
