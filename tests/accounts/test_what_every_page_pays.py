"""What every signed-in page pays before its own work: reading the session and the person,
one query for both (accounts.sessions), whoever is signed in; the middleware, the context
processors and base.html's menus, footer and icons add none."""

from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from compassion_site.accounts.models import Session
from tests.conftest import logged_in
from tests.factories import TwoFactorDeviceFactory


def signed_in_with_two_factor(person) -> Client:
    """A session as finishing a two-factor login leaves it: the person, and the device their
    code was checked against."""
    device = TwoFactorDeviceFactory(user=person)
    client = Client()
    client.force_login(person)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def test_a_signed_in_page_reads_only_the_session_and_the_person(
    robin_client, django_assert_num_queries
):
    with django_assert_num_queries(1):
        page = robin_client.get(reverse("crisis_help"))
    assert "Log out" in page.text


def test_the_floor_reads_the_session_and_the_person_and_asks_if_the_database_answers(
    robin_client, django_assert_num_queries
):
    with django_assert_num_queries(2):
        assert robin_client.get(reverse("health")).status_code == 200


def test_a_therapist_signed_in_with_two_factor_pays_the_same(therapist, django_assert_num_queries):
    client = signed_in_with_two_factor(therapist)
    with django_assert_num_queries(1):
        page = client.get(reverse("crisis_help"))
    assert "Clients" in page.text


# The person comes with the session's row; Django's check of them is unchanged --------------


def test_a_new_password_still_signs_out_every_other_session(practitioner):
    here, elsewhere = logged_in(practitioner), logged_in(practitioner)
    assert "Log out" in elsewhere.get(reverse("crisis_help")).text
    practitioner.set_password("a-new-and-longer-password")
    practitioner.save()
    assert "Log out" not in elsewhere.get(reverse("crisis_help")).text
    assert elsewhere.get(reverse("journal")).status_code == 404  # as for any visitor
    assert "Log out" not in here.get(reverse("crisis_help")).text


def test_a_person_made_inactive_is_signed_out_on_their_next_page(practitioner):
    client = logged_in(practitioner)
    assert client.get(reverse("journal")).status_code == 200
    practitioner.is_active = False
    practitioner.save()
    assert client.get(reverse("journal")).status_code == 404
    assert "Log out" not in client.get(reverse("crisis_help")).text


def test_a_session_row_naming_someone_else_is_not_taken_at_its_word(
    practitioner, stranger, django_assert_num_queries
):
    """The person joined to the row is used only when they are the one the session's own
    login data names; otherwise the backend reads that person, as Django does."""
    client = logged_in(practitioner)
    Session.objects.filter(session_key=client.session.session_key).update(user=stranger)
    with django_assert_num_queries(2):  # the session (with the wrong row), then the person
        page = client.get(reverse("crisis_help"))
    assert page.wsgi_request.user == practitioner
    assert client.get(reverse("journal")).status_code == 200
