from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from compassion_site.accounts.forms import SettingsForm, SignupForm

BACKEND = "compassion_site.accounts.backends.UsernameOrEmailBackend"


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
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
            return redirect("home")
    return TemplateResponse(request, "accounts/signup.html", {"form": form})


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, "You've logged out. Take care of yourself.")
    return redirect("home")


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request):
    form = SettingsForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your settings are saved.")
        return redirect("settings")
    return TemplateResponse(request, "accounts/settings.html", {"form": form})
