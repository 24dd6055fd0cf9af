import copy

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from compassion_site.accounts import confirmation, throttle, two_factor
from compassion_site.accounts.forms import (
    CodeForm,
    ConfirmedAddressResetForm,
    EmailChangeForm,
    LoginForm,
    SettingsForm,
    SignupForm,
    TwoFactorOffForm,
    wrong_code_message,
)
from compassion_site.accounts.models import CareLink
from compassion_site.accounts.templatetags.look import THEME_COOKIE, THEMES
from compassion_site.lib.http import is_on_this_site, safe_next

BACKEND = "compassion_site.accounts.backends.UsernameOrEmailBackend"
YEAR = 365 * 24 * 60 * 60


@never_cache
@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def signup(request):
    """Sign up: the same page, the same redirect and one email to the address typed, whether or
    not that address already has an account (accounts/confirmation.py). A username that is
    taken is said so, as it must be for the person to choose another; usernames name no one,
    and the limit per client address slows anyone trying many.

    Limits (accounts/throttle.py): SIGNUP_LIMIT_PER_IP posts an hour from one client address,
    wrong ones included, and SIGNUP_LIMIT_PER_ADDRESS accounts an hour for one email address,
    which also bounds the emails a stranger can make Tend send to it."""
    next_page = safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_page or "home")
    if request.method == "POST" and not throttle.allow(
        throttle.SIGNUP_PER_IP, throttle.client_key(request)
    ):
        return too_many_signups(request, next_page)
    form = SignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if not throttle.allow(
            throttle.SIGNUP_PER_ADDRESS, throttle.email_key(form.cleaned_data["email"])
        ):
            return too_many_signups(request, next_page)
        try:
            with transaction.atomic():
                user = form.save(commit=False)
                user.time_zone = form.cleaned_data["time_zone"]
                user.save()
        except IntegrityError:
            # Someone took the username between the check and the save.
            form.add_error("username", "That username was just taken. Try another.")
        else:
            login(request, user, backend=BACKEND)
            confirmation.send_confirmation(request, user)
            messages.success(request, "Welcome to Tend. We're glad you're here.")
            messages.info(request, link_sent_message(user.email))
            return redirect(next_page or "home")
    return TemplateResponse(request, "accounts/signup.html", {"form": form, "next": next_page})


def link_sent_message(address: str) -> str:
    return (
        f"We've sent a link to {address}. Open it to confirm your address, so you can get "
        "back in if you ever forget your password. Until then, log in with your username."
    )


WAIT_AN_HOUR = "Please wait an hour and try again."


def too_many_signups(request, next_page: str) -> TemplateResponse:
    context = {
        "form": SignupForm(),
        "next": next_page,
        "throttled": "That's a lot of sign-ups in a short time, so we've paused them for a "
        f"while to keep Tend safe. {WAIT_AN_HOUR}",
    }
    return TemplateResponse(request, "accounts/signup.html", context, status=429)


class LoginView(auth_views.LoginView):
    """Django's login with the password form (django-axes throttles it through the
    authentication backends). A person with two-factor on is not logged in yet: the session
    remembers them as pending and they go on to type a code (login_code). Ticking "shared
    device" gives the session 15 idle minutes instead of two weeks."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        shared = form.cleaned_data.get("shared_device", False)
        next_url = self.get_redirect_url()
        if two_factor.has_two_factor(user):
            two_factor.begin_pending_login(self.request, user, next_url, shared)
            url = reverse("login_code")
            if next_url:
                url += "?" + urlencode({"next": next_url})
            return HttpResponseRedirect(url)
        response = super().form_valid(form)
        two_factor.remember_device_choice(self.request, shared)
        return response


LOGIN_CODE_HELP = (
    "The 6-digit code your authenticator app shows for Tend now. No phone? Type one of your "
    "recovery codes instead; each works once."
)


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def login_code(request):
    """The second step of logging in, for a person with two-factor on. Without a pending login
    (none, or older than 10 minutes) it sends them to the login page."""
    if request.user.is_authenticated:
        return redirect(safe_next(request) or "home")
    pending = two_factor.pending_login(request)
    if pending is None:
        return redirect("login")
    form = CodeForm(request.POST if request.method == "POST" else None, help_text=LOGIN_CODE_HELP)
    if request.method == "POST" and form.is_valid():
        result = two_factor.check_code(pending.user, form.cleaned_data["code"])
        if result.device is not None:
            two_factor.finish_login(
                request,
                pending.user,
                pending.backend,
                shared_device=pending.shared_device,
                device=result.device,
            )
            if not isinstance(result.device, two_factor.TOTPDevice):
                left = two_factor.recovery_codes_left(pending.user)
                messages.info(
                    request,
                    f"You used a recovery code; you have {left} left. You can make a new set "
                    "under Settings, Two-factor sign-in.",
                )
            return redirect(pending.next_url or "home")
        form.add_error("code", wrong_code_message(result.wait_seconds))
    context = {"form": form, "next": pending.next_url}
    return TemplateResponse(request, "accounts/login_code.html", context)


@never_cache
@login_required
@sensitive_post_parameters("password", "code")
@require_http_methods(["GET", "POST"])
def two_factor_view(request):
    """Two-factor sign-in: whether it is on, turning it off (password and a code), and a new
    set of recovery codes. Therapist mode needs it, so it can't be turned off while on."""
    user = request.user
    app = two_factor.confirmed_app(user)
    action = request.POST.get("action") if request.method == "POST" else None
    if request.method == "POST" and app is None:
        return redirect("two_factor")
    if action == "codes":
        codes = two_factor.new_recovery_codes(user)
        return TemplateResponse(
            request, "accounts/recovery_codes.html", {"codes": codes, "first_time": False}
        )
    off_form = TwoFactorOffForm(user, request.POST if action == "off" else None)
    refused = False
    if action == "off":
        if user.therapist_mode:
            refused = True
        elif off_form.is_valid():
            two_factor.turn_off(user)
            messages.success(
                request,
                "Two-factor sign-in is off. Logging in needs only your password now. "
                "You can turn it back on here at any time.",
            )
            return redirect("two_factor")
    context = {
        "app": app,
        "codes_left": two_factor.recovery_codes_left(user) if app else 0,
        "off_form": off_form,
        "off_refused": refused,
    }
    return TemplateResponse(request, "accounts/two_factor.html", context)


SETUP_CODE_HELP = "The 6-digit code your app shows for Tend now. It changes every 30 seconds."


@never_cache
@login_required
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Turning two-factor on: scan the QR code (or type the secret) into an app, confirm with
    a current code, then see ten recovery codes once."""
    device = two_factor.device_for_setup(request.user)
    if device is None:
        messages.info(request, "Two-factor sign-in is already on.")
        return redirect("two_factor")
    form = CodeForm(
        request.POST if request.method == "POST" else None,
        help_text=SETUP_CODE_HELP,
        autofocus=False,
    )
    if request.method == "POST" and form.is_valid():
        codes, result = two_factor.confirm_app(request, device, form.cleaned_data["code"])
        if codes is not None:
            return TemplateResponse(
                request, "accounts/recovery_codes.html", {"codes": codes, "first_time": True}
            )
        form.add_error("code", wrong_code_message(result.wait_seconds))
    context = {
        "form": form,
        "qr_svg": two_factor.qr_svg(device),
        "secret": two_factor.secret_for_typing(device),
    }
    return TemplateResponse(request, "accounts/two_factor_setup.html", context)


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, "You've logged out. Take care of yourself.")
    return redirect("home")


@require_POST
def theme_view(request):
    """The colours switch at the foot of every page, for visitors and logged-in people alike:
    light, dark, or as the device is set. A logged-in person's choice is kept on their account;
    everyone's also goes in a cookie, so a visitor keeps it with no session and no database
    row of their own, and the pages stay as chosen after logging out."""
    chosen = request.POST.get("theme", "")
    # The page to go back to comes as `back`, not `next`: a page's own `next` (sign-up, log in)
    # must never be echoed into the switch's form, and this one is the page itself.
    back = request.POST.get("back", "")
    if not (back.startswith("/") and is_on_this_site(request, back)):
        back = reverse("home")
    if chosen not in THEMES:
        messages.error(request, "Choose light, dark, or as your device is set.")
        return redirect(back)
    if request.user.is_authenticated and request.user.theme != chosen:
        request.user.theme = chosen
        request.user.save(update_fields=["theme"])
    response = HttpResponseRedirect(back, status=303)
    response.set_cookie(
        THEME_COOKIE,
        chosen,
        max_age=YEAR,
        samesite="Lax",
        httponly=True,
        secure=request.is_secure(),
    )
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request):
    # The form edits a copy, so a page showing the form's errors still shows the navigation
    # as it is, not as it would be.
    person = copy.copy(request.user)
    was_therapist = request.user.therapist_mode
    two_factor_on = two_factor.has_two_factor(request.user)
    form = SettingsForm(
        request.POST if request.method == "POST" else None,
        instance=person,
        two_factor_on=two_factor_on,
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your settings are saved.")
        if person.therapist_mode and not was_therapist:
            messages.info(request, "Therapist mode is on. Your clients' pages are under Clients.")
        elif was_therapist and not person.therapist_mode and active_client_count(person):
            messages.info(
                request,
                "Therapist mode is off. Your clients are still linked and keep everything "
                "they have; your therapist pages are hidden until you turn it back on.",
            )
        return redirect("settings")
    context = {
        "form": form,
        "client_count": active_client_count(person) if was_therapist else 0,
        "two_factor_on": two_factor_on,
    }
    return TemplateResponse(request, "accounts/settings.html", context)


def active_client_count(therapist) -> int:
    return CareLink.objects.active().filter(therapist=therapist).count()


@never_cache
@login_required
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def email_view(request):
    """The person's email address: whether it is confirmed, the link sent again, or a new
    address (with the password), which then waits for its own link. The pages and emails are
    the same whether or not another account has the new address. Links sent again and changes
    together are limited to CONFIRMATION_EMAIL_LIMIT_PER_PERSON an hour."""
    user = request.user
    action = request.POST.get("action") if request.method == "POST" else None
    form = EmailChangeForm(user, request.POST if action == "change" else None)
    throttled = ""
    if action == "resend":
        if user.email_confirmed:
            messages.info(request, f"{user.email} is already confirmed. Nothing more to do.")
            return redirect("settings")
        if throttle.allow(throttle.CONFIRMATION_EMAIL_PER_PERSON, str(user.pk)):
            confirmation.send_confirmation(request, user)
            messages.success(request, f"We've sent a new link to {user.email}.")
            return redirect("settings")
        throttled = TOO_MANY_LINKS
    elif action == "change" and form.is_valid():
        if throttle.allow(throttle.CONFIRMATION_EMAIL_PER_PERSON, str(user.pk)):
            was_confirmed = user.email_confirmed
            old = confirmation.change_address(user, form.cleaned_data["email"])
            confirmation.send_confirmation(request, user)
            if was_confirmed:
                confirmation.send_address_changed(request, user, old)
            messages.success(request, f"Your email address is now {user.email}.")
            messages.info(request, link_sent_message(user.email))
            return redirect("settings")
        throttled = TOO_MANY_LINKS
    context = {"form": EmailChangeForm(user) if throttled else form, "throttled": throttled}
    return TemplateResponse(
        request, "accounts/email.html", context, status=429 if throttled else 200
    )


TOO_MANY_LINKS = (
    "We've sent a few links in the last hour already, so we're pausing for a while. If one "
    f"hasn't arrived, look in your spam folder. {WAIT_AN_HOUR}"
)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_email(request):
    """The link in a confirmation email: a page asking to confirm (so a mail scanner opening
    the link confirms nothing), whose button posts the token back. The token travels in the
    query string, which Tend's logs never show."""
    source = request.POST if request.method == "POST" else request.GET
    token = source.get("token", "")
    user = confirmation.user_for_token(token)
    context = {"token": token, "address": user.email if user else "", "state": "ask"}
    if user is None:
        context["state"] = "spent"
    elif request.method == "POST":
        if confirmation.confirm(user) is confirmation.Result.TAKEN:
            context["state"] = "taken"
        else:
            messages.success(request, f"Thank you: {user.email} is confirmed.")
            if request.user.pk == user.pk:
                return redirect("settings")
            return redirect("home" if request.user.is_authenticated else "login")
    return TemplateResponse(request, "accounts/confirm_email.html", context)


# Throttling. The words are the same whether or not an account exists, and say nothing of it.
TOO_MANY_TRIES = (
    "Too many tries for now. Please wait 15 minutes and try again, or reset your password."
)


def locked_out(request, original_response=None, credentials=None):
    """What django-axes shows once an account or an address has had too many failed logins:
    the login page, empty, with one calm message and status 429."""
    context = {"form": LoginForm(request), "locked_out": TOO_MANY_TRIES, "next": ""}
    response = TemplateResponse(request, "registration/login.html", context, status=429)
    add_never_cache_headers(response)
    return response.render()


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, sending only to confirmed addresses, and at most
    PASSWORD_RESET_LIMIT_PER_ADDRESS emails an hour to one address and
    PASSWORD_RESET_LIMIT_PER_IP an hour from one client address (accounts/throttle.py). Over a
    limit nothing is sent and the person sees the same "sent" page as always, so the page never
    tells whether an address has an account, or whether a limit was reached."""

    form_class = ConfirmedAddressResetForm

    def form_valid(self, form):
        allowed = throttle.allow_all(
            (throttle.PASSWORD_RESET_PER_IP, throttle.client_key(self.request)),
            (throttle.PASSWORD_RESET_PER_ADDRESS, throttle.email_key(form.cleaned_data["email"])),
        )
        if not allowed:
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
