"""Sign-in throttling: django-axes counts wrong passwords for each username from each address; this adds a limit
for an address whatever the usernames, so one address cannot try a few passwords against every account."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class UsernameAndAddressHandler(AxesDatabaseHandler):
    """django-axes compares one count with one limit (AXES_FAILURE_LIMIT, for a username from an address). An
    address gets a higher limit of its own (SIGN_IN_FAILURES_PER_ADDRESS), as many colleagues can share one: once
    it is reached, every username from that address counts as locked out until the cool-off time has passed."""

    def get_failures(self, request, credentials=None):
        failures = super().get_failures(request, credentials)
        from_address = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request),
        ).aggregate(total=Sum("failures_since_start"))["total"] or 0
        if from_address >= settings.SIGN_IN_FAILURES_PER_ADDRESS:
            return max(failures, settings.AXES_FAILURE_LIMIT)
        return failures
