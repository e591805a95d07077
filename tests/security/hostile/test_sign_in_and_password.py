"""Signing in and changing a password, with hostile text."""

import re
from urllib.parse import urlsplit

import pytest
from axes.utils import reset
from django.urls import reverse
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from tests.security.hostile.checks import assert_safe, html_of
from tests.security.hostile.strategies import HOSTILE, hostile

pytestmark = pytest.mark.django_db


@HOSTILE
@given(username=hostile(), password=hostile())
def test_sign_in_with_hostile_text_is_refused_and_escaped(client, author, username, password):
    # Each example is a first wrong password. Hypothesis's examples share one test's database, and it types some
    # usernames again and again: without this their wrong passwords add up to django-axes' lock-out (five for a
    # username, twenty for the address), and the page is the 429 the throttling tests expect, not the form.
    reset()
    response = client.post(reverse("sign-in"), {"username": username, "password": password})
    html = html_of(response)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert_safe(html)
    if username:
        assert escape(username.replace("\r\n", "\n")) in html  # kept in the box (CRLF read as LF), escaped


@HOSTILE
@given(
    next_url=st.one_of(
        hostile(),
        st.sampled_from(
            [
                "//evil.example/",
                "https://evil.example/",
                "/\\evil.example",
                "\\\\evil.example",
                "javascript:alert(1)",
                " //evil.example",
                "\x00//evil.example",
                "/%0d%0aSet-Cookie:x=1",
                "/a\r\nSet-Cookie: x=1",
                "///evil.example",
                "http:\\\\evil.example",
                "\u202e//evil.example",
            ]
        ),
    )
)
def test_sign_in_never_redirects_off_site(client, author, next_url):
    response = client.post(
        reverse("sign-in"), {"username": "alice-author", "password": "a-long-test-password", "next": next_url}
    )
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.netloc in ("", "testserver") and location.scheme in ("", "http")
    assert not response["Location"].startswith(("//", "/\\"))
    assert "\n" not in response["Location"] and "\r" not in response["Location"]
    client.logout()


@HOSTILE
@given(
    old=hostile(),
    new=hostile(),
    again=hostile(),
    next_url=st.one_of(
        hostile(),
        st.sampled_from(
            [
                "//evil.example/",
                "https://evil.example/",
                "/\\evil.example",
                "javascript:alert(1)",
                "/a\r\nSet-Cookie: x=1",
            ]
        ),
    ),
)
def test_changing_a_password_with_hostile_text_never_fails_echoes_it_or_leaves_the_site(
    client, author, old, new, again, next_url
):
    client.force_login(author)
    response = client.post(
        reverse("password-change"),
        {"old_password": old, "new_password1": new, "new_password2": again, "next": next_url},
    )
    assert response.status_code == 200  # the current password is never hostile text
    html = html_of(response)
    assert_safe(html)
    # A password is never sent back to the page; the way back stays on the site.
    for box in re.findall(r'<input[^>]*name="(?:old_password|new_password1|new_password2)"[^>]*>', html):
        assert "value=" not in box
    for way_back in re.findall(r'name="next" value="([^"]*)"', html):
        assert way_back.startswith("/") and not way_back.startswith(("//", "/\\"))
