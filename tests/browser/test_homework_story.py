"""The whole homework story in Chromium, a therapist and a client side by side.

Theo invites, Robin joins with the code, Theo assigns a series, Robin does the first practice
and shares it, Theo sees it done and then reads it and comments, Robin sees the comment and
who read it, Robin unshares and Theo can no longer open it, the link ends and Theo sees nothing.
"""

from playwright.sync_api import expect

from journal.models import AccessRecord, Entry
from tests.browser.test_practice_flow import answer_current_step

WORDS = "The kettle boiled over and I laughed instead of snapping"
COMMENT = "What a kind way to meet that moment."


def do_the_practice_from_homework(page):
    page.goto("/homework/")
    page.get_by_role("button", name="Begin A self-compassion break").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How are you arriving?")
    page.locator("label.scale__option").nth(6).click()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("How are you arriving?")
    first_write = True
    while page.get_by_role("heading", level=1).inner_text() != "How are you now?":
        answer_current_step(page)
        if first_write and page.locator("textarea").count():
            page.locator("textarea").fill(WORDS)
            first_write = False
        shown = page.get_by_role("heading", level=1).inner_text()
        page.get_by_role("button", name="Next").click()
        expect(page.get_by_role("heading", level=1)).not_to_have_text(shown)
    page.locator("label.scale__option").nth(3).click()
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("You finished")


def test_a_therapist_and_a_client_from_invite_to_the_end_of_the_link(
    new_page, library, therapist, practitioner, log_in_browser
):
    theo = new_page()
    log_in_browser(theo, therapist)
    robin = new_page()
    log_in_browser(robin, practitioner)

    # Theo makes an invite and reads Robin the code.
    theo.goto("/care/")
    theo.get_by_role("link", name="Invite a client").first.click()
    theo.get_by_role("button", name="Make an invite").click()
    code = theo.locator("#invite-code").inner_text().strip()
    assert len(code) == 9 and code[4] == "-"

    # Robin types it, sees who invites them and what they will see, and accepts.
    robin.goto("/invite/")
    robin.get_by_label("Code").fill(code.lower().replace("-", " "))
    robin.get_by_role("button", name="Continue").click()
    expect(robin.get_by_role("heading", level=1)).to_contain_text("Theo Marsh")
    expect(robin.get_by_role("heading", name="What Theo Marsh won't see")).to_be_visible()
    robin.get_by_role("button", name="Accept and link").click()
    expect(robin.get_by_role("link", name="Homework")).to_be_visible()

    # Theo sees Robin and assigns a series starting with the self-compassion break.
    theo.goto("/care/")
    theo.get_by_role("link", name="robin").click()
    theo.get_by_role("link", name="Assign a series").click()
    theo.get_by_label("Name of the series").fill("Kinder evenings")
    theo.get_by_label("Practice 1", exact=True).select_option(label="A self-compassion break")
    theo.get_by_label("Practice 2", exact=True).select_option(label="Soothing-rhythm breathing")
    theo.get_by_role("button", name="Assign the series").click()
    expect(theo.get_by_text("Assigned the series “Kinder evenings”.")).to_be_visible()
    expect(theo.get_by_text("Step 2 of a series. Not open yet.")).to_be_visible()

    # Robin does the first practice from their homework and shares what they wrote.
    do_the_practice_from_homework(robin)
    entry = Entry.objects.get(user=practitioner)
    robin.goto(f"/journal/entries/{entry.pk}/")
    robin.get_by_role("button", name="Share with Theo Marsh").click()
    expect(robin.get_by_text("Shared with Theo Marsh since")).to_be_visible()

    # Theo sees it done, and then the shared words; Theo comments.
    theo.reload()
    expect(theo.get_by_text("Step 1 of a series. Done.")).to_be_visible()
    expect(theo.get_by_text("Step 2 of a series. Not done yet.")).to_be_visible()
    theo.get_by_role("link", name="A self-compassion break", exact=True).click()
    expect(theo.get_by_text(WORDS)).to_be_visible()
    theo.get_by_label("A short comment for your client").fill(COMMENT)
    theo.get_by_role("button", name="Leave the comment").click()
    expect(theo.locator(".comment").get_by_text(COMMENT)).to_be_visible()
    shared_url = theo.url.split("#")[0]

    # Robin sees the comment on the entry, and who read it in the access log.
    robin.reload()
    expect(robin.get_by_text(COMMENT)).to_be_visible()
    robin.goto("/sharing/log/")
    first_record = robin.locator(".access-log__item").first
    expect(first_record).to_contain_text("Theo Marsh read A self-compassion break")
    assert AccessRecord.objects.filter(client=practitioner, therapist=therapist).count() >= 1

    # Robin unshares; Theo can no longer open it.
    robin.goto(f"/journal/entries/{entry.pk}/")
    robin.get_by_role("button", name="Stop sharing").first.click()
    expect(robin.get_by_text("Private", exact=False).first).to_be_visible()
    response = theo.goto(shared_url)
    assert response.status == 404
    expect(theo.get_by_text(WORDS)).to_have_count(0)

    # Robin ends the link; Theo sees nothing of Robin's any more.
    robin.goto("/sharing/")
    robin.get_by_role("link", name="End the link with Theo Marsh").click()
    robin.get_by_role("button", name="End the link").click()
    expect(robin.get_by_role("link", name="Homework")).to_have_count(0)
    theo.goto("/care/")
    expect(theo.get_by_role("link", name="robin")).to_have_count(0)
    response = theo.goto(f"/care/clients/{practitioner.pk}/")
    assert response.status == 404
    # Robin keeps everything, the comment included.
    robin.goto(f"/journal/entries/{entry.pk}/")
    expect(robin.get_by_text(WORDS)).to_be_visible()
    expect(robin.get_by_text(COMMENT)).to_be_visible()
