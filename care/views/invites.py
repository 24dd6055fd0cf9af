"""Invites: a therapist makes and withdraws them under /care/invites/; a client answers one
by its link (/invite/<token>/) or by typing its code (/invite/).

Tokens travel in the path of the answer page, so nothing here logs a path, and the calm pages
for an invite that can't be answered are marked as already logged, which keeps Django's
"Not Found: /invite/<token>/" warnings out of the logs.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from care.forms import InviteForm, JoinCodeForm
from care.services import (
    InviteRefused,
    accept_invite,
    create_invite,
    decline_invite,
    find_invite_by_code,
    find_invite_by_token,
    revoke_invite,
)
from compassion_site.accounts import throttle
from compassion_site.accounts.access import therapist_page
from compassion_site.accounts.models import INVITE_DAYS, CareLink, Invite, show_code

# The plain link token and code of the invite just made, carried from the POST that made it
# to the one page that shows them, and popped there.
FRESH_INVITE = "fresh_invite"

# Why an invite can't be answered: a heading and what to do, for the page; a line for beside
# the code field.
PROBLEMS = {
    "unknown": {
        "status": 404,
        "title": "We can't find this invite",
        "explain": (
            "The link may be incomplete: sometimes the end of a long link gets cut off when "
            "it's copied. Try opening it again, or ask your therapist to send it once more."
        ),
        "short": "That code doesn't match an invite. Check it with your therapist and try again.",
    },
    Invite.State.EXPIRED.value: {
        "status": 410,
        "title": "This invite has expired",
        "explain": (
            f"Invites last {INVITE_DAYS} days, to keep them safe. Nothing is lost: ask your "
            "therapist for a new one. It only takes them a minute."
        ),
        "short": "That invite has expired. Ask your therapist for a new one.",
    },
    Invite.State.USED.value: {
        "status": 410,
        "title": "This invite has already been used",
        "explain": (
            "Each invite works once. If you accepted it, you're linked already: look for "
            "Homework in the menu. If not, ask your therapist for a new invite."
        ),
        "short": "That invite has already been used. Ask your therapist for a new one.",
    },
    Invite.State.DECLINED.value: {
        "status": 410,
        "title": "This invite was declined",
        "explain": (
            "Someone has already said no to it, so it no longer works. If you'd like to link "
            "after all, ask your therapist for a new invite."
        ),
        "short": "That invite was declined. Ask your therapist for a new one.",
    },
    Invite.State.REVOKED.value: {
        "status": 410,
        "title": "This invite was withdrawn",
        "explain": (
            "Your therapist withdrew it, so it no longer works. If you were expecting it, "
            "ask them for a new one."
        ),
        "short": "That invite was withdrawn. Ask your therapist for a new one.",
    },
    InviteRefused.OWN: {
        "status": 403,
        "title": "This is your own invite",
        "explain": (
            "You made this invite, so you can't answer it yourself. Give the link or the code "
            "to your client: they answer it from their own account."
        ),
        "short": "That's an invite you made. Your client answers it from their own account.",
    },
}


TOO_MANY_CODES = (
    "That's a lot of codes in a short time, so we've paused for a while to keep invites safe. "
    "Please wait an hour and try again. If your code still doesn't work then, ask your "
    "therapist to check it with you, or to send a new invite."
)


def get_own_invite(request, invite_id: int) -> Invite:
    """One of the signed-in therapist's invites (with the person who accepted it), or 404."""
    invite = (
        Invite.objects.select_related("used_by")
        .filter(pk=invite_id, therapist_id=request.user.pk)
        .first()
    )
    if invite is None:
        raise Http404("No such invite of yours")
    return invite


def invite_problem(request, reason: str) -> TemplateResponse:
    problem = PROBLEMS[reason]
    response = TemplateResponse(
        request,
        "care/invites/invite_problem.html",
        {"problem": problem, "reason": reason},
        status=problem["status"],
    )
    # The path holds the invite's token: keep it out of Django's request warnings.
    response._has_been_logged = True
    return response


def reason_for(invite: Invite | None, person) -> str | None:
    """Why `person` can't answer `invite`, as a key of PROBLEMS, or None if they can."""
    if invite is None:
        return "unknown"
    if person.is_authenticated and invite.therapist_id == person.pk:
        return InviteRefused.OWN
    state = invite.state
    if state != Invite.State.OPEN:
        return state.value
    return None


def answer(request, invite: Invite, action: str):
    """Accept or decline for the signed-in person; a response, or None for no such action."""
    therapist = invite.therapist.shown_name
    if action == "accept":
        already = CareLink.objects.active().filter(therapist=invite.therapist, client=request.user)
        was_linked = already.exists()
        accept_invite(invite, request.user)
        if was_linked:
            messages.info(request, f"You and {therapist} were already linked. Nothing changed.")
        else:
            messages.success(
                request,
                f"You're linked with {therapist}. Practices they suggest will appear "
                "under Homework.",
            )
        return redirect("home")
    if action == "decline":
        decline_invite(invite, request.user)
        messages.info(request, f"You declined the invite from {therapist}. Nothing is shared.")
        return redirect("home")
    return None


def answer_page(request, invite: Invite, *, code: str = "") -> TemplateResponse:
    person = request.user
    context = {
        "invite": invite,
        "therapist_name": invite.therapist.shown_name,
        "code": code,
        "already_linked": person.is_authenticated
        and CareLink.objects.active().filter(therapist=invite.therapist, client=person).exists(),
    }
    if not person.is_authenticated:
        context["login_url"] = redirect_to_login(request.path).url
        context["signup_url"] = redirect_to_login(request.path, reverse("signup")).url
    return TemplateResponse(request, "care/invites/invite_answer.html", context)


# The therapist's side


@therapist_page
@require_http_methods(["GET", "POST"])
def care_invites(request):
    form = InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        invite, token, code = create_invite(request.user, form.cleaned_data["label"])
        request.session[FRESH_INVITE] = {"id": invite.pk, "token": token, "code": code}
        return redirect("care_invite_detail", invite.pk)
    invites = list(
        Invite.objects.filter(therapist=request.user)
        .select_related("used_by")
        .order_by("-created_at", "-pk")
    )
    context = {"form": form, "invites": invites, "days": INVITE_DAYS}
    return TemplateResponse(request, "care/invites/invites.html", context)


@therapist_page
@require_http_methods(["GET"])
def care_invite_detail(request, invite_id: int):
    invite = get_own_invite(request, invite_id)
    fresh = request.session.get(FRESH_INVITE)
    link = code = ""
    if fresh and fresh.get("id") == invite.pk:
        del request.session[FRESH_INVITE]
        link = request.build_absolute_uri(reverse("invite_answer", args=[fresh["token"]]))
        code = show_code(fresh["code"])
    context = {
        "invite": invite,
        "link": link,
        "code": code,
        "join_link": request.build_absolute_uri(reverse("join_with_code")),
    }
    return TemplateResponse(request, "care/invites/invite_detail.html", context)


@therapist_page
def care_invite_revoke(request, invite_id: int):
    """POST only; but whose invite it is comes first, so others get a 404 for any method."""
    invite = get_own_invite(request, invite_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        revoke_invite(invite)
    except InviteRefused:
        messages.info(
            request,
            f"That invite was already {invite.state.label.lower()}, so there was nothing to "
            "withdraw.",
        )
    else:
        messages.success(request, "Invite withdrawn. Its link and code no longer work.")
    return redirect("care_invites")


# The client's side


@login_required
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
@never_cache
def join_with_code(request):
    """Type the code a therapist read aloud; then the same page as the link shows, whose
    Accept and Decline post here again with the code.

    Codes are short enough to guess at, so each code typed counts, before it is looked up,
    against INVITE_CODE_LIMIT_PER_IP an hour from one client address and
    INVITE_CODE_LIMIT_PER_PERSON an hour for one person (accounts/throttle.py). Over either,
    a calm page (status 429) asks them to wait, the same whether or not the code exists."""
    form = JoinCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if not throttle.allow_all(
            (throttle.INVITE_CODE_PER_IP, throttle.client_key(request)),
            (throttle.INVITE_CODE_PER_PERSON, str(request.user.pk)),
        ):
            context = {"form": JoinCodeForm(), "throttled": TOO_MANY_CODES}
            return TemplateResponse(
                request, "care/invites/join_with_code.html", context, status=429
            )
        invite = find_invite_by_code(form.cleaned_data["code"])
        reason = reason_for(invite, request.user)
        if reason is not None:
            form.add_error("code", PROBLEMS[reason]["short"])
        else:
            try:
                response = answer(request, invite, request.POST.get("action", ""))
            except InviteRefused as refused:
                form.add_error("code", PROBLEMS[refused.reason]["short"])
            else:
                return response or answer_page(request, invite, code=form.cleaned_data["code"])
    return TemplateResponse(request, "care/invites/join_with_code.html", {"form": form})


@require_http_methods(["GET", "POST"])
@never_cache
def invite_answer(request, token: str):
    """The page an invite link opens: who invites you and what they will see; Accept or
    Decline once logged in."""
    invite = find_invite_by_token(token)
    reason = reason_for(invite, request.user)
    if reason is not None:
        return invite_problem(request, reason)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.path)
        try:
            response = answer(request, invite, request.POST.get("action", ""))
        except InviteRefused as refused:
            return invite_problem(request, refused.reason)
        if response is not None:
            return response
    return answer_page(request, invite)
