"""Leaving Tend: the page explaining both choices, and a confirm page for each that asks for
the password again and offers the export first. Every page is a `private_page` (404 for
visitors); the writes are the services in journal/leaving.py."""

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from compassion_site.accounts.access import private_page
from compassion_site.lib.http import see_other
from journal import leaving

NOT_THEIRS = "That isn't your password. Nothing has been deleted."
EXPORT_STEP = "Please tick this box first: it's how we know you've had the chance to download."


class LeaveForm(forms.Form):
    """The password again, and an explicit word that the export was offered."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Please type your password."},
    )
    export_offered = forms.BooleanField(
        label="I have my export, or I don't want one",
        error_messages={"required": EXPORT_STEP},
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(NOT_THEIRS, code="wrong_password")
        return password


@private_page
@require_GET
def leave(request):
    context = {"would_go": leaving.what_would_go(request.user)}
    return TemplateResponse(request, "journal/leave.html", context)


def confirm_page(request, *, deleting_account: bool):
    form = LeaveForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if deleting_account:
            leaving.delete_account(request.user)
            logout(request)
            messages.info(
                request,
                "Your account and everything in it have been deleted. Thank you for the time "
                "you spent here. Go gently.",
            )
            return see_other(reverse("home"))
        count = leaving.delete_journal_data(request.user, keep_session=request.session.session_key)
        unread = messages.get_messages(request)  # they may name entries that are gone now
        for _ in unread:
            pass
        messages.info(
            request,
            f"Your journal has been deleted ({count} entr{'y' if count == 1 else 'ies'}). "
            "Your account is still here whenever you'd like to begin again.",
        )
        return see_other(reverse("journal"))
    context = {
        "form": form,
        "deleting_account": deleting_account,
        "would_go": leaving.what_would_go(request.user),
    }
    status = 400 if form.is_bound else 200
    return TemplateResponse(request, "journal/leave_confirm.html", context, status=status)


@private_page
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def delete_journal_data(request):
    return confirm_page(request, deleting_account=False)


@private_page
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def delete_account(request):
    return confirm_page(request, deleting_account=True)
