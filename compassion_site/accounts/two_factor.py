"""Two-factor sign-in with django-otp: an authenticator app (a TOTPDevice) and ten single-use
recovery codes (a StaticDevice), plus the half-finished login between the password and the code.

Wrong codes are throttled by django-otp on each device: after n wrong codes in a row the device
refuses to check any code, right or wrong, for 2^(n-1) seconds (1, 2, 4, 8, ...); a right
code resets the count. `check_code` reports how long to wait, so the page can say so calmly.
"""

import math
import time
from base64 import b32decode, b32encode
from dataclasses import dataclass

import segno
from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.db import transaction
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from compassion_site.accounts.middleware import SHARED_DEVICE_IDLE_SECONDS, SHARED_DEVICE_KEY

RECOVERY_CODE_COUNT = 10
# The demo therapist's authenticator key (`seed_demo --with-therapist`), public in the README so
# anyone trying Tend locally can add it to an app. Refused whenever DEBUG is off: a database
# seeded for a demo and then served for real can't be entered with it.
DEMO_KEY = "TENDDEMOTENDDEMOTENDDEMOTENDDEMO"
PENDING_KEY = "tend_two_factor_pending"
PENDING_SECONDS = 10 * 60  # time to type the code after the password


# Reading


def has_two_factor(user) -> bool:
    """Whether the person has a confirmed authenticator app (one query)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def confirmed_app(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def device_for_setup(user) -> TOTPDevice | None:
    """The person's unconfirmed app device, made on the first visit and kept until it is
    confirmed (so reloading the page shows the same secret); None if two-factor is already on.
    One query, two the first time."""
    devices = list(TOTPDevice.objects.filter(user=user))
    if any(device.confirmed for device in devices):
        return None
    if devices:
        device = devices[0]
        device.user = user  # config_url names the user: no query to fetch them again
        return device
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret as an app asks for it (base32), in groups of four: ABCD EFGH ..."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> SafeString:
    """The otpauth:// address as an inline SVG QR code, drawn here (nothing from another host),
    black on white with its quiet zone so it scans in a dark theme too."""
    svg = segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#000", light="#fff")
    svg = svg.replace(
        "<svg ",
        '<svg role="img" aria-label="QR code to add Tend to your authenticator app" ',
        1,
    )
    # Safe to put in the page as it is: segno draws only the code's squares as a path, and no
    # text of the person's (the address is in the squares, never written out).
    return mark_safe(svg)  # noqa: S308  # nosec B308 B703


def hex_key(base32_key: str) -> str:
    """A key as typed into an app (base32, spaces allowed) as a TOTPDevice stores it (hex)."""
    return b32decode("".join(base32_key.split()).upper()).hex()


def is_public_demo_key(device) -> bool:
    """Whether this is the demo's published key, which only a development site accepts."""
    return isinstance(device, TOTPDevice) and device.key == hex_key(DEMO_KEY)


def normalise(typed: str) -> str:
    """A code as typed: spaces and hyphens left out, small letters."""
    return "".join(typed.split()).replace("-", "").lower()


def show_recovery_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


# Checking codes


@dataclass
class CodeCheck:
    device: TOTPDevice | StaticDevice | None = None
    wait_seconds: int = 0  # > 0: django-otp's throttling refused to check the code


def _check(device, code: str) -> CodeCheck:
    if is_public_demo_key(device) and not settings.DEBUG:
        return CodeCheck()  # the demo's key is public: never a way in on a real site
    allowed, details = device.verify_is_allowed()
    if not allowed:
        locked_until = (details or {}).get("locked_until")
        wait = (locked_until - timezone.now()).total_seconds() if locked_until else 1
        return CodeCheck(wait_seconds=max(1, math.ceil(wait)))
    if device.verify_token(code):
        return CodeCheck(device=device)
    return CodeCheck()


def check_code(user, typed: str) -> CodeCheck:
    """Check a code from the person's app (6 digits) or one of their recovery codes (used up
    when it works), row-locked so two tries at once can't both pass."""
    code = normalise(typed)
    is_app_code = len(code) == 6 and code.isdigit()
    model = TOTPDevice if is_app_code else StaticDevice
    with transaction.atomic():
        device = model.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None or not code:
            return CodeCheck()
        return _check(device, code)


# Changing


def confirm_app(request, device: TOTPDevice, typed: str) -> tuple[list[str] | None, CodeCheck]:
    """Turn two-factor on if `typed` is the app's current code: the device is confirmed, any
    other unconfirmed one removed, ten recovery codes made (returned for showing once), and
    this session counts as verified."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        result = _check(device, normalise(typed))
        if result.device is None:
            return None, result
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
        codes = new_recovery_codes(request.user)
    otp_login(request, device)
    return codes, result


def new_recovery_codes(user) -> list[str]:
    """Replace the person's recovery codes with ten new ones, returned for showing once."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return [show_recovery_code(code) for code in codes]


def turn_off(user) -> None:
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


# The login between the password and the code


@dataclass
class PendingLogin:
    user: object
    backend: str
    next_url: str
    shared_device: bool


def begin_pending_login(request, user, next_url: str, shared_device: bool) -> None:
    """The password was right and the person has two-factor on: remember who they are, but do
    not log them in. Until the code, this session is a visitor's and reaches nothing private."""
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "next": next_url,
        "shared": shared_device,
        "since": int(time.time()),
    }


def pending_login(request) -> PendingLogin | None:
    """The login waiting for a code in this session, if it is recent and its person can still
    log in; a stale one is forgotten."""
    data = request.session.get(PENDING_KEY)
    if not data:
        return None
    user = None
    if time.time() - data.get("since", 0) <= PENDING_SECONDS:
        user = get_user_model()._default_manager.filter(pk=data["user"], is_active=True).first()
    if user is None:
        del request.session[PENDING_KEY]
        return None
    return PendingLogin(user, data["backend"], data.get("next") or "", bool(data.get("shared")))


def finish_login(request, user, backend: str, *, shared_device: bool, device=None) -> None:
    """Log the person in (Django's login: a new session key), mark the session verified by
    `device`, and give a shared device's session its 15 idle minutes."""
    request.session.pop(PENDING_KEY, None)
    login(request, user, backend=backend)
    if device is not None:
        otp_login(request, device)
    remember_device_choice(request, shared_device)


def remember_device_choice(request, shared_device: bool) -> None:
    if shared_device:
        request.session.set_expiry(SHARED_DEVICE_IDLE_SECONDS)
        request.session[SHARED_DEVICE_KEY] = True
    else:
        request.session.set_expiry(None)  # the normal two weeks
        request.session.pop(SHARED_DEVICE_KEY, None)
