"""Confirming an email address, without ever telling anyone but its owner that it has an account.

A new account's address (and a changed one) waits unconfirmed until someone opens the link sent
to it. Only a confirmed address logs in, receives password resets and receives reminders, and
only one account may have a given address confirmed.

`send_confirmation` is what sign-up and Settings call, and it looks the same from outside
whether or not the address already belongs to an account: one email goes to that address. If
no other account has confirmed it, the email carries the link. If another account has, its
owner gets a note that someone tried to use their address (with their username and how to get
back in) and no link, so the address stays theirs. The person who typed it sees the same page
either way and has an account either way, whose address simply never gets confirmed.

The link is signed (django.core.signing, salted, with a timestamp) and carries the account and a
fingerprint of its current address and state: it works for EMAIL_CONFIRMATION_TIMEOUT, for that
address only, and once, since confirming changes the state it was made for.
"""

import enum
import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

logger = logging.getLogger(__name__)

SALT = "tend.accounts.confirm-email"
MAX_TOKEN_LENGTH = 200  # a real one is about 60 characters


class Result(enum.Enum):
    CONFIRMED = "confirmed"
    TAKEN = "taken"  # another account confirmed this address first


def _fingerprint(user) -> str:
    state = f"{user.pk}|{user.email.lower()}|{user.email_confirmed_at}"
    return salted_hmac(SALT, state, algorithm="sha256").hexdigest()[:32]


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT, algorithm="sha256")


def make_token(user) -> str:
    return _signer().sign(f"{user.pk}.{_fingerprint(user)}")


def user_for_token(token: str):
    """The account a confirmation token was made for, if it is genuine, under
    EMAIL_CONFIRMATION_TIMEOUT old, and the account's address is still the one it was made for
    and still unconfirmed; otherwise None. One query at most."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        value = _signer().unsign(token, max_age=settings.EMAIL_CONFIRMATION_TIMEOUT)
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    pk, _, fingerprint = value.partition(".")
    if not pk.isdigit():
        return None
    user = get_user_model()._default_manager.filter(pk=int(pk)).first()
    if user is None or user.email_confirmed_at is not None:
        return None
    if not constant_time_compare(fingerprint, _fingerprint(user)):
        return None
    return user


def confirmed_owner(address: str, *, besides=None):
    """The account that has confirmed `address` (in any letter case), other than `besides`."""
    owners = get_user_model()._default_manager.filter(
        email__iexact=address, email_confirmed_at__isnull=False
    )
    if besides is not None:
        owners = owners.exclude(pk=besides.pk)
    return owners.first()


def send_confirmation(request, user) -> None:
    """One email to `user.email`: the confirmation link, or, if another account has confirmed
    that address, a note to its owner. The same query and one email either way; a failure to
    send is logged (with the account's id only) and not shown, as Django does for resets."""
    owner = confirmed_owner(user.email, besides=user)
    if owner is None:
        link = request.build_absolute_uri(
            reverse("confirm_email") + "?" + urlencode({"token": make_token(user)})
        )
        context = {"link": link, "address": user.email}
        template, to = "accounts/email/confirm", user.email
    else:
        context = {
            "username": owner.get_username(),
            "login_url": request.build_absolute_uri(reverse("login")),
            "reset_url": request.build_absolute_uri(reverse("password_reset")),
        }
        template, to = "accounts/email/address_already_yours", owner.email
    _send(template, context, to, user)


def send_address_changed(request, user, old_address: str) -> None:
    """A note to the address an account had confirmed, that it was just replaced. It doesn't
    name the new address."""
    context = {
        "username": user.get_username(),
        "login_url": request.build_absolute_uri(reverse("login")),
    }
    _send("accounts/email/address_changed", context, old_address, user)


def _send(template: str, context: dict, to: str, user) -> None:
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    body = render_to_string(f"{template}.txt", context).strip() + "\n"
    try:
        send_mail(subject, body, None, [to])
    except Exception:
        logger.exception("Could not send an email about the address of account %s", user.pk)


def confirm(user) -> Result:
    """Mark `user`'s address confirmed, unless another account confirmed it first. The row is
    locked so two links opened at once can't both win."""
    User = get_user_model()
    with transaction.atomic():
        person = User._default_manager.select_for_update().get(pk=user.pk)
        if confirmed_owner(person.email, besides=person) is not None:
            return Result.TAKEN
        person.email_confirmed_at = timezone.now()
        try:
            with transaction.atomic():
                person.save(update_fields=["email_confirmed_at"])
        except IntegrityError:  # confirmed elsewhere a moment ago
            return Result.TAKEN
    user.email_confirmed_at = person.email_confirmed_at
    return Result.CONFIRMED


def change_address(user, address: str) -> str:
    """Give `user` a new address, waiting for its link; returns the old one."""
    old = user.email
    user.email = address
    user.email_confirmed_at = None
    user.save(update_fields=["email", "email_confirmed_at"])
    return old
