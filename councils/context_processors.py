from django.conf import settings
from django.utils.functional import SimpleLazyObject

from councils.access import my_councils


def councils(request):
    """The person's councils, for the header, and whether they may have a password to change."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    # Read only by a page that shows them, and then once a request.
    return {
        "my_councils": SimpleLazyObject(lambda: my_councils(request)),
        "password_sign_in": settings.PASSWORD_SIGN_IN,
    }
