from django.utils.functional import SimpleLazyObject


def care(request):
    """`has_therapist`: whether the signed-in person is linked to a therapist, read only when
    a template asks (the navigation shows Homework then)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"has_therapist": False}
    return {"has_therapist": SimpleLazyObject(lambda: user.therapist_links.active().exists())}
