"""The guided flow, one step at a time: begin, check in, answer, move, finish."""

import pytest

from compassion_site.accounts.kept_words import writer_token
from journal.models import Answer, Entry, Part, Run
from tests.factories import PartFactory
from tests.journal.conftest import ANSWERS, BREAK_KEYS, post_step, step, walk_whole_practice


def test_begin_creates_a_run_at_the_check_in(robin_client, begin, practitioner):
    run = begin(robin_client)
    assert run.user == practitioner
    assert run.status == Run.Status.IN_PROGRESS
    assert run.practice_version == run.practice.version
    html = robin_client.get(step(run, "check-in")).content.decode()
    assert "How are you arriving?" in html
    assert "How distressed do you feel right now?" in html
    assert "One word for how you feel" in html
    assert ">Skip</button>" in html


def test_a_whole_practice_without_javascript_ends_in_a_journal_entry(robin_client, begin):
    run = begin(robin_client)
    response = walk_whole_practice(robin_client, run)
    assert response.status_code == 303
    assert response["Location"] == f"/journal/runs/{run.pk}/summary/"
    run.refresh_from_db()
    assert run.status == Run.Status.FINISHED
    assert (run.distress_before, run.feeling_before) == (6, "tense")
    assert (run.distress_after, run.feeling_after) == (3, "calmer")
    assert not run.hard_moment
    entry = Entry.objects.get(run=run)
    assert entry.title == run.practice.title
    answer = Answer.objects.get(run=run, step_key="difficulty")
    assert answer.text == "A hard conversation with my sister."
    assert answer.prompt  # the prompt is kept with the answer
    assert Answer.objects.get(run=run, step_key="how-much").rating == 7

    summary = robin_client.get(response["Location"]).content.decode()
    assert "A hard conversation with my sister." in summary
    assert "Distress 6 out of 10" in summary and "Distress 3 out of 10" in summary
    assert "If this stirred something up" not in summary


def test_each_step_page_says_where_you_are_with_the_right_buttons(robin_client, begin):
    run = begin(robin_client)
    post_step(robin_client, run, "check-in", action="skip")
    html = robin_client.get(step(run, "difficulty")).content.decode()
    assert "Step 2 of 8" in html
    assert ">Next</button>" in html
    assert ">Back</button>" in html
    assert ">Skip</button>" not in html  # this step is not optional
    assert "This is too much right now" in html
    optional = robin_client.get(step(run, "how-much")).content.decode()
    assert ">Skip</button>" in optional
    last = robin_client.get(step(run, "check-out")).content.decode()
    assert ">Finish</button>" in last


def test_with_htmx_the_next_step_comes_back_in_place_and_the_url_follows(robin_client, begin):
    run = begin(robin_client)
    response = post_step(robin_client, run, "check-in", htmx=True, distress="5")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="step-panel"')
    assert "<html" not in html
    assert response["HX-Push-Url"] == step(run, "welcome")
    assert "tend:step-shown" in response["HX-Trigger-After-Settle"]


def test_a_refresh_lands_on_the_step_in_the_url_with_the_text_in_place(robin_client, begin):
    run = begin(robin_client)
    post_step(robin_client, run, "difficulty", text="Half a thought", action="back")
    html = robin_client.get(step(run, "difficulty")).content.decode()
    assert "Half a thought</textarea>" in html
    run.refresh_from_db()
    assert run.current_step == "difficulty"


def test_back_goes_to_the_previous_step_keeping_what_was_typed(robin_client, begin):
    run = begin(robin_client)
    response = post_step(robin_client, run, "difficulty", text="Not done yet", action="back")
    assert response["Location"] == step(run, "welcome")
    assert Answer.objects.get(run=run, step_key="difficulty").text == "Not done yet"


def test_skip_moves_on_and_records_the_skip(robin_client, begin):
    run = begin(robin_client)
    response = post_step(robin_client, run, "how-much", action="skip")
    assert response["Location"] == step(run, "notice")
    assert Answer.objects.get(run=run, step_key="how-much").skipped


def test_a_required_step_asks_for_an_answer_before_moving_on(robin_client, begin):
    run = begin(robin_client)
    response = post_step(robin_client, run, "difficulty", text="   ")
    assert response.status_code == 200
    assert "Write a few words to go on." in response.content.decode()
    run.refresh_from_db()
    assert run.current_step != "notice"


@pytest.mark.parametrize("rating", ["11", "-1", "seven", "3.5", "1e3"])
def test_a_rating_outside_0_to_10_gets_a_message_and_saves_nothing(robin_client, begin, rating):
    run = begin(robin_client)
    response = post_step(robin_client, run, "how-much", rating=rating)
    assert response.status_code == 200
    assert "Choose a number from 0 to 10." in response.content.decode()
    assert not Answer.objects.filter(run=run, step_key="how-much").exists()


def test_a_check_in_outside_0_to_10_gets_a_message_and_saves_nothing(robin_client, begin):
    run = begin(robin_client)
    response = post_step(robin_client, run, "check-in", distress="12", feeling="ok")
    assert "Choose a number from 0 to 10." in response.content.decode()
    run.refresh_from_db()
    assert run.distress_before is None and run.feeling_before == ""


def test_a_choice_not_offered_gets_a_message_and_saves_nothing(robin_client, begin):
    run = begin(robin_client, "ifs-parts-check-in")
    response = post_step(robin_client, run, "feeling", choices=["Worried", "Dragons"])
    assert "Choose from the options listed." in response.content.decode()
    assert not Answer.objects.filter(run=run, step_key="feeling").exists()


def test_chosen_options_are_saved(robin_client, begin):
    run = begin(robin_client, "ifs-parts-check-in")
    post_step(robin_client, run, "feeling", choices=["Worried", "Tired"])
    assert Answer.objects.get(run=run, step_key="feeling").choices == ["Worried", "Tired"]


def test_a_step_key_that_does_not_exist_gets_a_message_and_saves_nothing(robin_client, begin):
    run = begin(robin_client)
    response = robin_client.post(
        step(run, "no-such-step"), {"text": "x", "action": "next"}, follow=True
    )
    assert "That step isn&#x27;t part of this practice." in response.content.decode()
    assert response.redirect_chain[-1][0] == step(run, "check-in")
    assert not Answer.objects.filter(run=run).exists()


def test_an_answer_over_20000_characters_is_refused_and_stays_in_the_box(robin_client, begin):
    run = begin(robin_client)
    long_text = "kind words " * 1820 + "the very end"
    assert len(long_text) > 20_000
    response = post_step(robin_client, run, "difficulty", text=long_text)
    html = response.content.decode()
    assert "a step can hold up to 20,000" in html
    assert "the very end</textarea>" in html
    assert not Answer.objects.filter(run=run, step_key="difficulty").exists()


def test_a_draft_is_saved_while_typing_with_a_quiet_status(robin_client, begin):
    run = begin(robin_client)
    response = robin_client.post(
        f"/journal/runs/{run.pk}/steps/difficulty/draft/",
        {"text": "still typ", "revision": "0"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="save-status"' in html and "Saved" in html
    assert 'name="revision" id="id_revision" value="1" hx-swap-oob="true"' in html
    assert Answer.objects.get(run=run, step_key="difficulty").text == "still typ"


def test_a_draft_that_was_not_saved_answers_with_an_error_status_and_says_so(robin_client, begin):
    run = begin(robin_client)
    response = robin_client.post(
        f"/journal/runs/{run.pk}/steps/difficulty/draft/",
        {"text": "kind words " * 1820 + "the very end", "revision": "0"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="save-status"' in html and "Not saved" in html
    assert "a step can hold up to 20,000" in html
    assert not Answer.objects.filter(run=run, step_key="difficulty").exists()


def test_a_draft_for_a_step_that_cannot_hold_text_is_refused(robin_client, begin):
    run = begin(robin_client)
    response = robin_client.post(f"/journal/runs/{run.pk}/steps/how-much/draft/", {"text": "x"})
    assert response.status_code == 400
    assert not Answer.objects.filter(run=run).exists()


def test_two_tabs_the_later_save_wins_and_the_replaced_words_are_shown(robin_client, begin):
    run = begin(robin_client)
    # Both tabs opened the step before anything was saved (revision 0).
    post_step(robin_client, run, "difficulty", text="Words from the first tab", action="back")
    response = post_step(
        robin_client, run, "difficulty", text="Words from the second tab", revision="0"
    )
    html = response.content.decode()
    assert "Another tab saved different words for this step." in html
    assert "Words from the first tab" in html
    assert Answer.objects.get(run=run, step_key="difficulty").text == "Words from the second tab"
    # The person saw both; pressing Next again moves on.
    answer = Answer.objects.get(run=run, step_key="difficulty")
    moved = post_step(
        robin_client,
        run,
        "difficulty",
        text="Words from the second tab",
        revision=str(answer.revision),
    )
    assert moved["Location"] == step(run, "how-much")


TAB_A = "2f0c6a4e-8d1b-4c57-9a3e-0b6d5c4f3e21"
TAB_B = "9b1e7d2c-3a4f-4e68-8c5d-7f2a1b0e9d43"


def test_a_tabs_own_late_save_is_never_taken_for_another_tabs(robin_client, begin):
    run = begin(robin_client)
    # The tab's last-moment save lands after its reloaded page was served (at revision 0).
    draft = robin_client.post(
        f"/journal/runs/{run.pk}/steps/difficulty/draft/",
        {"text": "Typed just before the reload", "revision": "0", "tab": TAB_A},
    )
    assert draft.status_code == 200
    response = post_step(
        robin_client,
        run,
        "difficulty",
        text="Typed just before the reload, and more",
        revision="0",
        tab=TAB_A,
    )
    assert response.status_code == 303
    assert response["Location"] == step(run, "how-much")
    answer = Answer.objects.get(run=run, step_key="difficulty")
    assert answer.text == "Typed just before the reload, and more"
    assert answer.replaced_text == ""


def test_two_different_tabs_still_see_the_words_the_other_saved(robin_client, begin):
    run = begin(robin_client)
    post_step(
        robin_client,
        run,
        "difficulty",
        text="Words from the first tab",
        action="back",
        tab=TAB_A,
    )
    response = post_step(
        robin_client,
        run,
        "difficulty",
        text="Words from the second tab",
        revision="0",
        tab=TAB_B,
    )
    html = response.content.decode()
    assert "Another tab saved different words for this step." in html
    assert "Words from the first tab" in html
    # The first tab, now behind, saves again: the second tab's words come back to it.
    response = post_step(
        robin_client, run, "difficulty", text="The first tab again", revision="1", tab=TAB_A
    )
    assert "Another tab saved different words for this step." in response.content.decode()
    assert "Words from the second tab" in response.content.decode()


def test_a_tab_that_says_nothing_or_nonsense_is_treated_as_another_tab(robin_client, begin):
    run = begin(robin_client)
    post_step(robin_client, run, "difficulty", text="Saved without a tab", action="back", tab="")
    response = post_step(
        robin_client,
        run,
        "difficulty",
        text="Words from a tab",
        revision="0",
        tab="<script>",
    )
    assert "Another tab saved different words for this step." in response.content.decode()
    assert Answer.objects.get(run=run, step_key="difficulty").saved_by_tab == ""


def test_an_expired_login_loses_nothing(client, practitioner, begin):
    from tests.conftest import PASSWORD

    client.force_login(practitioner)
    run = begin(client)
    client.logout()  # the session has ended, as if it had expired
    response = post_step(
        client,
        run,
        "difficulty",
        text="Typed after my login expired",
        writer=writer_token(practitioner),
    )
    assert response.status_code == 303
    assert response["Location"] == f"/accounts/login/?next={step(run, 'difficulty')}"
    login = client.post(
        response["Location"],
        {"username": "robin", "password": PASSWORD, "next": step(run, "difficulty")},
        follow=True,
    )
    html = login.content.decode()
    assert "Typed after my login expired</textarea>" in html
    assert "We kept what you wrote while you were logged out." in html
    assert not Answer.objects.filter(run=run, step_key="difficulty").exists()  # GET saves nothing
    post_step(client, run, "difficulty", text="Typed after my login expired")
    assert Answer.objects.get(run=run, step_key="difficulty").text == (
        "Typed after my login expired"
    )


def test_stirred_up_marks_a_hard_moment_and_offers_soothing_and_crisis_help(robin_client, begin):
    run = begin(robin_client)
    for key in BREAK_KEYS:
        post_step(
            robin_client,
            run,
            key,
            action="skip" if key == "how-much" else "next",
            **ANSWERS.get(key, {}),
        )
    response = post_step(robin_client, run, "check-out", stirred_up="on", follow=True)
    run.refresh_from_db()
    assert run.hard_moment and run.stirred_up
    html = robin_client.get(f"/journal/runs/{run.pk}/summary/").content.decode()
    assert "If this stirred something up" in html
    assert "feel better" not in html  # no promise that feeling worse leads there
    assert '<a href="/learn/backdraft/">' in html
    assert "/help/crisis/" in html
    assert "/journal/runs/start/cft-soothing-rhythm-breathing/" in html
    assert response.status_code == 303


@pytest.mark.parametrize(("before", "after", "hard"), [(3, 5, True), (3, 4, False), (5, 2, False)])
def test_distress_rising_by_two_or_more_marks_a_hard_moment(
    robin_client, begin, before, after, hard
):
    run = begin(robin_client)
    post_step(robin_client, run, "check-in", distress=str(before))
    for key in BREAK_KEYS:
        post_step(robin_client, run, key, **ANSWERS.get(key, {}))
    post_step(robin_client, run, "check-out", distress=str(after))
    run.refresh_from_db()
    assert run.hard_moment is hard


@pytest.mark.parametrize(("after", "met_with_care"), [(9, True), (10, True), (8, False)])
def test_leaving_still_at_9_or_10_is_met_with_care_though_nothing_rose(
    robin_client, begin, after, met_with_care
):
    """Arriving at 9 or 10 is met with care first; leaving there is met with it too, even
    when the practice didn't make it worse (so it isn't a hard moment)."""
    run = begin(robin_client)
    post_step(robin_client, run, "check-in", distress=str(after))
    for key in BREAK_KEYS:
        post_step(robin_client, run, key, **ANSWERS.get(key, {}))
    post_step(robin_client, run, "check-out", distress=str(after))
    run.refresh_from_db()
    assert not run.hard_moment
    html = robin_client.get(f"/journal/runs/{run.pk}/summary/").content.decode()
    assert ("It still feels very hard" in html) is met_with_care
    assert (f"things are at {after} out of 10 right now" in html) is met_with_care
    assert ("/journal/runs/start/cft-soothing-rhythm-breathing/" in html) is met_with_care
    assert "If this stirred something up" not in html


def test_too_much_pauses_the_run_keeps_the_words_and_offers_grounding(robin_client, begin):
    run = begin(robin_client)
    response = post_step(robin_client, run, "difficulty", text="It got heavy", action="pause")
    assert response["Location"] == f"/journal/runs/{run.pk}/paused/"
    run.refresh_from_db()
    assert run.status == Run.Status.PAUSED
    assert Answer.objects.get(run=run, step_key="difficulty").text == "It got heavy"
    html = robin_client.get(response["Location"]).content.decode()
    assert "It&#x27;s OK to stop here" in html or "It's OK to stop here" in html
    assert "/journal/runs/start/cft-grounding/" in html
    assert 'href="/help/crisis/"' in html
    home = robin_client.get("/").content.decode()
    assert "Pick up where you left off" in home
    assert f'href="/journal/runs/{run.pk}/"' in home
    assert robin_client.get(f"/journal/runs/{run.pk}/")["Location"] == step(run, "difficulty")


def test_too_much_with_htmx_leaves_the_panel_for_the_paused_page(robin_client, begin):
    run = begin(robin_client)
    response = post_step(robin_client, run, "difficulty", htmx=True, action="pause")
    assert response["HX-Redirect"] == f"/journal/runs/{run.pk}/paused/"


def test_discard_asks_first_then_deletes_the_unfinished_run(robin_client, begin):
    run = begin(robin_client)
    post_step(robin_client, run, "difficulty", text="let it go", action="back")
    page = robin_client.get(f"/journal/runs/{run.pk}/discard/").content.decode()
    assert "will be deleted" in page
    response = robin_client.post(f"/journal/runs/{run.pk}/discard/", follow=True)
    assert "Discarded your unfinished" in response.content.decode()
    assert not Run.objects.filter(pk=run.pk).exists()
    assert not Answer.objects.filter(step_key="difficulty").exists()


def test_a_finished_run_cannot_be_discarded(robin_client, begin):
    run = begin(robin_client)
    walk_whole_practice(robin_client, run)
    robin_client.post(f"/journal/runs/{run.pk}/discard/")
    assert Run.objects.filter(pk=run.pk).exists()


def test_a_finished_run_sends_its_steps_to_the_summary(robin_client, begin):
    run = begin(robin_client)
    walk_whole_practice(robin_client, run)
    assert robin_client.get(step(run, "difficulty"))["Location"] == (
        f"/journal/runs/{run.pk}/summary/"
    )


def test_a_part_step_offers_my_parts_and_can_name_a_new_one(robin_client, begin, practitioner):
    PartFactory(user=practitioner, name="The Worrier")
    run = begin(robin_client, "ifs-parts-check-in")
    html = robin_client.get(step(run, "part")).content.decode()
    assert "The Worrier" in html
    assert "Or name a new part" in html
    post_step(robin_client, run, "part", new_part="The Critic")
    critic = Part.objects.get(user=practitioner, name="The Critic")
    assert Answer.objects.get(run=run, step_key="part").part == critic


def test_a_part_step_refuses_someone_elses_part(robin_client, begin, stranger):
    theirs = PartFactory(user=stranger, name="Their part")
    run = begin(robin_client, "ifs-parts-check-in")
    response = post_step(robin_client, run, "part", part=str(theirs.pk))
    assert "Choose one of your parts, or name a new one." in response.content.decode()
    assert not Answer.objects.filter(run=run, step_key="part").exists()


def test_a_past_answer_keeps_its_prompt_after_the_practice_changes(robin_client, begin):
    run = begin(robin_client)
    post_step(robin_client, run, "difficulty", text="My answer")
    run.practice.steps.filter(key="difficulty").update(prompt="A new wording")
    answer = Answer.objects.get(run=run, step_key="difficulty")
    assert answer.prompt != "A new wording"


@pytest.mark.parametrize("htmx", [False, True])
def test_a_step_takes_the_same_number_of_queries_however_much_history_exists(
    robin_client, begin, practitioner, django_assert_max_num_queries, htmx
):
    for _ in range(3):
        walk_whole_practice(robin_client, begin(robin_client))
    run = begin(robin_client)
    # The session with the person; the run (locked) and its answers (with it on SQLite,
    # after it on PostgreSQL), the answer saved and the run moved, in one transaction (two
    # queries more here, for its savepoint); the practice and its steps (each read once per
    # process for each saved state of the practice) and the next step's narration.
    with django_assert_max_num_queries(9):
        post_step(robin_client, run, "difficulty", htmx, text="Some words")
    with django_assert_max_num_queries(6):  # the sixth finds the step's narration
        robin_client.get(step(run, "notice"))
    # A draft save, as the person types: the session; the run (locked) and its answers, and
    # the answer saved, in one transaction (and its savepoint).
    with django_assert_max_num_queries(6):
        draft = robin_client.post(
            f"/journal/runs/{run.pk}/steps/difficulty/draft/",
            {"text": "Some more words", "revision": "1"},
            headers={"HX-Request": "true"} if htmx else {},
        )
    assert draft.status_code == 200
    assert Answer.objects.get(run=run, step_key="difficulty").text == "Some more words"


def test_next_on_an_optional_step_without_an_answer_simply_moves_on(robin_client, begin):
    run = begin(robin_client)
    response = post_step(robin_client, run, "how-much")
    assert response["Location"] == step(run, "notice")


def test_skip_on_a_required_step_still_asks_for_an_answer(robin_client, begin):
    run = begin(robin_client)
    response = post_step(robin_client, run, "difficulty", action="skip")
    assert response.status_code == 200
    assert "Write a few words to go on." in response.content.decode()
    assert not Answer.objects.filter(run=run, step_key="difficulty").exists()


@pytest.mark.parametrize("action", ["stay", "", "destroy"])
def test_an_unknown_button_counts_as_next_and_never_errors(robin_client, begin, action):
    run = begin(robin_client)
    response = post_step(robin_client, run, "difficulty", text="My words", action=action)
    assert response.status_code == 303
    assert response["Location"] == step(run, "how-much")
    assert Answer.objects.get(run=run, step_key="difficulty").text == "My words"


def test_words_kept_through_an_expired_login_are_shown_even_when_too_long(
    client, practitioner, begin
):
    client.force_login(practitioner)
    run = begin(client)
    client.logout()
    long_text = "still here " * 1900 + "the last words"
    post_step(client, run, "difficulty", text=long_text, writer=writer_token(practitioner))
    client.force_login(practitioner)
    html = client.get(step(run, "difficulty")).content.decode()
    assert "It isn&#x27;t saved yet" in html
    assert "a step can hold up to 20,000" in html
    assert "the last words</textarea>" in html


def test_after_soothing_touch_the_reflection_can_be_skipped_and_the_check_out_still_comes(
    robin_client, begin
):
    run = begin(robin_client, "msc-soothing-touch")
    response = post_step(robin_client, run, "reflect", text="", action="skip")
    assert response.status_code == 303
    assert response["Location"] == step(run, "check-out")
    assert Answer.objects.get(run=run, step_key="reflect").skipped


def test_begin_pressed_again_picks_up_the_practice_already_begun(robin_client, begin):
    run = begin(robin_client)
    post_step(robin_client, run, "check-in", distress="5", feeling="tired")
    post_step(robin_client, run, "welcome")
    response = robin_client.post(f"/journal/runs/start/{run.practice.slug}/", follow=True)
    assert Run.objects.filter(practice=run.practice).count() == 1
    assert response.redirect_chain[-1][0] == step(run, "difficulty")
    assert "here is where you left off" in response.content.decode()


def test_begin_on_a_paused_practice_picks_it_up_where_it_stopped(robin_client, begin):
    run = begin(robin_client)
    post_step(robin_client, run, "check-in", action="skip")
    post_step(robin_client, run, "welcome")
    post_step(robin_client, run, "difficulty", text="Keep this", action="pause")
    response = robin_client.post(f"/journal/runs/start/{run.practice.slug}/")
    assert response["Location"] == step(run, "difficulty")
    assert Run.objects.filter(practice=run.practice).count() == 1


def test_home_lists_a_practice_once_however_often_begin_is_pressed(robin_client, begin):
    run = begin(robin_client)
    for _ in range(3):
        robin_client.post(f"/journal/runs/start/{run.practice.slug}/")
    home = robin_client.get("/").content.decode()
    assert home.count('aria-label="Continue A self-compassion break"') == 1


def test_a_finished_practice_does_not_stop_a_new_begin(robin_client, begin):
    first = begin(robin_client)
    walk_whole_practice(robin_client, first)
    second = begin(robin_client)
    assert second.pk != first.pk


def test_start_again_asks_first_then_lets_the_old_one_go_and_begins_fresh(robin_client, begin):
    run = begin(robin_client)
    post_step(robin_client, run, "check-in", action="skip")
    post_step(robin_client, run, "welcome")
    post_step(robin_client, run, "difficulty", text="An old start", action="next")
    page = robin_client.get(step(run, "how-much")).content.decode()
    assert f'href="/journal/runs/{run.pk}/start-again/"' in page
    confirm = robin_client.get(f"/journal/runs/{run.pk}/start-again/").content.decode()
    assert "Start “A self-compassion break” again?" in confirm
    assert "Keep it and continue" in confirm
    assert Run.objects.filter(pk=run.pk).exists()  # asking deletes nothing

    response = robin_client.post(f"/journal/runs/{run.pk}/start-again/")
    fresh = Run.objects.get(user=run.user, practice=run.practice)
    assert fresh.pk != run.pk
    assert response["Location"] == step(fresh, "check-in")
    assert not Answer.objects.filter(text="An old start").exists()


def test_start_again_pressed_twice_still_leaves_one_run(robin_client, begin):
    run = begin(robin_client)
    post_step(robin_client, run, "check-in", action="skip")
    sent = {"practice": run.practice.slug}  # as the confirm form sends it
    robin_client.post(f"/journal/runs/{run.pk}/start-again/", sent)
    second = robin_client.post(f"/journal/runs/{run.pk}/start-again/", sent)
    assert second.status_code == 303
    fresh = Run.objects.get(user=run.user, practice=run.practice)
    assert second["Location"] == step(fresh, "check-in")


def test_a_finished_practice_cannot_be_started_again_over_its_entry(robin_client, begin):
    run = begin(robin_client)
    walk_whole_practice(robin_client, run)
    robin_client.post(f"/journal/runs/{run.pk}/start-again/")
    assert Run.objects.filter(pk=run.pk, status=Run.Status.FINISHED).exists()
    assert Entry.objects.filter(run=run).exists()


def test_someone_else_cannot_start_my_practice_again(client, begin, robin_client, stranger):
    run = begin(robin_client)
    client.force_login(stranger)
    assert client.post(f"/journal/runs/{run.pk}/start-again/").status_code == 404
    assert Run.objects.filter(pk=run.pk).exists()
