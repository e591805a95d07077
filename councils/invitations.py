"""A council admin's invitation by email: a link that works for INVITATION_DAYS, once, and only the newest one sent.
The person follows it, chooses a password and is signed in with the roles they were invited to. Nothing is made
until then but the Invitation row, so that nobody who never answered holds a role in the council.

The link is Django's signing of the invitation's id and key (TimestampSigner, through signing.dumps), not a secret
of EqA's own: its time says whether it is too old, its key whether a newer one was sent since."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from councils.audit import person
from councils.models import Invitation, Membership, Role
from councils.notifications import deliver

SALT = "eqa.invitation"
# A link EqA makes is about 110 characters: anything much longer is not one, and is not read.
TOKEN_LIMIT = 300


class LinkRefused(Exception):
    """An invitation's link that does not work; the message says why and whom to ask."""

    def __init__(self, message, invitation=None):
        super().__init__(message)
        self.message = message
        self.invitation = invitation


def lasts():
    days = settings.INVITATION_DAYS
    return "1 day" if days == 1 else f"{days} days"


def token_for(invitation):
    return signing.dumps([invitation.pk, invitation.key.hex], salt=SALT)


def roles_in_words(roles):
    return ", ".join(Role(role).label for role in roles)


def invitation_email(invitation):
    """The invitation's email, made by the worker when it sends it, so that its link is never kept in the queue."""
    link = settings.SITE_URL + reverse("invitation-accept", args=[token_for(invitation)])
    body = "\n".join(
        [
            f"{person(invitation.invited_by)} has invited you to use EqA, {invitation.council.name}'s equality impact "
            f"assessments, as {roles_in_words(invitation.roles)}.",
            "",
            f"To accept, open this link and choose a password. It works once, within {lasts()}:",
            "",
            link,
            "",
            f"You will sign in with your email address, {invitation.email}. If you were not expecting this, you do not "
            f"need to do anything.",
        ]
    )
    return EmailMessage(
        subject=f"You are invited to use EqA for {invitation.council.name}", body=body, to=[invitation.email]
    )


def invitation_send(invitation):
    """Queue the invitation's email once the admin's step commits: the worker sends it, so a slow or broken mail
    server never slows or fails the step."""
    pk, key = invitation.pk, invitation.key.hex
    transaction.on_commit(lambda: send_invitation.enqueue(pk, key))


@task()
def send_invitation(invitation_pk, key, attempts=0):
    """Send the invitation's email, unless it was withdrawn, accepted or sent again since it was queued; a failure is
    tried again later, as a notification is (settings.NOTIFICATION_RETRY_DELAYS)."""
    invitation = (
        Invitation.objects.waiting().select_related("council", "invited_by").filter(pk=invitation_pk, key=key).first()
    )
    if invitation is None:
        return "withdrawn, accepted or sent again since"
    return deliver(
        invitation_email(invitation),
        attempts=attempts,
        again=lambda run_after: send_invitation.using(run_after=run_after).enqueue(invitation_pk, key, attempts + 1),
        what=f"The invitation {invitation_pk}",
    )


def invitation_create(*, council, email, first_name, last_name, roles, by):
    invitation = Invitation.objects.create(
        council=council,
        email=email,
        first_name=first_name,
        last_name=last_name,
        roles=list(roles),
        invited_by=by,
        sent_at=timezone.now(),
    )
    invitation_send(invitation)
    return invitation


def invitation_renew(*, invitation, by):
    """A new link for a waiting invitation: the ones sent before stop working."""
    invitation.key = Invitation._meta.get_field("key").default()
    invitation.sent_at = timezone.now()
    invitation._history_user = by
    invitation.save(update_fields=["key", "sent_at"])
    invitation_send(invitation)


def invitation_withdraw(*, invitation, by):
    invitation.withdrawn_at = timezone.now()
    invitation._history_user = by
    invitation.save(update_fields=["withdrawn_at"])


def _who_to_ask(invitation):
    inviter, council = person(invitation.invited_by), invitation.council.name
    return f"ask {inviter} or another council admin of {council} to send you a new one"


def invitation_for(token, *, lock=False):
    """The waiting invitation the link names, or LinkRefused saying why it does not work and whom to ask."""
    try:
        if len(token) > TOKEN_LIMIT:
            raise signing.BadSignature("too long to be a link EqA made")
        pk, key = signing.loads(token, salt=SALT, max_age=settings.INVITATION_DAYS * 24 * 60 * 60)
    except signing.SignatureExpired:
        (pk, _), key = signing.loads(token, salt=SALT), None
    except (signing.BadSignature, ValueError, TypeError):
        raise LinkRefused(
            "This link does not work: it may not have been copied whole from the email. Open the link in the email "
            "again, or ask your council admin to send you a new invitation."
        ) from None
    found = Invitation.objects.select_related("council", "invited_by")
    if lock:
        found = found.select_for_update(of=("self",))
    invitation = found.filter(pk=pk).first()
    if invitation is None or invitation.withdrawn_at:
        raise LinkRefused("This invitation was withdrawn. If you still need to use EqA, ask your council admin.")
    if invitation.accepted_at:
        raise LinkRefused(
            "This invitation has been used already. Sign in with your email address and the password you chose, or "
            "use ‘Forgotten your password?’ on the sign-in page.",
            invitation,
        )
    if key is None:
        raise LinkRefused(
            f"This invitation link is more than {lasts()} old, so it no longer works. To use EqA, "
            f"{_who_to_ask(invitation)}.",
            invitation,
        )
    if key != invitation.key.hex:
        raise LinkRefused(
            "A newer invitation was sent to you since this one, so this link no longer works. Use the link in the "
            f"newest email, or {_who_to_ask(invitation)}.",
            invitation,
        )
    return invitation


def invitation_accept(*, token, form):
    """Make the invited person's account with the password chosen on `form` (a SetPasswordForm for an unsaved user,
    valid) and give them the roles, once: a second acceptance of the same link finds it used. Returns the account."""
    with transaction.atomic():
        invitation = invitation_for(token, lock=True)
        if get_user_model().objects.filter(username__iexact=invitation.email).exists():
            raise LinkRefused(
                f"An EqA account with the username {invitation.email} exists already, so this invitation cannot make "
                f"another. Sign in with it, or use ‘Forgotten your password?’ on the sign-in page; for your roles, ask "
                f"a council admin of {invitation.council.name}.",
                invitation,
            )
        user = form.save(commit=False)
        user.save()
        for role in invitation.roles:
            membership = Membership(user=user, council=invitation.council, role=role)
            membership._history_user = user
            membership.save()
        invitation.accepted_at, invitation.user = timezone.now(), user
        invitation._history_user = user
        invitation.save(update_fields=["accepted_at", "user"])
    return user


def new_account(invitation):
    """The account the invitation would make, unsaved, for the password form's validators to compare with."""
    return get_user_model()(
        username=invitation.email,
        email=invitation.email,
        first_name=invitation.first_name,
        last_name=invitation.last_name,
    )
