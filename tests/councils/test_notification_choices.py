"""Email notifications: each person's own choice, per kind of email, of at once, a daily digest or off; and GOV.UK
Notify as the email backend, through its own client, spoken to over real HTTP on loopback."""

import json
import re
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.mail import EmailMessage
from django.test import Client
from django.urls import reverse

from councils.models import Delivery, NoticeKind, NotificationPreference

URL = reverse("notification-choices")
EVERY_KIND_AT_ONCE = {kind.value: Delivery.AT_ONCE.value for kind in NoticeKind}


def checked(page, kind, delivery):
    """Whether the page's radio of `kind` has `delivery` chosen."""
    return re.search(rf'name="{kind}"[^>]*value="{delivery}"\s+checked', page) is not None


def test_the_page_offers_each_kind_at_once_by_default_and_is_reached_from_every_page(client, author):
    client.force_login(author)
    page = client.get(URL).content.decode()
    for kind in NoticeKind:
        assert kind.label in page
        assert checked(page, kind.value, Delivery.AT_ONCE)
    assert f'href="{URL}">Email notifications</a>' in client.get(reverse("home")).content.decode()


def test_choices_are_saved_for_the_person_alone_and_a_second_post_changes_nothing(client, author, approver):
    client.force_login(author)
    chosen = {**EVERY_KIND_AT_ONCE, NoticeKind.RETURNED: Delivery.OFF, NoticeKind.SIGNED_OFF: Delivery.DIGEST}

    response = client.post(URL, chosen, follow=True)
    assert "Your email choices are saved." in response.content.decode()
    again = client.post(URL, chosen)
    assert again.status_code == 302

    assert dict(NotificationPreference.objects.values_list("kind", "delivery")) == {
        NoticeKind.RETURNED: Delivery.OFF,
        NoticeKind.SIGNED_OFF: Delivery.DIGEST,
    }
    assert set(NotificationPreference.objects.values_list("user", flat=True)) == {author.pk}
    assert checked(client.get(URL).content.decode(), NoticeKind.RETURNED, Delivery.OFF)


def test_a_choice_left_out_or_made_up_is_refused_and_what_was_chosen_is_kept(client, author):
    client.force_login(author)
    chosen = {**EVERY_KIND_AT_ONCE, NoticeKind.RETURNED: Delivery.OFF, NoticeKind.SUBMITTED: "every-hour"}
    del chosen[NoticeKind.SIGNED_OFF]

    page = client.post(URL, chosen).content.decode()

    assert "There is a problem" in page
    assert "Choose how you hear that something you submitted is signed off" in page
    assert "Select a valid choice" in page
    assert checked(page, NoticeKind.RETURNED, Delivery.OFF)
    assert not NotificationPreference.objects.exists()


def test_a_change_without_the_csrf_token_is_refused(author):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(author)
    assert browser.post(URL, EVERY_KIND_AT_ONCE).status_code == 403
    assert not NotificationPreference.objects.exists()


def test_signed_out_the_page_sends_you_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("sign-in"))


class PlaysNotify(BaseHTTPRequestHandler):
    """GOV.UK Notify's API as its email endpoint answers: what it was sent is kept for the test to read."""

    received = []
    # Notify's answer to a request it refuses (an address it may not send to, in a trial service).
    refusing = False

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).received.append((self.path, self.headers["Authorization"], body))
        if not type(self).refusing:
            status, answer = 201, {"id": str(uuid.uuid4()), "content": {}, "template": {}}
        else:
            status = 400
            answer = {
                "status_code": 400,
                "errors": [{"error": "BadRequestError", "message": "Can't send to this recipient"}],
            }
        answer = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def notify_api(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), PlaysNotify)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    PlaysNotify.received, PlaysNotify.refusing = [], False
    settings.EMAIL_BACKEND = "councils.notify.NotifyEmailBackend"
    settings.NOTIFY_BASE_URL = f"http://127.0.0.1:{server.server_address[1]}"
    settings.NOTIFY_API_KEY = f"eqa_tests-{uuid.uuid4()}-{uuid.uuid4()}"
    settings.NOTIFY_TEMPLATE_ID = str(uuid.uuid4())
    yield PlaysNotify.received
    server.shutdown()
    server.server_close()


def test_notify_is_sent_the_subject_and_body_for_its_template_signed_with_the_key(notify_api, settings):
    sent = EmailMessage(
        subject="Waiting for your sign-off: EIA-1 Care", body="Open it in EqA.", to=["a@example.gov.uk"]
    )

    assert sent.send() == 1

    [(path, authorization, body)] = notify_api
    assert path == "/v2/notifications/email"
    assert authorization.startswith("Bearer ")
    assert body == {
        "email_address": "a@example.gov.uk",
        "template_id": settings.NOTIFY_TEMPLATE_ID,
        "personalisation": {"subject": "Waiting for your sign-off: EIA-1 Care", "body": "Open it in EqA."},
    }


def test_an_error_from_notify_is_raised_so_that_the_worker_tries_again(notify_api):
    from notifications_python_client.errors import HTTPError

    PlaysNotify.refusing = True
    with pytest.raises(HTTPError):
        EmailMessage(subject="s", body="b", to=["a@example.gov.uk"]).send()
    assert len(notify_api) == 1
