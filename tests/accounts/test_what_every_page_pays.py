"""What every signed-in page pays before its own work: reading the session and the person,
two queries, whoever is signed in; the middleware, the context processors and base.html's
menus, footer and icons add none."""

from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

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
    with django_assert_num_queries(2):
        page = robin_client.get(reverse("crisis_help"))
    assert "Log out" in page.text


def test_the_floor_reads_the_session_and_the_person_and_asks_if_the_database_answers(
    robin_client, django_assert_num_queries
):
    with django_assert_num_queries(3):
        assert robin_client.get(reverse("health")).status_code == 200


def test_a_therapist_signed_in_with_two_factor_pays_the_same(therapist, django_assert_num_queries):
    client = signed_in_with_two_factor(therapist)
    with django_assert_num_queries(2):
        page = client.get(reverse("crisis_help"))
    assert "Clients" in page.text
