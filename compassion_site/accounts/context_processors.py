from urllib.parse import urlencode

from django.utils.functional import SimpleLazyObject

from compassion_site.lib.http import is_on_this_site, safe_next


def care(request):
    """`has_therapist`: whether the signed-in person is linked to a therapist now (the
    navigation shows Homework then). Read from the user row: no query of its own."""
    user = getattr(request, "user", None)
    return {
        "has_therapist": bool(user is not None and user.is_authenticated and user.has_therapist)
    }


# Pages a person should not be sent back to once logged in: they are for getting in.
NO_WAY_BACK = {
    "home",
    "logout",
    "confirm_email",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
# Pages between a person and logging in: they pass on the way back they were given.
ON_THE_WAY_IN = {"login", "signup", "login_code"}


def way_back(request):
    """`way_back`: "?next=..." for every "Log in" and "Create a free account" link, so a
    person lands back on the page they were reading (or passes on the page they were given,
    from the login and sign-up pages), and "" where there is nothing to come back to. Only a
    page of this site is ever carried. No query. Worked out only where a page shows it (the
    links for visitors), not on every page a signed-in person opens."""
    return {"way_back": SimpleLazyObject(lambda: way_back_for(request))}


def way_back_for(request) -> str:
    if request.method not in ("GET", "HEAD"):
        return ""
    match = request.resolver_match
    name = match.url_name if match else None
    if name in ON_THE_WAY_IN:
        target = safe_next(request)
    elif name in NO_WAY_BACK:
        target = ""
    else:
        target = request.get_full_path()
        if not is_on_this_site(request, target):
            target = ""
    return "?" + urlencode({"next": target}, safe="/") if target else ""
