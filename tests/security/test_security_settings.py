"""Production settings pass Django's deploy check; every response carries the security headers; a session ends
after 60 minutes idle or 12 hours in all, and "Stay signed in" puts the first off."""

import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.test import Client
from django.urls import path, reverse

from councils.middleware import ENDED_BECAUSE, LAST_SEEN, SIGNED_IN_AT
from eqa_site import urls as eqa_urls

ROOT = Path(__file__).resolve().parents[2]
MINUTE, HOUR = 60, 60 * 60


def start_with(**environment):
    """Start the production settings as a server would, with only what a production server would be given:
    nothing of the test run's own environment."""
    env = {"PATH": os.environ["PATH"], "ALLOWED_HOSTS": "eqa.example.gov.uk", **environment}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deploy_check_passes_with_production_settings():
    result = start_with(SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode == 0, result.stdout + result.stderr


class TestSecretKey:
    def test_it_refuses_to_start_in_production_with_a_short_key_and_says_how_to_make_one(self):
        result = start_with(SECRET_KEY="short")
        assert result.returncode != 0
        assert "SECRET_KEY is 5 characters long" in result.stderr
        assert "it must be 50 characters or more" in result.stderr
        assert "secrets.token_urlsafe(50)" in result.stderr

    def test_it_refuses_a_long_key_of_one_character_repeated(self):
        result = start_with(SECRET_KEY="a" * 60)
        assert "SECRET_KEY is 60 characters long with 1 different ones" in result.stderr

    def test_it_lets_a_developer_start_with_a_short_key_when_debug_is_on(self):
        result = subprocess.run(
            [sys.executable, "manage.py", "check"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={"PATH": os.environ["PATH"], "SECRET_KEY": "short", "DEBUG": "1"},
            timeout=120,
        )
        assert result.returncode == 0, result.stderr


class TestHeaders:
    def test_it_sends_hsts_for_a_year_with_subdomains_over_https(self, client, db):
        response = client.get(reverse("sign-in"), secure=True)
        assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"

    def test_it_forbids_framing_sniffing_and_cross_origin_referrers(self, client, db):
        response = client.get(reverse("sign-in"), secure=True)
        assert (
            response["X-Frame-Options"],
            response["X-Content-Type-Options"],
            response["Referrer-Policy"],
            response["Cross-Origin-Opener-Policy"],
        ) == ("DENY", "nosniff", "same-origin", "same-origin")

    def test_it_sends_a_content_security_policy_with_no_inline_script(self, client, db):
        policy = client.get(reverse("sign-in"), secure=True)["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives == {
            "default-src": "'self'",
            "script-src": "'self'",
            "style-src": "'self'",
            "img-src": "'self' data:",
            "font-src": "'self'",
            "object-src": "'none'",
            "base-uri": "'none'",
            "frame-ancestors": "'none'",
            "form-action": "'self'",
        }

    def test_it_sends_plain_http_to_https_but_lets_load_balancers_check_healthz(self, client, db, settings):
        settings.SECURE_SSL_REDIRECT = True
        assert client.get(reverse("accessibility"))["Location"] == "https://testserver/accessibility"
        assert client.get(reverse("healthz")).status_code == 200

    def test_it_sets_secure_http_only_same_site_cookies(self, client, author):
        response = client.post(reverse("sign-in"), {"username": "alice-author", "password": "a-long-test-password"})
        cookie = response.cookies[settings.SESSION_COOKIE_NAME]
        assert (bool(cookie["secure"]), bool(cookie["httponly"]), cookie["samesite"]) == (True, True, "Lax")


def test_no_template_has_inline_script_or_style():
    """The Content Security Policy would block them: scripts and styles live in static/."""
    offending = []
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        if re.search(r"\sstyle=", text) or re.search(r"<script(?![^>]*\ssrc=)[^>]*>", text):
            offending.append(str(template.relative_to(ROOT)))
    assert offending == []


class TestCaching:
    def test_it_tells_browsers_not_to_keep_pages_shown_to_a_signed_in_person(self, client, author):
        client.force_login(author)
        assert "no-store" in client.get(reverse("home"))["Cache-Control"]

    def test_it_lets_a_public_page_be_cached_for_a_signed_out_person(self, client, db):
        assert "no-store" not in client.get(reverse("accessibility")).get("Cache-Control", "")

    def test_it_does_not_let_a_public_page_be_kept_once_signed_in(self, client, author):
        client.force_login(author)
        assert "no-store" in client.get(reverse("accessibility"))["Cache-Control"]


def set_clock(client, *, idle, signed_in_for):
    session = client.session
    now = time.time()
    session[LAST_SEEN], session[SIGNED_IN_AT] = now - idle, now - signed_in_for
    session.save()


@pytest.fixture
def signed_in(client, author):
    client.force_login(author)
    client.get(reverse("home"))
    return client


class TestSessionLimits:
    def test_it_keeps_a_person_signed_in_up_to_60_minutes_idle(self, signed_in):
        set_clock(signed_in, idle=59 * MINUTE, signed_in_for=2 * HOUR)
        assert signed_in.get(reverse("home")).status_code == 200

    def test_it_signs_a_person_out_after_60_minutes_idle_and_says_why(self, signed_in):
        set_clock(signed_in, idle=61 * MINUTE, signed_in_for=2 * HOUR)
        response = signed_in.get(reverse("assessments:list"))
        assert response["Location"] == f"{reverse('sign-in')}?next={reverse('assessments:list')}"
        page = signed_in.get(response["Location"]).content.decode()
        assert "We signed you out because you had not used EqA for 60 minutes." in page

    def test_it_signs_a_person_out_12_hours_after_sign_in_however_busy(self, signed_in):
        set_clock(signed_in, idle=0, signed_in_for=12 * HOUR + 1)
        response = signed_in.get(reverse("home"))
        assert response["Location"].startswith(reverse("sign-in"))
        assert signed_in.session[ENDED_BECAUSE] == "timed-out-12-hours"

    def test_it_sends_a_form_sent_after_the_session_ended_to_sign_in_and_back(self, signed_in, assessment):
        set_clock(signed_in, idle=61 * MINUTE, signed_in_for=2 * HOUR)
        url = reverse("assessments:edit", args=[assessment.pk])
        response = signed_in.post(url, {"title": "Typed while away"})
        assert response["Location"] == f"{reverse('sign-in')}?next={url}"

    def test_it_moves_the_idle_clock_on_at_most_once_a_minute(self, signed_in):
        set_clock(signed_in, idle=30, signed_in_for=HOUR)
        before = signed_in.session[LAST_SEEN]
        signed_in.get(reverse("home"))
        assert signed_in.session[LAST_SEEN] == before
        set_clock(signed_in, idle=2 * MINUTE, signed_in_for=HOUR)
        signed_in.get(reverse("home"))
        assert signed_in.session[LAST_SEEN] == pytest.approx(time.time(), abs=5)

    def test_it_tells_the_page_when_the_session_ends(self, signed_in):
        set_clock(signed_in, idle=30, signed_in_for=HOUR)
        page = signed_in.get(reverse("home")).content.decode()
        seconds = int(re.search(r'data-session-ends-in="(\d+)"', page).group(1))
        assert seconds == pytest.approx(HOUR - 30, abs=3)
        assert 'data-session-extendable="true"' in page

    def test_it_says_when_staying_active_cannot_put_the_end_off(self, signed_in):
        set_clock(signed_in, idle=0, signed_in_for=12 * HOUR - 5 * MINUTE)
        page = signed_in.get(reverse("home")).content.decode()
        assert 'data-session-extendable="false"' in page


class TestKeepAlive:
    def test_it_starts_the_idle_clock_again(self, signed_in):
        set_clock(signed_in, idle=58 * MINUTE, signed_in_for=HOUR)
        answer = signed_in.post(reverse("keep-alive")).json()
        assert answer == {"seconds_left": pytest.approx(HOUR, abs=5), "extendable": True}
        assert signed_in.session[LAST_SEEN] == pytest.approx(time.time(), abs=5)

    def test_it_cannot_put_off_the_12_hour_limit(self, signed_in):
        set_clock(signed_in, idle=58 * MINUTE, signed_in_for=12 * HOUR - 90)
        answer = signed_in.post(reverse("keep-alive")).json()
        assert answer == {"seconds_left": pytest.approx(90, abs=5), "extendable": False}

    def test_it_answers_only_post(self, signed_in):
        assert signed_in.get(reverse("keep-alive")).status_code == 405

    def test_it_refuses_a_post_without_the_csrf_token(self, author):
        client = Client(enforce_csrf_checks=True)
        client.force_login(author)
        response = client.post(reverse("keep-alive"))
        assert response.status_code == 403
        assert "The page you sent this from was out of date" in response.content.decode()

    def test_it_sends_a_person_whose_session_has_ended_to_sign_in(self, signed_in):
        set_clock(signed_in, idle=61 * MINUTE, signed_in_for=HOUR)
        assert signed_in.post(reverse("keep-alive"))["Location"].startswith(reverse("sign-in"))


class TestPasswords:
    """Council admins set passwords in the Django admin, whose forms run Django's validators."""

    def set_password(self, user, password):
        form = AdminPasswordChangeForm(user, {"password1": password, "password2": password})
        return form.errors.get("password2", []) if not form.is_valid() else []

    def test_it_refuses_a_common_password(self, author):
        assert self.set_password(author, "password12345") == ["This password is too common."]

    def test_it_refuses_one_shorter_than_12_characters(self, author):
        assert self.set_password(author, "Xq7!zz-Lp") == [
            "This password is too short. It must contain at least 12 characters."
        ]

    def test_it_refuses_one_of_only_digits(self, author):
        assert self.set_password(author, "480219573316") == ["This password is entirely numeric."]

    def test_it_takes_a_long_uncommon_one(self, author):
        assert self.set_password(author, "tidal-cobalt-parsnip-81") == []


def broken_view(request):
    raise RuntimeError("secret detail: the database password is hunter2")


# The app's own URLs, and one that fails, for the error pages' tests.
urlpatterns = [*eqa_urls.urlpatterns, path("broken", broken_view)]
handler403, handler404 = eqa_urls.handler403, eqa_urls.handler404


@pytest.mark.urls(__name__)
class TestErrorPages:
    def test_a_server_error_shows_the_plain_500_page_and_no_detail(self, author):
        client = Client(raise_request_exception=False)
        client.force_login(author)
        response = client.get("/broken")
        page = response.content.decode()
        assert response.status_code == 500
        assert "Sorry, there is a problem with the service" in page
        assert "hunter2" not in page and "RuntimeError" not in page and "Traceback" not in page

    def test_an_unknown_address_shows_the_plain_404_page(self, client, author):
        client.force_login(author)
        response = client.get("/assessments/999999/")
        page = response.content.decode()
        assert response.status_code == 404
        assert "Page not found" in page and "Assessment matching query" not in page
