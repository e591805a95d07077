"""Sign-in throttling: django-axes counts wrong passwords for each username from each address; this adds a limit
for an address whatever the usernames, so one address cannot try a few passwords against every account."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def address_locked_out(request):
    """Whether the request's address has had SIGN_IN_FAILURES_PER_ADDRESS wrong passwords within the cool-off time,
    whatever the usernames."""
    failures = (
        AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        ).aggregate(total=Sum("failures_since_start"))["total"]
        or 0
    )
    return failures >= settings.SIGN_IN_FAILURES_PER_ADDRESS


class UsernameAndAddressHandler(AxesDatabaseHandler):
    """django-axes compares one count with one limit (AXES_FAILURE_LIMIT, for a username from an address). An
    address gets a higher limit of its own (SIGN_IN_FAILURES_PER_ADDRESS), as many colleagues can share one: once
    it is reached, every username from that address counts as locked out until the cool-off time has passed."""

    def get_failures(self, request, credentials=None):
        failures = super().get_failures(request, credentials)
        if address_locked_out(request):
            return max(failures, settings.AXES_FAILURE_LIMIT)
        return failures
