from councils.access import councils_for


def councils(request):
    """The person's councils, for the header."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"my_councils": councils_for(request.user)}
