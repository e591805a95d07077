"""What every request of a signed-in person goes through: the session's limits, no caching, and a plain page when a
kept PDF's file is missing or the server is making as many PDFs as it may."""

import logging
import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from councils.lifecycle import StoredFileMissing
from councils.logs import log_event
from councils.pdf import PdfBusy

SIGNED_IN_AT = "eqa_signed_in_at"
LAST_SEEN = "eqa_last_seen"
# Why the last session ended, for the sign-in page to say.
ENDED_BECAUSE = "eqa_session_ended"
IDLE, TOO_LONG, SIGNED_OUT = "timed-out-idle", "timed-out-12-hours", "signed-out"
# Saving the session on every request only to move the idle clock on is wasted work: once a minute is enough.
TOUCH_EVERY = 60
# Seconds after which a PDF refused because the server was making others may be asked for again.
RETRY_PDF_AFTER = 60


def start_clock(session, now):
    session[SIGNED_IN_AT] = session[LAST_SEEN] = now


@receiver(user_logged_in, dispatch_uid="eqa-start-session-clock")
def _start_clock_at_sign_in(sender, request, user, **kwargs):
    start_clock(request.session, time.time())


def time_left(session, now):
    """(seconds until the session ends, whether staying active would put that off): the idle limit can be put
    off, the 12 hours from sign-in cannot."""
    idle_left = settings.SESSION_IDLE_TIMEOUT - (now - session[LAST_SEEN])
    absolute_left = settings.SESSION_ABSOLUTE_TIMEOUT - (now - session[SIGNED_IN_AT])
    return min(idle_left, absolute_left), idle_left < absolute_left


class SessionLimitsMiddleware:
    """Sign a person out after SESSION_IDLE_TIMEOUT seconds without a request, or SESSION_ABSOLUTE_TIMEOUT seconds
    after they signed in; tell the page (request.session_ends_in, request.session_extendable) when that will be."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self.check(request, time.time())
        return self.get_response(request)

    def check(self, request, now):
        session = request.session
        if SIGNED_IN_AT not in session or LAST_SEEN not in session:
            # A session from before these limits: its clock starts now.
            start_clock(session, now)
        left, extendable = time_left(session, now)
        if left <= 0:
            request.session_ended = IDLE if extendable else TOO_LONG
            logout(request)
            request.session[ENDED_BECAUSE] = request.session_ended
            return
        if now - session[LAST_SEEN] >= TOUCH_EVERY:
            session[LAST_SEEN] = now
            left, extendable = time_left(session, now)
        request.session_ends_in, request.session_extendable = int(left), extendable


class NoStoreWhenSignedInMiddleware:
    """No browser or proxy keeps a copy of a page shown to a signed-in person. Static files never get here:
    WhiteNoise answers them first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        return response


class PdfNotSentMiddleware:
    """A PDF that cannot be sent says why and what to do, rather than failing as a server error.

    A kept PDF whose file is gone (lost from storage, or not restored with the database): 410, and the log is told.
    A draft's PDF asked for while the server makes as many PDFs as it may at once (councils/pdf.py): 503 at once, and
    when to try again, rather than holding a web worker while it waits; every PDF's address is its record's (or
    report's) page and one more part, so the page drops the last part to lead back there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, StoredFileMissing):
            log_event("issued-pdf", outcome="file-missing", request=request, level=logging.ERROR, file=exception.name)
            return render(request, "councils/pdf_file_missing.html", status=410)
        if isinstance(exception, PdfBusy):
            back = request.path.rstrip("/").rsplit("/", 1)[0] + "/"
            response = render(request, "councils/pdf_busy.html", {"back": back}, status=503)
            response["Retry-After"] = str(RETRY_PDF_AFTER)
            return response
        return None
