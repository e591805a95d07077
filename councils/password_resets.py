"""A person's own "Forgotten your password?": a link to choose a new one, made and emailed by the email worker once
the request has committed."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from councils.notifications import deliver


def reset_link_lasts():
    """How long a "Forgotten your password?" link works, in words."""
    minutes = settings.PASSWORD_RESET_TIMEOUT // 60
    if minutes < 60 or minutes % 60:
        return f"{minutes} minutes"
    hours = minutes // 60
    return "1 hour" if hours == 1 else f"{hours} hours"


def password_reset_send(user):
    """Queue a link to choose a new password, once the request's transaction commits. The worker makes it, so that
    no link waits in the queue, and sends it, so that the page answers as soon whether or not an account has the
    address asked for, and a slow mail server holds nobody up."""
    pk = user.pk
    transaction.on_commit(lambda: send_password_reset.enqueue(pk))


@task()
def send_password_reset(user_pk, attempts=0):
    user = get_user_model().objects.filter(pk=user_pk, is_active=True).first()
    if user is None or not user.email or not user.has_usable_password():
        return "the account can no longer choose a password"
    context = {
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "lasts": reset_link_lasts(),
        # The site's own address, as every email's links are, whatever Host the request named.
        "site_url": settings.SITE_URL,
    }
    subject = " ".join(render_to_string("registration/password_reset_subject.txt", context).split())
    body = render_to_string("registration/password_reset_email.txt", context)
    return deliver(
        EmailMessage(subject=subject, body=body, to=[user.email]),
        attempts=attempts,
        again=lambda run_after: send_password_reset.using(run_after=run_after).enqueue(user_pk, attempts + 1),
        what=f"A link to choose a new password, for account {user_pk},",
    )
