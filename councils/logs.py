"""The security log: sign-ins, failed sign-ins, sign-outs, refusals and sign-offs, one JSON object a line.

JSON keeps what a person typed (a username with a newline in it, say) inside its own string, so nothing typed can
start a line of its own and pass for another event. CouncilsConfig.ready() imports this module, so its signal
receivers are connected whenever Django starts.
"""

import json
import logging
from datetime import UTC, datetime

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from councils.addresses import client_address

security_log = logging.getLogger("eqa.security")

# Every line has these, null when they do not apply, so that log tools can rely on them.
FIELDS = ("event", "outcome", "user_id", "username", "council_ids", "path", "method", "address")


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            **dict.fromkeys(FIELDS),
            **getattr(record, "security", {}),
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        # ensure_ascii also escapes the line separators other than \n (U+2028, NEL) that some tools split on.
        return json.dumps(entry, ensure_ascii=True, default=str)


def log_event(event, *, outcome, request=None, user=None, username=None, level=logging.INFO, **details):
    """Log one security event: who (the signed-in person, else the username tried), their councils, what, and
    the request's path, method and address."""
    # Imported when called: the logging set-up (JsonFormatter) imports this module before the models are ready.
    from councils.models import Membership

    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    fields = {"event": event, "outcome": outcome, **details}
    if user is not None:
        fields["user_id"] = user.pk
        fields["username"] = user.get_username()
        fields["council_ids"] = sorted(Membership.objects.filter(user=user).values_list("council_id", flat=True))
    elif username is not None:
        fields["username"] = username
    if request is not None:
        fields.update(path=request.path, method=request.method, address=client_address(request))
    security_log.log(level, event, extra={"security": fields})


def log_sign_off(record, *, by):
    """Log that `record` (an EIA or an action plan) was signed off by `by`, once its transaction has committed:
    a sign-off that rolls back never happened."""
    what = f"{record._meta.model_name} {record.pk}"
    if getattr(record, "version", None) is not None:
        what += f" version {record.version}"
    fields = {
        "event": "sign-off",
        "outcome": "signed-off",
        "user_id": by.pk,
        "username": by.get_username(),
        "council_ids": [record.council_id],
        "record": what,
    }
    transaction.on_commit(lambda: security_log.info("sign-off", extra={"security": fields}))


@receiver(user_logged_in, dispatch_uid="eqa-log-sign-in")
def _signed_in(sender, request, user, **kwargs):
    log_event("sign-in", outcome="success", request=request, user=user)


@receiver(user_login_failed, dispatch_uid="eqa-log-failed-sign-in")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    log_event(
        "sign-in",
        outcome="failed",
        request=request,
        username=str(credentials.get("username", "")),
        level=logging.WARNING,
    )


@receiver(user_logged_out, dispatch_uid="eqa-log-sign-out")
def _signed_out(sender, request, user, **kwargs):
    if user is None:
        return
    log_event("sign-out", outcome=getattr(request, "session_ended", None) or "signed-out", request=request, user=user)
