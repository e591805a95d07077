"""The address a request came from, for the security log and the sign-in throttle (AXES_CLIENT_IP_CALLABLE). It
reads only settings: the logging set-up imports it, through councils.logs, before the models are ready."""

import ipaddress

from django.conf import settings


def client_address(request):
    """The address a request came from. Behind a TLS proxy (BEHIND_TLS_PROXY) that is the address the
    PROXY_COUNT'th proxy from us added to X-Forwarded-For: addresses further left are whatever the client
    sent, and anybody can send anything."""
    if settings.BEHIND_TLS_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= settings.PROXY_COUNT:
            candidate = forwarded[-settings.PROXY_COUNT]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR")
