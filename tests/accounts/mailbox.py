"""Reading the emails Tend sent, for the tests of sign-up and confirming an address."""

import re

from django.core import mail

CONFIRM_LINK = re.compile(r"http://testserver(/accounts/email/confirm/\?token=[^\s]+)")


def confirmation_link(message) -> str:
    """The path and query of the confirmation link in an email (fails if there is none)."""
    found = CONFIRM_LINK.search(message.body)
    assert found, f"no confirmation link in:\n{message.body}"
    return found.group(1)


def sent_to(address: str) -> list:
    """The emails sent to an address, in any letter case."""
    return [
        message
        for message in mail.outbox
        if address.lower() in [recipient.lower() for recipient in message.to]
    ]
