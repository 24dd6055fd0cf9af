from django.utils import timezone


def person_time_zone(get_response):
    """Show dates and times in the signed-in person's own time zone."""

    def middleware(request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(user.zone)
        else:
            timezone.deactivate()
        try:
            return get_response(request)
        finally:
            timezone.deactivate()

    return middleware


SHARED_DEVICE_KEY = "tend_shared_device"
SHARED_DEVICE_IDLE_SECONDS = 15 * 60


def shared_device(get_response):
    """Keep a shared device's login alive only while it is used: such a session was given a
    15-minute expiry at login (see accounts.two_factor.finish_login); marking it modified on
    every request saves it again, so the 15 minutes run from the latest request. Other sessions
    are left alone (and cost nothing extra)."""

    def middleware(request):
        session = getattr(request, "session", None)
        if session is not None and session.get(SHARED_DEVICE_KEY):
            session.modified = True
        return get_response(request)

    return middleware
