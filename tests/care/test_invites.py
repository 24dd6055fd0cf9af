"""Linking a therapist and a client by an invite: its link, its code, and every way it ends."""

import datetime
import logging
import re
import zoneinfo

import pytest
import time_machine
from django.db import connection

from care.services import (
    InviteRefused,
    accept_invite,
    create_invite,
    decline_invite,
    find_invite_by_code,
    find_invite_by_token,
    revoke_invite,
)
from compassion_site.accounts.models import (
    CODE_ALPHABET,
    CareLink,
    Invite,
    fingerprint,
    show_code,
)
from tests.conftest import PASSWORD
from tests.site.test_pages import assert_no_inline_script_or_style, assert_shared_layout

UTC = zoneinfo.ZoneInfo("UTC")


def linked(therapist, client) -> bool:
    return CareLink.objects.active().filter(therapist=therapist, client=client).exists()


def logged_in(client, person):
    client.force_login(person)
    return client


def error_beside(html: str, field: str) -> str:
    marker = f'id="id_{field}_error"'
    if marker not in html:
        return ""
    start = html.index(marker)
    return html[start : html.index("</ul>", start)]


# Making an invite ---------------------------------------------------------------------------


def test_an_invite_stores_only_fingerprints_of_its_link_and_code(therapist):
    invite, token, code = create_invite(therapist, "Sam")
    assert len(token) >= 43
    assert len(code) == 8
    assert set(code) <= set(CODE_ALPHABET)
    assert invite.token_hash == fingerprint(token)
    assert invite.code_hash == fingerprint(code)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_invite WHERE id = %s", [invite.pk])
        row = " ".join(str(value) for value in cursor.fetchone())
    for secret in (token, code, show_code(code), code.lower()):
        assert secret not in row
    assert invite.is_open


def test_a_code_that_is_already_taken_is_drawn_again(therapist, monkeypatch):
    from care import services as care

    first, _token, taken = create_invite(therapist)
    codes = iter([taken, "HJKMNPQR"])
    monkeypatch.setattr(care, "new_invite_code", lambda: next(codes))
    second, _token, code = create_invite(therapist)
    assert code == "HJKMNPQR"
    assert second.pk != first.pk
    assert Invite.objects.count() == 2


def test_a_therapist_makes_an_invite_and_sees_its_link_and_code_once(client, therapist):
    logged_in(client, therapist)
    response = client.post("/care/invites/", {"label": "  Sam   from Tuesday "})
    invite = Invite.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/care/invites/{invite.pk}/"
    assert invite.label == "Sam from Tuesday"

    response = client.get(f"/care/invites/{invite.pk}/")
    html = response.content.decode()
    assert "Your invite is ready" in html
    link = re.search(r'value="(http://testserver/invite/([^/"]+)/)"', html)
    assert link, "the full link is shown"
    assert find_invite_by_token(link.group(2)) == invite
    code = re.search(r'<p class="invite-code" id="invite-code">([A-Z0-9]{4}-[A-Z0-9]{4})</p>', html)
    assert code, "the code is shown as ABCD-EFGH"
    assert find_invite_by_code(code.group(1)) == invite
    assert "no-store" in response["Cache-Control"]
    assert 'src="/static/js/invite.js" defer' in html
    assert "Copy link" in html
    assert_shared_layout(html)
    assert_no_inline_script_or_style(html)

    again = client.get(f"/care/invites/{invite.pk}/").content.decode()
    assert link.group(2) not in again
    assert code.group(1) not in again
    assert "only a fingerprint" in again
    assert "Make a new invite" in again
    assert "fresh_invite" not in client.session


def test_the_link_is_shown_only_on_the_page_of_the_invite_just_made(client, therapist, invite):
    logged_in(client, therapist)
    client.post("/care/invites/", {"label": "New one"})
    fresh = Invite.objects.get(label="New one")
    older = client.get(f"/care/invites/{invite.invite.pk}/").content.decode()
    assert "Your invite is ready" not in older
    assert "Your invite is ready" in client.get(f"/care/invites/{fresh.pk}/").content.decode()


def test_a_label_that_is_too_long_is_refused_beside_the_field(client, therapist):
    logged_in(client, therapist)
    response = client.post("/care/invites/", {"label": "x" * 81})
    assert response.status_code == 200
    assert "80 characters or fewer" in error_beside(response.content.decode(), "label")
    assert not Invite.objects.exists()


# Answering by link ---------------------------------------------------------------------------


def test_the_link_shows_who_invites_and_what_they_will_and_will_not_see(client, dana, invite):
    logged_in(client, dana)
    response = client.get(invite.path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Theo Marsh has invited you to link on Tend" in html
    assert "What Theo Marsh will see" in html
    assert "which practice, when, and your before-and-after ratings" in html
    assert "Entries you choose to share. You can unshare any of them at any time." in html
    assert "What Theo Marsh won't see" in html
    assert "Your other practices." in html
    assert "Your journal and what you write, unless you share it." in html
    assert "Your parts." in html
    assert 'href="/sharing/"' in html
    assert 'value="accept"' in html
    assert 'value="decline"' in html
    assert "D. from Tuesday" not in html, "the therapist's label is theirs alone"
    assert "no-store" in response["Cache-Control"]
    assert_shared_layout(html)
    assert_no_inline_script_or_style(html)


def test_accepting_by_link_links_the_client_and_greets_them(client, therapist, dana, invite):
    logged_in(client, dana)
    response = client.post(invite.path, {"action": "accept"}, follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert "You&#x27;re linked with Theo Marsh." in response.content.decode()
    assert linked(therapist, dana)
    accepted = invite.refreshed()
    assert accepted.state == Invite.State.USED
    assert accepted.used_by == dana


def test_the_therapist_shown_name_falls_back_to_the_username(client, other_therapist, dana):
    made = create_invite(other_therapist)
    logged_in(client, dana)
    html = client.get(f"/invite/{made[1]}/").content.decode()
    assert "uma has invited you to link on Tend" in html


def test_a_post_without_an_answer_just_shows_the_invite_again(client, therapist, dana, invite):
    logged_in(client, dana)
    response = client.post(invite.path, {"action": "maybe"})
    assert response.status_code == 200
    assert invite.refreshed().is_open
    assert not linked(therapist, dana)


# Answering by code ---------------------------------------------------------------------------


def typed_forms(code: str) -> list[str]:
    return [
        code,
        show_code(code),
        show_code(code).lower(),
        f"{code[:4].lower()} {code[4:].lower()}",
        f"  {code[:2]} {code[2:4]}-{code[4:6].lower()} {code[6:]} ",
    ]


@pytest.mark.parametrize("form", range(5))
def test_the_code_works_however_it_is_typed(client, therapist, dana, invite, form):
    typed = typed_forms(invite.code)[form]
    logged_in(client, dana)
    response = client.post("/invite/", {"code": typed})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Theo Marsh has invited you to link on Tend" in html
    assert 'action="/invite/"' in html
    assert invite.token not in html, "the code page never learns the link"

    response = client.post("/invite/", {"code": typed, "action": "accept"})
    assert response.status_code == 302
    assert linked(therapist, dana)


def test_declining_by_code_makes_no_link(client, therapist, dana, invite):
    logged_in(client, dana)
    client.post("/invite/", {"code": invite.code, "action": "decline"})
    assert not linked(therapist, dana)
    assert invite.refreshed().state == Invite.State.DECLINED


@pytest.mark.parametrize("typed", ["ABCD-EFG", "NOT-A-CODE", "00000000", "ABCDEFGHJ", "AAAA-AAAA"])
def test_a_wrong_code_gets_a_message_beside_the_field(client, dana, invite, typed):
    logged_in(client, dana)
    response = client.post("/invite/", {"code": typed})
    assert response.status_code == 200
    html = response.content.decode()
    assert "doesn&#x27;t match an invite" in error_beside(html, "code")
    assert 'aria-invalid="true"' in html


def test_an_empty_code_asks_for_one(client, dana):
    logged_in(client, dana)
    html = client.post("/invite/", {"code": "  "}).content.decode()
    assert "Type the code your therapist gave you." in error_beside(html, "code")


def test_a_visitor_is_asked_to_log_in_before_typing_a_code(client, db):
    response = client.get("/invite/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/invite/"


# Single use ----------------------------------------------------------------------------------


def test_an_invite_works_only_once(client, therapist, dana, make_person, invite):
    logged_in(client, dana)
    client.post(invite.path, {"action": "accept"})
    erin = make_person("erin")
    logged_in(client, erin)

    response = client.get(invite.path)
    assert response.status_code == 410
    html = response.content.decode()
    assert "This invite has already been used" in html
    assert "ask your therapist for a new invite" in html
    assert "Theo" not in html.split("<main")[1], "a spent invite doesn't say whose it was"
    assert_shared_layout(html)

    assert client.post(invite.path, {"action": "accept"}).status_code == 410
    html = client.post("/invite/", {"code": invite.code}).content.decode()
    assert "already been used" in error_beside(html, "code")
    assert not linked(therapist, erin)


def test_two_people_accepting_at_the_same_moment_make_one_link(therapist, dana, make_person):
    _made, token, _code = create_invite(therapist)
    # Both requests found the invite open before either accepted it.
    seen_by_dana = find_invite_by_token(token)
    seen_by_erin = find_invite_by_token(token)
    erin = make_person("erin")
    accept_invite(seen_by_dana, dana)
    with pytest.raises(InviteRefused) as refused:
        accept_invite(seen_by_erin, erin)
    assert refused.value.reason == "used"
    assert CareLink.objects.filter(therapist=therapist).count() == 1
    assert linked(therapist, dana)


def test_accepting_twice_makes_one_link(therapist, dana, invite):
    first, second = find_invite_by_token(invite.token), find_invite_by_token(invite.token)
    accept_invite(first, dana)
    with pytest.raises(InviteRefused):
        accept_invite(second, dana)
    assert CareLink.objects.filter(therapist=therapist, client=dana).count() == 1


def test_the_invite_row_is_locked_while_it_is_answered(therapist, dana, invite, monkeypatch):
    from django.db.models import QuerySet

    locked = []
    original = QuerySet.select_for_update

    def spy(self, *args, **kwargs):
        locked.append(self.model)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "select_for_update", spy)
    accept_invite(invite.invite, dana)
    assert locked == [Invite]


def test_an_already_linked_client_accepting_again_gets_no_second_link(
    client, therapist, care_client, invite
):
    logged_in(client, care_client)
    assert "already linked" in client.get(invite.path).content.decode()
    response = client.post(invite.path, {"action": "accept"}, follow=True)
    assert "You and Theo Marsh were already linked. Nothing changed." in response.content.decode()
    assert CareLink.objects.filter(therapist=therapist, client=care_client).count() == 1
    assert invite.refreshed().used_by == care_client


# Expiry --------------------------------------------------------------------------------------


def test_an_invite_expires_after_seven_days(client, therapist, dana):
    made = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with time_machine.travel(made, tick=False):
        invite, token, code = create_invite(therapist)
    assert invite.expires_at == made + datetime.timedelta(days=7)

    logged_in(client, dana)
    with time_machine.travel(made + datetime.timedelta(days=7, minutes=-1), tick=False):
        assert client.get(f"/invite/{token}/").status_code == 200
    with time_machine.travel(made + datetime.timedelta(days=7), tick=False):
        response = client.get(f"/invite/{token}/")
        assert response.status_code == 410
        assert "This invite has expired" in response.content.decode()
        assert client.post(f"/invite/{token}/", {"action": "accept"}).status_code == 410
        html = client.post("/invite/", {"code": code}).content.decode()
        assert "expired" in error_beside(html, "code")
        with pytest.raises(InviteRefused):
            accept_invite(invite, dana)
        logged_in(client, therapist)
        listing = client.get("/care/invites/").content.decode()
        assert "Expired" in listing
        assert "Withdraw" not in listing
    assert not linked(therapist, dana)


# Withdrawing ---------------------------------------------------------------------------------


def test_a_therapist_withdraws_an_open_invite(client, therapist, dana, invite):
    logged_in(client, therapist)
    response = client.post(f"/care/invites/{invite.invite.pk}/revoke/", follow=True)
    assert response.redirect_chain == [("/care/invites/", 302)]
    html = response.content.decode()
    assert "Invite withdrawn. Its link and code no longer work." in html
    assert "Withdrawn" in html
    assert invite.refreshed().state == Invite.State.REVOKED

    logged_in(client, dana)
    response = client.get(invite.path)
    assert response.status_code == 410
    assert "This invite was withdrawn" in response.content.decode()
    html = client.post("/invite/", {"code": invite.code}).content.decode()
    assert "withdrawn" in error_beside(html, "code")
    assert not linked(therapist, dana)


def test_withdrawing_an_invite_that_was_already_answered_changes_nothing(
    client, therapist, dana, invite
):
    accept_invite(invite.invite, dana)
    logged_in(client, therapist)
    response = client.post(f"/care/invites/{invite.invite.pk}/revoke/", follow=True)
    assert "nothing to withdraw" in response.content.decode()
    assert invite.refreshed().state == Invite.State.USED
    assert linked(therapist, dana)
    with pytest.raises(InviteRefused):
        revoke_invite(invite.invite)


def test_withdrawing_needs_a_post(client, therapist, invite):
    logged_in(client, therapist)
    assert client.get(f"/care/invites/{invite.invite.pk}/revoke/").status_code == 405
    assert invite.refreshed().is_open


# Declining -----------------------------------------------------------------------------------


def test_declining_makes_no_link_and_the_therapist_sees_it_declined(
    client, therapist, dana, invite
):
    logged_in(client, dana)
    response = client.post(invite.path, {"action": "decline"}, follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert "You declined the invite from Theo Marsh. Nothing is shared." in (
        response.content.decode()
    )
    assert not linked(therapist, dana)
    assert invite.refreshed().state == Invite.State.DECLINED

    assert client.get(invite.path).status_code == 410
    logged_in(client, therapist)
    html = client.get("/care/invites/").content.decode()
    assert "Declined" in html
    assert "dana" not in html, "a declined invite doesn't name who declined"


# One's own invite ----------------------------------------------------------------------------


def test_a_therapist_cannot_accept_their_own_invite(client, therapist, invite):
    logged_in(client, therapist)
    response = client.get(invite.path)
    assert response.status_code == 403
    html = response.content.decode()
    assert "This is your own invite" in html
    assert 'href="/care/invites/"' in html
    assert client.post(invite.path, {"action": "accept"}).status_code == 403
    html = client.post("/invite/", {"code": invite.code, "action": "accept"}).content.decode()
    assert "an invite you made" in error_beside(html, "code")
    for answer in (accept_invite, decline_invite):
        with pytest.raises(InviteRefused) as refused:
            answer(invite.invite, therapist)
        assert refused.value.reason == "own"
    assert not CareLink.objects.filter(client=therapist).exists()
    assert invite.refreshed().is_open


# Unknown links -------------------------------------------------------------------------------


@pytest.mark.parametrize("token", ["nope", "x" * 500, "a.b~c", "ABCD-EFGH"])
def test_an_unknown_link_gets_a_calm_page(client, dana, token):
    logged_in(client, dana)
    response = client.get(f"/invite/{token}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We can&#x27;t find this invite" in html
    assert "ask your therapist to send it once more" in html
    assert 'href="/invite/"' in html
    assert_shared_layout(html)
    assert client.post(f"/invite/{token}/", {"action": "accept"}).status_code == 404


def test_an_unknown_link_gets_a_calm_page_for_a_visitor_too(client, db):
    response = client.get("/invite/not-a-real-invite/")
    assert response.status_code == 404
    assert "We can&#x27;t find this invite" in response.content.decode()


def test_an_invite_link_is_never_written_to_the_logs(caplog, client, therapist, dana, invite):
    used, spent_token, _code = create_invite(therapist)
    accept_invite(used, dana)
    with caplog.at_level(logging.DEBUG):
        client.get(invite.path)
        client.get("/invite/an-unknown-token-here/")
        client.get(f"/invite/{spent_token}/")
        logged_in(client, therapist)
        client.get(invite.path)
        client.post("/care/invites/", {"label": "Logged?"})
        fresh = Invite.objects.get(label="Logged?")
        client.get(f"/care/invites/{fresh.pk}/")
    text = caplog.text + " ".join(str(record.args) for record in caplog.records)
    for secret in (invite.token, spent_token, "an-unknown-token-here"):
        assert secret not in text


# Visitors ------------------------------------------------------------------------------------


def test_a_visitor_sees_who_invites_them_and_is_offered_login_or_signup(client, invite):
    response = client.get(invite.path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Theo Marsh has invited you to link on Tend" in html
    assert "What Theo Marsh will see" in html
    assert "Log in or create an account to answer" in html
    assert f'href="/accounts/login/?next=/invite/{invite.token}/"' in html
    assert f'href="/accounts/signup/?next=/invite/{invite.token}/"' in html
    assert 'value="accept"' not in html
    assert_shared_layout(html)
    assert_no_inline_script_or_style(html)


def test_a_visitor_who_posts_an_answer_is_asked_to_log_in(client, therapist, invite):
    response = client.post(invite.path, {"action": "accept"})
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/invite/{invite.token}/"
    assert invite.refreshed().is_open


def test_logging_in_from_the_invite_comes_back_to_it(client, dana, invite):
    response = client.post(
        f"/accounts/login/?next={invite.path}",
        {"username": "dana", "password": PASSWORD, "next": invite.path},
    )
    assert response.status_code == 302
    assert response["Location"] == invite.path
    assert 'value="accept"' in client.get(invite.path).content.decode()


def test_signing_up_from_the_invite_comes_back_to_it_and_then_accepts(client, therapist, invite):
    form = client.get(f"/accounts/signup/?next={invite.path}").content.decode()
    assert f'<input type="hidden" name="next" value="{invite.path}">' in form
    assert f'href="/accounts/login/?next=/invite/{invite.token}/"' in form

    response = client.post(
        "/accounts/signup/",
        {
            "username": "fern",
            "email": "fern@example.org",
            "password1": "soft-morning-light-42",
            "password2": "soft-morning-light-42",
            "time_zone": "UTC",
            "next": invite.path,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == invite.path

    response = client.post(invite.path, {"action": "accept"})
    assert response.status_code == 302
    fern = CareLink.objects.get(therapist=therapist).client
    assert fern.username == "fern"


@pytest.mark.parametrize(
    "next_page", ["https://elsewhere.example/", "//elsewhere.example/", "javascript:alert(1)"]
)
def test_signup_ignores_a_next_page_on_another_site(client, db, next_page):
    form = client.get("/accounts/signup/", {"next": next_page}).content.decode()
    assert 'name="next"' not in form
    response = client.post(
        "/accounts/signup/",
        {
            "username": "fern",
            "email": "fern@example.org",
            "password1": "soft-morning-light-42",
            "password2": "soft-morning-light-42",
            "next": next_page,
        },
    )
    assert response["Location"] == "/"


def test_a_logged_in_person_is_sent_on_from_signup_to_a_safe_next_page(robin_client, invite):
    response = robin_client.get(f"/accounts/signup/?next={invite.path}")
    assert response["Location"] == invite.path


# Many therapists, many clients ---------------------------------------------------------------


def test_a_client_can_have_two_therapists(client, therapist, other_therapist, care_client):
    _invite, token, _code = create_invite(other_therapist)
    logged_in(client, care_client)
    client.post(f"/invite/{token}/", {"action": "accept"})
    assert linked(therapist, care_client)
    assert linked(other_therapist, care_client)


def test_a_therapist_can_have_many_clients(therapist, make_person):
    for name in ("ash", "bea", "cy"):
        made, _token, _code = create_invite(therapist)
        accept_invite(made, make_person(name))
    assert CareLink.objects.active().filter(therapist=therapist).count() == 3


# The therapist's list ------------------------------------------------------------------------


def test_the_list_shows_each_invite_with_how_it_went(client, therapist, dana, make_person):
    created = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with time_machine.travel(created, tick=False):
        create_invite(therapist, "Long ago")
    create_invite(therapist, "Waiting one")
    accepted, _t, _c = create_invite(therapist, "Accepted one")
    declined, _t, _c = create_invite(therapist, "Declined one")
    withdrawn, _t, _c = create_invite(therapist, "Withdrawn one")
    dana.display_name = "Dana R."
    dana.save(update_fields=["display_name"])
    accept_invite(accepted, dana)
    decline_invite(declined, make_person("erin"))
    revoke_invite(withdrawn)

    logged_in(client, therapist)
    html = client.get("/care/invites/").content.decode()
    items = html.split('<li class="invite-item">')[1:]
    states = {
        re.search(r'">([^<]+)</a>', item).group(1): re.search(
            r'invite-state--\w+">([^<]+)<', item
        ).group(1)
        for item in items
    }
    assert states == {
        "Waiting one": "Waiting",
        "Accepted one": "Accepted",
        "Declined one": "Declined",
        "Withdrawn one": "Withdrawn",
        "Long ago": "Expired",
    }
    assert "Accepted by Dana R." in html
    assert html.count("Withdraw<span") == 1, "only the open invite can be withdrawn"
    assert_shared_layout(html)
    assert_no_inline_script_or_style(html)


def test_the_list_shows_only_the_therapists_own_invites(client, therapist, other_therapist):
    create_invite(other_therapist, "Uma's client")
    logged_in(client, therapist)
    html = client.get("/care/invites/").content.decode()
    assert "Uma&#x27;s client" not in html
    assert "You haven't made any invites yet." in html


def many_invites(therapist, make_person, count: int, start: int = 0):
    for number in range(start, start + count):
        made, _token, _code = create_invite(therapist, f"Client {number}")
        if number % 3 == 0:
            accept_invite(made, make_person(f"client{number}"))
        elif number % 3 == 1:
            revoke_invite(made)


def test_the_invite_list_reads_a_fixed_number_of_queries(
    client, therapist, make_person, django_assert_max_num_queries
):
    logged_in(client, therapist)
    many_invites(therapist, make_person, 3)
    with django_assert_max_num_queries(5):
        assert client.get("/care/invites/").status_code == 200
    many_invites(therapist, make_person, 30, start=3)
    with django_assert_max_num_queries(5):
        html = client.get("/care/invites/").content.decode()
    assert html.count('<li class="invite-item">') == 33
    assert "Accepted by client30" in html


def test_an_invite_page_reads_a_fixed_number_of_queries(
    client, therapist, dana, invite, django_assert_max_num_queries
):
    logged_in(client, therapist)
    with django_assert_max_num_queries(5):
        assert client.get(f"/care/invites/{invite.invite.pk}/").status_code == 200
    logged_in(client, dana)
    with django_assert_max_num_queries(5):
        assert client.get(invite.path).status_code == 200


def test_an_accepted_invite_names_the_client_on_its_page(client, therapist, dana, invite):
    accept_invite(invite.invite, dana)
    logged_in(client, therapist)
    html = client.get(f"/care/invites/{invite.invite.pk}/").content.decode()
    assert "Invite for D. from Tuesday" in html
    assert "By dana, on" in html
    assert "Withdraw" not in html


# Who may open what ---------------------------------------------------------------------------


@pytest.fixture
def person(request, practitioner, other_therapist):
    return {"visitor": None, "practitioner": practitioner, "other therapist": other_therapist}[
        request.param
    ]


@pytest.mark.parametrize("person", ["visitor", "practitioner", "other therapist"], indirect=True)
@pytest.mark.parametrize(
    ("method", "page"),
    [
        ("get", "/care/invites/{id}/"),
        ("post", "/care/invites/{id}/revoke/"),
        ("get", "/care/invites/{id}/revoke/"),
        ("get", "/care/invites/"),
        ("post", "/care/invites/"),
    ],
)
def test_only_the_therapist_who_made_an_invite_may_open_its_pages(
    client, person, invite, method, page
):
    if person is not None:
        logged_in(client, person)
    path = page.format(id=invite.invite.pk)
    response = getattr(client, method)(path, {"label": "x"} if method == "post" else None)
    if person is not None and person.therapist_mode and path == "/care/invites/":
        # Another therapist has a list of their own; it never shows this one.
        assert response.status_code in (200, 302)
        assert "D. from Tuesday" not in client.get(path).content.decode()
    else:
        assert response.status_code == 404
    assert invite.refreshed().is_open


def test_a_therapist_gets_404_for_an_invite_that_does_not_exist(client, therapist):
    logged_in(client, therapist)
    assert client.get("/care/invites/999999/").status_code == 404
    assert client.post("/care/invites/999999/revoke/").status_code == 404


def test_the_therapist_pages_are_hidden_once_therapist_mode_is_off(client, therapist, invite):
    therapist.therapist_mode = False
    therapist.save(update_fields=["therapist_mode"])
    logged_in(client, therapist)
    assert client.get("/care/invites/").status_code == 404
    assert client.get(f"/care/invites/{invite.invite.pk}/").status_code == 404
