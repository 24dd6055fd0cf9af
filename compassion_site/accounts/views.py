import copy
import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from compassion_site.accounts.backends import client_ip
from compassion_site.accounts.forms import LoginForm, SettingsForm, SignupForm
from compassion_site.accounts.models import CareLink

BACKEND = "compassion_site.accounts.backends.UsernameOrEmailBackend"


def safe_next(request) -> str:
    """Where to go after signing up: the `next` page if it is on this site, else ''."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def signup(request):
    next_page = safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_page or "home")
    form = SignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user = form.save(commit=False)
                user.time_zone = form.cleaned_data["time_zone"]
                user.save()
        except IntegrityError:
            # Someone took the name or address between the check and the save.
            form.add_error(None, "That username or email address was just taken. Try another.")
        else:
            login(request, user, backend=BACKEND)
            messages.success(request, "Welcome to Tend. We're glad you're here.")
            return redirect(next_page or "home")
    return TemplateResponse(request, "accounts/signup.html", {"form": form, "next": next_page})


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, "You've logged out. Take care of yourself.")
    return redirect("home")


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request):
    # The form edits a copy, so a page showing the form's errors still shows the navigation
    # as it is, not as it would be.
    person = copy.copy(request.user)
    was_therapist = request.user.therapist_mode
    form = SettingsForm(request.POST if request.method == "POST" else None, instance=person)
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
    }
    return TemplateResponse(request, "accounts/settings.html", context)


def active_client_count(therapist) -> int:
    return CareLink.objects.active().filter(therapist=therapist).count()


# Throttling. The words are the same whether or not an account exists, and say nothing of it.
TOO_MANY_TRIES = (
    "Too many tries for now. Please wait 15 minutes and try again, or reset your password."
)


def locked_out(request, original_response=None, credentials=None):
    """What django-axes shows once an account or an address has had too many failed logins:
    the login page, empty, with one calm message and status 429."""
    context = {"form": LoginForm(request), "locked_out": TOO_MANY_TRIES, "next": ""}
    return TemplateResponse(request, "registration/login.html", context, status=429).render()


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, sending at most PASSWORD_RESET_LIMIT_PER_ADDRESS emails an hour
    for one email address and PASSWORD_RESET_LIMIT_PER_IP an hour from one client address.
    Over the limit nothing is sent and the person sees the same "sent" page as always, so the
    page never tells whether an address has an account, or whether the limit was reached.

    Home-made (django-axes covers logins only) and kept small: counts live in Django's cache,
    keyed by a hash, and expire an hour after the first request of the hour."""

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        over_limit = [
            self.count(f"address:{email}") > settings.PASSWORD_RESET_LIMIT_PER_ADDRESS,
            self.count(f"ip:{client_ip(self.request)}") > settings.PASSWORD_RESET_LIMIT_PER_IP,
        ]
        if any(over_limit):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)

    @staticmethod
    def count(what: str) -> int:
        key = "password-reset:" + hashlib.sha256(what.encode()).hexdigest()
        cache.add(key, 0, timeout=60 * 60)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=60 * 60)
            return 1
