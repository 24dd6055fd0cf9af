"""The journal in a real browser: search, Load more, an edit from two tabs, the trash, export
and import, the printable page, and HTML that must stay text. axe-core on pages with entries."""

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from journal import services
from journal.models import Entry
from tests.browser.conftest import assert_no_axe_violations
from tests.conftest import write_entry


def entries_over_days(person, count: int, start=datetime(2026, 6, 30, 12, tzinfo=UTC)):
    made = []
    for n in range(count):
        entry = write_entry(person, f"Day {n}: a quiet walk.", title=f"Day {n}")
        Entry.objects.filter(pk=entry.pk).update(created_at=start - timedelta(days=n))
        made.append(entry)
    return made


def test_search_finds_a_practice_by_a_word_in_one_of_its_answers(robin_page, practitioner):
    page = robin_page()
    page.goto("/practices/msc-self-compassion-break/")
    page.get_by_role("button", name="Begin").click()
    page.get_by_role("button", name="Skip").click()
    expect(page.get_by_text("Step 1 of 8")).to_be_visible()
    page.get_by_role("button", name="Next").click()  # welcome
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    page.locator("textarea").fill("The argument about the allotment still stings.")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Step 3 of 8")).to_be_visible()
    run = practitioner.runs.get()
    services.finish_run(run)
    write_entry(practitioner, "Nothing to do with it.")

    page.goto("/journal/")
    page.get_by_label("Search my journal").fill("allotment")
    page.get_by_label("Search my journal").press("Enter")
    results = page.locator("#journal-results")
    expect(results.get_by_role("heading", name="Entries with “allotment”")).to_be_visible()
    expect(results.locator(".entry-item")).to_have_count(1)
    expect(results.locator("mark")).to_have_text(["allotment"])
    expect(page).to_have_url(re.compile(r"/journal/\?.*q=allotment"))
    expect(page.get_by_role("status")).to_have_text("Showing 1 entry with “allotment”.")
    assert page.locator("#journal-results").count() == 1
    assert_no_duplicate_ids(page)
    results.get_by_role("link", name=run.practice.title).click()
    expect(page.get_by_text("The argument about the allotment still stings.")).to_be_visible()


def test_load_more_appends_entries_and_moves_focus_to_the_first_new_one(robin_page, practitioner):
    entries_over_days(practitioner, 45)
    page = robin_page()
    page.goto("/journal/")
    items = page.locator(".entry-item")
    expect(items).to_have_count(20)
    page.evaluate("() => { window.stillTheSamePage = true; }")
    page.get_by_role("link", name="Load more entries").click()
    expect(items).to_have_count(40)
    expect(page.get_by_role("link", name="Day 20", exact=True)).to_be_focused()
    page.get_by_role("link", name="Load more entries").click()
    expect(items).to_have_count(45)
    expect(page.get_by_role("link", name="Load more entries")).to_have_count(0)
    expect(page.get_by_text("That's everything.")).to_be_visible()
    assert page.evaluate("() => window.stillTheSamePage") is True
    assert_no_duplicate_ids(page)


def assert_no_duplicate_ids(page):
    ids = page.evaluate("() => [...document.querySelectorAll('[id]')].map(e => e.id)")
    assert len(ids) == len(set(ids))


def test_load_more_is_a_plain_link_without_javascript(robin_page, practitioner):
    entries_over_days(practitioner, 25)
    page = robin_page(java_script_enabled=False)
    page.goto("/journal/")
    page.get_by_role("link", name="Load more entries").click()
    expect(page).to_have_url(re.compile(r"/journal/\?before=[0-9T.Z-]+$"))
    expect(page.locator(".entry-item")).to_have_count(5)
    expect(page.get_by_role("link", name="Day 24", exact=True)).to_be_visible()
    page.get_by_role("link", name="Back to the newest").first.click()
    expect(page).to_have_url(re.compile(r"/journal/$"))
    expect(page.locator(".entry-item")).to_have_count(20)


def test_an_edit_in_two_tabs_shows_both_versions_and_lets_the_person_choose(
    robin_page, practitioner, axe
):
    entry = write_entry(practitioner, "What I first wrote.", title="Two tabs")
    first = robin_page()
    second = first.context.new_page()
    for tab in (first, second):
        tab.goto(f"/journal/entries/{entry.pk}/edit/")
    first.get_by_label("What I wrote").fill("Changed in the first tab.")
    first.get_by_role("button", name="Save changes").click()
    expect(first.get_by_text("Your changes are saved.")).to_be_visible()

    second.get_by_label("What I wrote").fill("Changed in the second tab.")
    second.get_by_role("button", name="Save changes").click()
    alert = second.get_by_role("alert")
    expect(alert.get_by_role("heading", name="This entry changed in another tab")).to_be_visible()
    expect(alert.get_by_text("Changed in the first tab.")).to_be_visible()
    expect(alert.get_by_text("Changed in the second tab.")).to_be_visible()
    expect(second.get_by_label("What I wrote")).to_have_value("Changed in the second tab.")
    entry.refresh_from_db()
    assert entry.body == "Changed in the first tab."
    assert_no_axe_violations(axe, second)

    alert.get_by_role("button", name="Save my version").click()
    expect(second.get_by_text("Changed in the second tab.")).to_be_visible()
    entry.refresh_from_db()
    assert entry.body == "Changed in the second tab."


def test_delete_then_restore_from_the_trash(robin_page, practitioner):
    entry = write_entry(practitioner, "Maybe I'll want this.", title="Second thoughts")
    page = robin_page()
    page.goto(f"/journal/entries/{entry.pk}/")
    page.get_by_role("button", name="Move to trash").click()
    expect(page.get_by_text("Moved “Second thoughts” to the trash.")).to_be_visible()
    expect(page.get_by_role("link", name="Second thoughts")).to_have_count(0)
    page.get_by_role("link", name="Trash").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trash")
    page.get_by_role("button", name="Restore “Second thoughts”").click()
    expect(page.get_by_text("Restored “Second thoughts” to your journal.")).to_be_visible()
    page.goto("/journal/")
    expect(page.get_by_role("link", name="Second thoughts")).to_be_visible()


def test_html_and_script_typed_anywhere_show_as_text_and_never_run(robin_page, practitioner):
    script = "<script>window.ran = true</script><img src=x onerror='window.ran=true'>"
    page = robin_page()
    page.goto("/journal/new/")
    page.get_by_label("Title").fill("<b>not bold</b>")
    page.get_by_label("What's on your mind").fill(f"{script} in the garden")
    page.get_by_label("Tags").fill("<i>tag</i>")
    page.get_by_role("button", name="Save entry").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("<b>not bold</b>")
    expect(page.get_by_text(script, exact=False)).to_be_visible()
    entry = Entry.objects.get()
    page.get_by_label("Your note").fill(script)
    page.get_by_role("button", name="Add note").click()
    for path in (f"/journal/entries/{entry.pk}/", "/journal/?q=garden", "/journal/"):
        page.goto(path)
        expect(page.locator("main")).to_contain_text("<b>not bold</b>")
        assert page.evaluate("() => window.ran === undefined")
        assert page.locator("main b, main img, main i").count() == 0


def test_axe_finds_nothing_on_journal_pages_full_of_entries(robin_page, practitioner, axe):
    entries = entries_over_days(practitioner, 30)
    services.add_note(entries[3], "Looking back, this was a turning point.")
    services.trash_entry(entries[5])
    page = robin_page()
    for path in (
        "/journal/",
        "/journal/?q=walk",
        "/journal/?modality=astrology&start=2026-07-01&end=2026-01-01",
        f"/journal/entries/{entries[3].pk}/",
        f"/journal/entries/{entries[3].pk}/edit/",
        f"/journal/entries/{entries[5].pk}/",
        "/journal/trash/",
        "/journal/trash/empty/",
    ):
        page.goto(path)
        assert_no_axe_violations(axe, page)
    page.emulate_media(color_scheme="dark")
    page.goto("/journal/?q=walk")
    assert_no_axe_violations(axe, page)


def test_the_journal_fits_a_phone_and_works_with_the_keyboard(robin_page, practitioner):
    entries_over_days(practitioner, 3)
    page = robin_page(viewport={"width": 360, "height": 740})
    page.goto("/journal/")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_label("Search my journal").focus()
    page.keyboard.type("quiet")
    page.keyboard.press("Enter")
    expect(page.locator("#journal-results mark").first).to_have_text("quiet")
    page.keyboard.press("Tab")  # the Search button
    page.keyboard.press("Tab")  # the Filters summary
    expect(page.locator("main summary")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Method")).to_be_visible()


def test_export_then_import_into_another_account_brings_everything_back(
    robin_page, practitioner, stranger, new_page, log_in_browser, tmp_path
):
    from journal.exchange import export_data

    write_entry(practitioner, "Tea in the garden with Mum.", title="Sunday", tags=["family"])
    noted = write_entry(practitioner, "A hard day at work.")
    services.add_note(noted, "A month on, it looks smaller.")
    page = robin_page()
    page.goto("/journal/export/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download a file for Tend (.json)").click()
    download = download_info.value
    assert re.fullmatch(r"tend-journal-\d{4}-\d{2}-\d{2}\.json", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    other = new_page()
    log_in_browser(other, stranger)
    other.goto("/journal/import/")
    other.get_by_label("Your Tend journal file").set_input_files(saved)
    other.get_by_role("button", name="Import my journal").click()
    expect(other.get_by_role("heading", level=1)).to_have_text("Journal")
    expect(other.locator(".messages")).to_contain_text("Imported 2 journal entries.")
    expect(other.get_by_role("link", name="Sunday")).to_be_visible()
    other.get_by_label("Search my journal").fill("smaller")
    other.get_by_label("Search my journal").press("Enter")
    expect(other.locator("#journal-results .entry-item")).to_have_count(1)

    def content(person):
        data = export_data(person)
        del data["exported_at"], data["time_zone"]  # when, and the account's own zone
        return data

    assert content(stranger) == content(practitioner)


def test_a_file_that_is_not_a_tend_export_is_refused_with_a_message(
    robin_page, practitioner, tmp_path
):
    foreign = tmp_path / "notes.json"
    foreign.write_text('{"notes": ["not from Tend"]}')
    page = robin_page()
    page.goto("/journal/import/")
    page.get_by_label("Your Tend journal file").set_input_files(foreign)
    page.get_by_role("button", name="Import my journal").click()
    expect(page.get_by_text("This file isn't a Tend journal export")).to_be_visible()
    expect(page.get_by_label("Your Tend journal file")).to_be_focused()
    assert not Entry.objects.exists()


def test_the_printable_page_has_no_navigation_and_prints_cleanly(robin_page, practitioner, axe):
    write_entry(practitioner, "Something to talk about on Thursday.", title="For my session")
    page = robin_page()
    page.goto("/journal/")
    page.get_by_role("link", name="Export or print").click()
    page.get_by_role("link", name="Open the page to print").click()
    expect(page.get_by_text("Something to talk about on Thursday.")).to_be_visible()
    expect(page.get_by_role("navigation")).to_have_count(0)
    assert_no_axe_violations(axe, page)
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print this page")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_visible()  # the disclaimer stays on paper
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000
