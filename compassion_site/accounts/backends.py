import operator
from functools import reduce

from axes.attempts import get_cool_off_threshold
from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_parameters, get_client_username, get_credentials
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q, Sum

from compassion_site.accounts.sessions import person_of

MAX_EMAIL_LENGTH = 254  # longer matches no account; and SQLite refuses very long LIKE patterns


def lookup(identifier: str) -> dict:
    """How to find the account someone means by what they typed at login: a username, or a
    confirmed email address (any number of accounts may wait on an unconfirmed one, which may
    be someone else's), in any letter case."""
    if "@" in identifier:
        return {"email__iexact": identifier, "email_confirmed_at__isnull": False}
    return {"username__iexact": identifier}


class UsernameOrEmailBackend(ModelBackend):
    """Log in with either the username or the confirmed email address, in any letter case."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        User = get_user_model()
        identifier = username.strip()
        user = None
        if len(identifier) <= MAX_EMAIL_LENGTH:  # no account has a longer name or address
            user = User._default_manager.filter(**lookup(identifier)).first()
        if user is None:
            # Spend the same time hashing as for a real account, so timing reveals nothing.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """The signed-in person: as read with their session when it was (see
        accounts.sessions), else from the database as ModelBackend does."""
        person = person_of(user_id)
        if person is None:
            return super().get_user(user_id)
        return person if self.user_can_authenticate(person) else None


# Login throttling (django-axes). Settings point here; see settings.py "Login throttling".


def client_ip(request) -> str:
    """The address a request came from. Behind TRUSTED_PROXY_COUNT proxies that each append to
    X-Forwarded-For, the client is that many entries from the right; anything further left was
    written by the client and is not trusted. With no proxy configured, REMOTE_ADDR."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def throttle_username(request, credentials) -> str:
    """The name failed logins count against: an account's username in lower case whether the
    person typed it or their confirmed email address, in any case, so both count together.
    Something that matches no account counts as itself, lower-cased."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials and credentials.get(field) is not None:
        typed = credentials[field]
    else:
        typed = getattr(request, "POST", {}).get(field, "")
    identifier = (typed or "").strip()
    if "@" in identifier and len(identifier) <= MAX_EMAIL_LENGTH:
        User = get_user_model()
        username = (
            User._default_manager.filter(**lookup(identifier))
            .values_list(User.USERNAME_FIELD, flat=True)
            .first()
        )
        if username:
            identifier = username
    return identifier.lower()


class ThrottleBackend(AxesStandaloneBackend):
    """Axes' standalone backend: refuses a login while its account or address is locked out.

    Every login over the web passes its request (Django's LoginView does). A call with no
    request at all (Django's test client `login()`, a management shell) has no address to
    count, so it is let through to the next backend instead of failing with an error."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class ThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler with two changes.

    A successful login clears only that account's failures: Axes' own reset also clears every
    failure from the same address, which would let anyone with an account wipe their address's
    count by logging in between guesses. And the counts cost one query, not one per lockout
    parameter, with nothing to clear when the account had no recent failures, so a normal
    login costs Axes a single query."""

    def get_failures(self, request, credentials=None) -> int:
        username = get_client_username(request, credentials)
        filters = get_client_parameters(
            username, request.axes_ip_address, request.axes_user_agent, request, credentials
        )
        conditions = [Q(**kwargs) for kwargs in filters]
        attempts = AccessAttempt.objects.filter(reduce(operator.or_, conditions))
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        sums = attempts.aggregate(
            **{
                f"by{index}": Sum("failures_since_start", filter=condition)
                for index, condition in enumerate(conditions)
            }
        )
        counts = [sums[f"by{index}"] or 0 for index in range(len(conditions))]
        request.tend_account_failures = next(
            (
                count
                for kwargs, count in zip(filters, counts, strict=True)
                if list(kwargs) == ["username"]
            ),
            None,
        )
        return max(counts, default=0)

    def user_logged_in(self, sender, request, user, **kwargs):
        # No access log (AXES_DISABLE_ACCESS_LOG) and no clean-up here: expired attempts are
        # never counted and are deleted on the next failure. A login that skipped the login
        # form (just after signing up) was never counted, so has nothing to reset.
        if settings.AXES_RESET_ON_SUCCESS and getattr(request, "tend_account_failures", 0):
            self.reset_user_attempts(request, get_credentials(user.get_username()))

    def reset_user_attempts(self, request, credentials=None) -> int:
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


def forget_login_records(user) -> int:
    """Remove what Axes keeps of someone's logins (their username or email as typed, address
    and browser): for a person who is leaving. Returns how many records went."""
    from axes.models import AccessFailureLog, AccessLog

    names = Q(username__iexact=user.get_username())
    if user.email:
        names |= Q(username__iexact=user.email)
    return sum(
        model.objects.filter(names).delete()[0]
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    )
