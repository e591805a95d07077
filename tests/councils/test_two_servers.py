"""Two app servers, real gunicorn each, on one database, as a council runs EqA behind a load balancer: a session begun
on one is signed in on the other; a PDF signed off on one downloads from the other byte for byte; an edit saved on
one makes a form opened on the other stale; and an address's requests to the public register count against one
limit across both. Nothing a second server needs is kept in a process or on a server's disk."""

import hashlib
import http.cookiejar
import os
import secrets
import urllib.error
import urllib.request
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.urls import reverse

from assessments.models import Assessment, IssuedPdf
from benchmarks.load import FormReader
from benchmarks.run import free_port, start_gunicorn
from councils.models import Council, Role
from tests.lifecycle_helpers import person_with_role, ready_assessment

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password"
REGISTER_LIMIT = 6


def database_url():
    """The test database, as the servers are told where it is."""
    found = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{found['NAME']}"
    credentials = quote(found["USER"] or "") + (f":{quote(found['PASSWORD'])}" if found["PASSWORD"] else "")
    return f"postgres://{credentials}@{found['HOST'] or '127.0.0.1'}:{found['PORT'] or 5432}/{found['NAME']}"


@pytest.fixture(scope="module")
def servers(django_db_setup, tmp_path_factory):
    """The addresses of two gunicorn servers with the production settings, each its own process and worker, and each
    its own folder for files, as two machines would have: a file one of them kept on its disk, the other would not
    find. Started once for the module; each test's rows are its own."""
    folder = tmp_path_factory.mktemp("servers")
    environment = {
        **{name: value for name, value in os.environ.items() if name != "DEBUG"},
        "DJANGO_SETTINGS_MODULE": "eqa_site.settings",
        "DATABASE_URL": database_url(),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "STATIC_MANIFEST": "0",
        "REGISTER_REQUESTS_PER_MINUTE": str(REGISTER_LIMIT),
    }
    started = []
    try:
        for number in (1, 2):
            log = open(folder / f"gunicorn-{number}.log", "w")  # noqa: SIM115 (closed with its server)
            port = free_port()
            server = start_gunicorn(
                port, log, {**environment, "MEDIA_ROOT": str(folder / f"media-{number}")}, workers=1
            )
            started.append((f"http://127.0.0.1:{port}", server, log))
        yield [address for address, _, _ in started]
    finally:
        for _, server, log in started:
            server.terminate()
            server.wait(timeout=30)
            log.close()


class Browser:
    """One person's browser: its cookies go to both servers, as they would to one site behind a load balancer."""

    def __init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, url):
        return self._answer(urllib.request.Request(url))

    def post(self, url, form_page, **fields):
        """Send `fields` as the form of `form_page` (an earlier answer's body) sends them, with its CSRF token."""
        reader = FormReader()
        reader.feed(form_page.decode())
        token = next(value for name, value in reader.fields if name == "csrfmiddlewaretoken")
        data = urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        return self._answer(urllib.request.Request(url, data=data, method="POST"))

    def _answer(self, request):
        try:
            with self.opener.open(request, timeout=60) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as refused:
            return refused.code, refused.read()

    def sign_in(self, server, person):
        """Sign `person` in on `server`, with a password hashed as the servers' settings hash them (the tests' own
        settings hash with a fast hasher that production does not accept)."""
        hasher = PBKDF2PasswordHasher()
        type(person).objects.filter(pk=person.pk).update(password=hasher.encode(PASSWORD, hasher.salt()))
        username = person.username
        _, page = self.get(server + reverse("sign-in"))
        status, home = self.post(server + reverse("sign-in"), page, username=username, password=PASSWORD)
        assert status == 200 and b"Sign out" in home, f"{username} could not sign in on {server}"


def opened_form(page):
    """The fields of the page's form, as the browser would send them back."""
    reader = FormReader()
    reader.feed(page.decode())
    return {name: value for name, value in reader.fields if name != "csrfmiddlewaretoken"}


@pytest.fixture
def submitted(council, service, author):
    eia = ready_assessment(council, service, author, title="Day opportunities for older people")
    return eia.submit(by=author)


def test_a_session_begun_on_one_server_is_signed_in_on_the_other(servers, author):
    first, second = servers
    browser = Browser()
    browser.sign_in(first, author)
    status, page = browser.get(second + reverse("assessments:list"))
    assert status == 200 and b"Sign out" in page


def test_a_pdf_signed_off_on_one_server_downloads_from_the_other(servers, council, submitted):
    first, second = servers
    approver = person_with_role(council, Role.APPROVER, "head-of-service")
    browser = Browser()
    browser.sign_in(first, approver)
    url = reverse("assessments:approve", args=[submitted.pk])
    _, page = browser.get(first + url)
    status, _ = browser.post(first + url, page)
    assert status == 200
    issued = IssuedPdf.objects.get(assessment=submitted)

    status, pdf = browser.get(second + reverse("assessments:issued-pdf", args=[submitted.pk, issued.pk]))
    assert status == 200 and pdf.startswith(b"%PDF")
    assert hashlib.sha256(pdf).hexdigest() == issued.sha256


def test_an_edit_saved_on_one_server_makes_a_form_opened_on_the_other_stale(servers, council, assessment, author):
    first, second = servers
    colleague = person_with_role(council, Role.AUTHOR, "colleague")
    url = reverse("assessments:edit", args=[assessment.pk])
    alice, colin = Browser(), Browser()
    alice.sign_in(first, author)
    colin.sign_in(second, colleague)
    _, alice_page = alice.get(first + url)
    _, colin_page = colin.get(second + url)

    colin.post(second + url, colin_page, **{**opened_form(colin_page), "aims": "Colin's aims."})
    status, answer = alice.post(first + url, alice_page, **{**opened_form(alice_page), "aims": "Alice's aims."})

    page = answer.decode()
    assert status == 200 and "Somebody else saved this assessment after you opened this page" in page
    assert "Colin&#x27;s aims." in page and "Alice&#x27;s aims." in page
    assert Assessment.objects.get(pk=assessment.pk).aims == "Colin's aims."


def test_an_address_s_requests_to_the_register_count_across_both_servers(servers, council):
    Council.objects.filter(pk=council.pk).update(register_public=True)
    browser = Browser()
    url = reverse("register:list", args=[council.slug])
    statuses = [browser.get(servers[number % 2] + url)[0] for number in range(REGISTER_LIMIT + 2)]
    assert statuses[:REGISTER_LIMIT] == [200] * REGISTER_LIMIT
    assert statuses[-1] == 429
