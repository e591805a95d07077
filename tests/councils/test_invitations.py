"""Inviting someone by email: the link, sent through a real SMTP server, lets them choose a password and signs them in
with the roles they were invited to; it works once, for INVITATION_DAYS, and only the newest one sent. A council
admin of another council reaches none of it."""

import re
import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from benchmarks.run import free_port
from councils.invitations import SALT, token_for
from councils.models import Invitation, Membership, Role
from councils.notifications import run_worker
from councils.settings_history import council_settings_history
from tests.factories import MembershipFactory

# These tests commit, as a request does, so that the email is queued once the admin's step has committed; the worker
# runs here (`run_worker`), as `manage.py db_worker` runs beside EqA.
pytestmark = pytest.mark.django_db(transaction=True)

User = get_user_model()
PASSWORD = "winter-crocus-harbour-47"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "https://eqa.example.gov.uk"


def invite_url(council):
    return reverse("councils:person-invite", args=[council.slug])


def form(once, **changes):
    return {
        "first_name": "Priya",
        "last_name": "Shah",
        "email": "Priya.Shah@Example.gov.uk",
        "roles": [Role.AUTHOR, Role.APPROVER],
        "once": str(once),
        **changes,
    }


def once_key(client, council):
    page = client.get(invite_url(council)).content.decode()
    return re.search(r'name="once" value="([^"]+)"', page).group(1)


def link_in(message):
    [link] = re.findall(r"https://eqa\.example\.gov\.uk(/invitation/\S+/)", message.get_content())
    return link


def signs_in(username, password):
    answer = Client().post(reverse("sign-in"), {"username": username, "password": password})
    return answer.status_code == 302 and answer["Location"] == reverse("home")


@pytest.fixture
def sent():
    """What an admin's POST answers; then the worker sends what it queued once the POST committed."""

    def post(client, url, data=None):
        answer = client.post(url, data or {})
        run_worker()
        return answer

    return post


def choose(client, link, password=PASSWORD):
    return client.post(link, {"new_password1": password, "new_password2": password})


@pytest.fixture
def invited(client, council, council_admin, mailbox, sent):
    """The council admin invites Priya; the email as the SMTP server received it from the worker."""
    client.force_login(council_admin)
    answer = sent(client, invite_url(council), form(once_key(client, council)))
    assert answer.status_code == 302
    [message] = mailbox
    return message


def test_an_invitee_follows_the_emailed_link_chooses_a_password_and_is_signed_in_with_the_roles(
    council, council_admin, invited
):
    assert invited["To"] == "priya.shah@example.gov.uk"
    assert invited["Subject"] == f"You are invited to use EqA for {council.name}"
    invitee = Client()
    page = invitee.get(link_in(invited)).content.decode()
    assert "Accept your invitation to EqA" in page and "priya.shah@example.gov.uk" in page

    answer = choose(invitee, link_in(invited))

    assert answer["Location"] == reverse("home")
    priya = User.objects.get(username="priya.shah@example.gov.uk")
    assert (priya.get_full_name(), priya.email) == ("Priya Shah", "priya.shah@example.gov.uk")
    assert set(Membership.objects.filter(user=priya, council=council).values_list("role", flat=True)) == {
        Role.AUTHOR,
        Role.APPROVER,
    }
    assert invitee.get(reverse("home")).context["user"] == priya
    assert signs_in("priya.shah@example.gov.uk", PASSWORD)


def test_a_used_link_is_refused_and_makes_nobody_twice(council, invited):
    choose(Client(), link_in(invited))
    again = choose(Client(), link_in(invited), "another-crocus-harbour-48")
    assert "This invitation has been used already" in again.content.decode()
    assert User.objects.filter(username="priya.shah@example.gov.uk").count() == 1
    assert not signs_in("priya.shah@example.gov.uk", "another-crocus-harbour-48")


class EightDaysAgo(signing.TimestampSigner):
    """Signs as Django's signer did eight days ago: the link an invitee opens a day too late."""

    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 8 * 24 * 60 * 60)


def test_an_expired_link_is_refused_saying_whom_to_ask(council, council_admin, settings):
    settings.INVITATION_DAYS = 7
    invitation = Invitation.objects.create(
        council=council,
        email="sam@example.gov.uk",
        first_name="Sam",
        last_name="Jones",
        roles=[Role.AUTHOR],
        invited_by=council_admin,
        sent_at=timezone.now() - timedelta(days=8),
    )
    old_link = reverse(
        "invitation-accept", args=[EightDaysAgo(salt=SALT).sign_object([invitation.pk, invitation.key.hex])]
    )
    assert token_for(invitation) != old_link.split("/")[2]

    answer = choose(Client(), old_link)

    page = answer.content.decode()
    assert "more than 7 days old" in page
    assert f"ask {council_admin.get_full_name()} or another council admin of {council.name}" in page
    assert not User.objects.filter(username="sam@example.gov.uk").exists()


def test_sending_again_makes_the_earlier_link_stop_working(client, council, invited, mailbox, sent):
    invitation = Invitation.objects.get()
    sent(client, reverse("councils:invitation-resend", args=[council.slug, invitation.pk]))
    first, newest = invited, mailbox[-1]
    assert "A newer invitation was sent" in choose(Client(), link_in(first)).content.decode()
    assert choose(Client(), link_in(newest))["Location"] == reverse("home")


def test_a_withdrawn_invitation_makes_no_account(client, council, invited):
    invitation = Invitation.objects.get()
    client.post(reverse("councils:invitation-withdraw", args=[council.slug, invitation.pk]))
    assert "This invitation was withdrawn" in choose(Client(), link_in(invited)).content.decode()
    assert not User.objects.filter(username="priya.shah@example.gov.uk").exists()


def test_the_same_post_twice_invites_once(client, council, council_admin, mailbox, sent):
    client.force_login(council_admin)
    typed = form(once_key(client, council))
    sent(client, invite_url(council), typed)
    again = sent(client, invite_url(council), typed)
    assert again.status_code == 302
    assert Invitation.objects.count() == 1 and len(mailbox) == 1


def test_inviting_an_address_already_invited_says_to_send_again(client, council, invited):
    page = client.post(invite_url(council), form(once_key(client, council))).content.decode()
    assert "is invited already" in page
    assert Invitation.objects.count() == 1


def test_inviting_an_address_with_an_account_says_to_add_them(client, council, council_admin, author, mailbox, sent):
    client.force_login(council_admin)
    page = sent(client, invite_url(council), form(once_key(client, council), email=author.email)).content.decode()
    assert "already has an EqA account" in page
    assert not Invitation.objects.exists() and mailbox == []


def test_the_form_keeps_what_was_typed_and_says_what_to_do(client, council, council_admin):
    client.force_login(council_admin)
    page = client.post(invite_url(council), form(once_key(client, council), roles=[])).content.decode()
    assert "Choose at least one role" in page and 'value="Priya"' in page


def test_history_says_who_was_invited_and_who_accepted(council, invited):
    choose(Client(), link_in(invited))
    said = [sentence for entry in council_settings_history(council) for sentence in entry.changes]
    assert "Invited Priya Shah (priya.shah@example.gov.uk) by email, as Author (commissioning officer), Approver " in (
        " ".join(said)
    )
    assert "Accepted the invitation to priya.shah@example.gov.uk and chose a password" in said


@pytest.mark.parametrize(
    "name", ["councils:person-invite", "councils:invitation-resend", "councils:invitation-withdraw"]
)
def test_a_council_admin_of_another_council_gets_404(client, council, other_council, council_admin, name):
    invitation = Invitation.objects.create(
        council=council,
        email="sam@example.gov.uk",
        first_name="Sam",
        last_name="Jones",
        roles=[Role.AUTHOR],
        invited_by=council_admin,
        sent_at=timezone.now(),
    )
    theirs = MembershipFactory(council=other_council, role=Role.COUNCIL_ADMIN).user
    client.force_login(theirs)
    args = [council.slug] if name == "councils:person-invite" else [council.slug, invitation.pk]
    assert client.get(reverse(name, args=args)).status_code == 404
    assert client.post(reverse(name, args=args)).status_code == 404
    # Nor may they reach this council's invitation through their own council's pages.
    if name != "councils:person-invite":
        assert client.post(reverse(name, args=[other_council.slug, invitation.pk])).status_code == 404
    assert Invitation.objects.waiting().count() == 1


def test_a_link_far_too_long_is_refused_unread(council):
    page = Client().get(reverse("invitation-accept", args=["x" * 5000])).content.decode()
    assert "This link does not work" in page


def test_a_broken_mail_server_does_not_fail_the_invitation_which_goes_when_it_works(
    client, council, council_admin, mailbox, settings
):
    """The admin's step commits and says the email is on its way; the worker tries again later, and sends once."""
    client.force_login(council_admin)
    working_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nothing listens there: the connection is refused
    settings.NOTIFICATION_RETRY_DELAYS = [0, 0]
    answer = client.post(invite_url(council), form(once_key(client, council)))
    assert answer.status_code == 302 and Invitation.objects.count() == 1
    run_worker(max_tasks=1)
    assert mailbox == []
    settings.EMAIL_PORT = working_port
    run_worker()
    [message] = mailbox
    assert message["To"] == "priya.shah@example.gov.uk"
