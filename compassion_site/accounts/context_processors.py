def care(request):
    """`has_therapist`: whether the signed-in person is linked to a therapist now (the
    navigation shows Homework then). Read from the user row: no query of its own."""
    user = getattr(request, "user", None)
    return {
        "has_therapist": bool(user is not None and user.is_authenticated and user.has_therapist)
    }
