"""Limits on what a stranger could guess or flood: sign-ups, password resets, invite codes and
confirmation emails. (Logins have django-axes; see settings.py.)

A limit allows so many tries in a fixed window (an hour, aligned to the clock) for one thing:
an email address, an account, or a client address. Counts live in the cache every worker
shares (settings.CACHES, the database's by default), so a limit holds however many processes
and hosts serve Tend.

Each try claims a numbered slot with `cache.add`, which is atomic in every backend (the
database cache's primary key refuses a second insert; Redis's SET NX; a lock in locmem): two
workers counting at the same instant can't both take the last slot, and each slot lives to the
end of its window. That is why this doesn't use `cache.incr`: the database cache implements it
as a read then a write (two workers can both read 2 and write 3), and its write starts the
key's life again at the cache's default 5 minutes. Once a window's slots are taken, a try costs
one read and counts nothing more.

Keys hold no address in the clear: what is counted is an HMAC of it under SECRET_KEY.
"""

import ipaddress
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.utils.crypto import salted_hmac

from compassion_site.accounts.backends import client_ip

HOUR = 60 * 60


@dataclass(frozen=True)
class Limit:
    """At most `setting`'s value of tries per `seconds` for one thing, under `name`."""

    name: str
    setting: str
    seconds: int = HOUR

    @property
    def times(self) -> int:
        return getattr(settings, self.setting)


PASSWORD_RESET_PER_ADDRESS = Limit("reset-address", "PASSWORD_RESET_LIMIT_PER_ADDRESS")
PASSWORD_RESET_PER_IP = Limit("reset-ip", "PASSWORD_RESET_LIMIT_PER_IP")
SIGNUP_PER_ADDRESS = Limit("signup-address", "SIGNUP_LIMIT_PER_ADDRESS")
SIGNUP_PER_IP = Limit("signup-ip", "SIGNUP_LIMIT_PER_IP")
INVITE_CODE_PER_PERSON = Limit("invite-person", "INVITE_CODE_LIMIT_PER_PERSON")
INVITE_CODE_PER_IP = Limit("invite-ip", "INVITE_CODE_LIMIT_PER_IP")
CONFIRMATION_EMAIL_PER_PERSON = Limit("confirm-person", "CONFIRMATION_EMAIL_LIMIT_PER_PERSON")


def allow(limit: Limit, what: str) -> bool:
    """Count one try at `what` under `limit`; False, counting nothing, once the window's tries
    are used up."""
    cache = caches["default"]
    now = time.time()
    window = int(now // limit.seconds)
    digest = salted_hmac(f"tend.throttle.{limit.name}", what, algorithm="sha256").hexdigest()
    slots = [f"throttle:{limit.name}:{digest}:{window}:{n}" for n in range(limit.times)]
    taken = cache.get_many(slots)
    # Each slot outlives its window by a minute, so no slot of a live window is ever expired
    # (an expired row is the one case where the database cache's add isn't atomic).
    lifetime = math.ceil((window + 1) * limit.seconds - now) + 60
    # Take the first free slot; one another worker takes first is simply passed over.
    return any(slot not in taken and cache.add(slot, 1, timeout=lifetime) for slot in slots)


def allow_all(*counts: tuple[Limit, str]) -> bool:
    """Count a try under each limit in turn, stopping at the first that is used up, so a
    stranger over one limit (their address's) adds nothing to the others."""
    return all(allow(limit, what) for limit, what in counts)


def client_key(request) -> str:
    """Who a request counts as for per-address limits: its client address (through
    TRUSTED_PROXY_COUNT proxies), or for IPv6 the /64 block, which one household or server
    usually has whole."""
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:  # ::ffff:10.0.0.1 is 10.0.0.1
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def email_key(address: str) -> str:
    """An email address as it is counted: trimmed and in lower case, so any spelling of it
    shares one count."""
    return address.strip().lower()
