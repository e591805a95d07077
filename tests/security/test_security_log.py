"""Sign-ins, failed sign-ins, sign-outs, refusals, sign-offs and changes of password go to the security log as one
JSON object a line: who, which council, what, when (UTC) and where from; nothing typed can forge a line."""

import json
import logging
import re
import time

from django.urls import reverse

from councils.logs import JsonFormatter, log_sign_off
from councils.middleware import LAST_SEEN
from tests.security.log_helpers import entries


def test_the_settings_send_the_security_loggers_through_the_json_formatter():
    for name in ("eqa.security", "django.security", "axes"):
        handlers = logging.getLogger(name).handlers
        assert any(isinstance(handler.formatter, JsonFormatter) for handler in handlers), name
        assert not logging.getLogger(name).propagate, f"{name} would also print plain lines"


def test_it_logs_a_sign_in_with_who_which_council_what_and_when(client, author, council, security_log):
    client.post(
        reverse("sign-in"), {"username": "alice-author", "password": "a-long-test-password"}, REMOTE_ADDR="10.1.2.3"
    )
    [entry] = entries(security_log)
    assert {
        key: entry[key]
        for key in ("event", "outcome", "user_id", "username", "council_ids", "path", "method", "address")
    } == {
        "event": "sign-in",
        "outcome": "success",
        "user_id": author.pk,
        "username": "alice-author",
        "council_ids": [council.pk],
        "path": "/sign-in/",
        "method": "POST",
        "address": "10.1.2.3",
    }
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", entry["time"])


def test_it_logs_a_failed_sign_in_with_the_username_tried(client, author, security_log):
    client.post(reverse("sign-in"), {"username": "alice-author", "password": "wrong"})
    [entry] = entries(security_log)
    assert (entry["event"], entry["outcome"], entry["username"], entry["user_id"]) == (
        "sign-in",
        "failed",
        "alice-author",
        None,
    )


def test_a_username_with_a_newline_cannot_forge_a_second_line(client, db, security_log):
    forged = '{"event": "sign-in", "outcome": "success", "username": "admin"}'
    for separator in ("\n", "\r\n", "\u2028", "\x85"):
        client.post(reverse("sign-in"), {"username": f"mallory{separator}{forged}", "password": "wrong"})
    lines = security_log.getvalue().split("\n")[:-1]
    assert len(lines) == 4
    # Forms read a browser's CRLF line break as LF, the username too.
    assert [json.loads(line)["username"] for line in lines] == [
        f"mallory{separator}{forged}" for separator in ("\n", "\n", "\u2028", "\x85")
    ]


def test_it_logs_a_sign_out(client, author, security_log):
    client.force_login(author)
    client.post(reverse("sign-out"))
    entry = entries(security_log)[-1]
    assert (entry["event"], entry["outcome"], entry["username"], entry["path"]) == (
        "sign-out",
        "signed-out",
        "alice-author",
        "/sign-out/",
    )


def test_it_logs_a_sign_out_for_60_minutes_idle(client, author, security_log):
    client.force_login(author)
    client.get(reverse("home"))
    session = client.session
    session[LAST_SEEN] = time.time() - 61 * 60
    session.save()
    client.get(reverse("home"))
    entry = entries(security_log)[-1]
    assert (entry["event"], entry["outcome"], entry["username"]) == ("sign-out", "timed-out-idle", "alice-author")


def test_it_logs_a_refusal_with_the_persons_council(client, viewer, council, security_log):
    client.force_login(viewer)
    assert client.get(reverse("assessments:start")).status_code == 403
    entry = entries(security_log)[-1]
    assert (
        entry["event"],
        entry["outcome"],
        entry["username"],
        entry["council_ids"],
        entry["path"],
        entry["method"],
    ) == ("refused", "forbidden", "vera-viewer", [council.pk], reverse("assessments:start"), "GET")


def test_it_logs_a_request_for_another_councils_record(client, outsider, other_council, assessment, security_log):
    client.force_login(outsider)
    assert client.get(assessment.get_absolute_url()).status_code == 404
    entry = entries(security_log)[-1]
    assert (entry["event"], entry["outcome"], entry["username"], entry["council_ids"], entry["path"]) == (
        "refused",
        "not-found",
        "charlie-outsider",
        [other_council.pk],
        assessment.get_absolute_url(),
    )


def test_the_refused_page_says_nothing_of_why(client, viewer):
    client.force_login(viewer)
    page = client.get(reverse("assessments:start")).content.decode()
    assert "You cannot do this" in page
    assert "Traceback" not in page and "PermissionDenied" not in page


def test_the_apps_own_refusal_warnings_are_json_too(client, viewer, assessment, security_log):
    client.force_login(viewer)
    client.post(reverse("assessments:edit", args=[assessment.pk]), {"title": "Changed\nrefused user=1"})
    messages = [entry["message"] for entry in entries(security_log)]
    assert any(message.startswith("refused user=") for message in messages)


def test_it_logs_a_refused_request_in_one_form_whatever_the_record(
    client, viewer, council, assessment, plan, security_log
):
    client.force_login(viewer)
    client.post(reverse("assessments:edit", args=[assessment.pk]), {"title": "Changed"})
    client.post(reverse("actionplans:edit", args=[plan.pk]), {"title": "Changed"})
    refused = [entry["message"] for entry in entries(security_log) if entry["message"].startswith("refused user=")]
    assert refused == [
        f"refused user={viewer.pk} council={council.pk} record=assessments.Assessment:{assessment.pk} action=edit "
        f"path='{reverse('assessments:edit', args=[assessment.pk])}'",
        f"refused user={viewer.pk} council={council.pk} record=actionplans.ActionPlan:{plan.pk} action=edit "
        f"path='{reverse('actionplans:edit', args=[plan.pk])}'",
    ]


def test_it_logs_a_sign_off_once_it_is_committed(
    approver, assessment, council, security_log, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        log_sign_off(assessment, by=approver)
        assert entries(security_log) == []
    [entry] = entries(security_log)
    assert (entry["event"], entry["user_id"], entry["username"], entry["council_ids"], entry["record"]) == (
        "sign-off",
        approver.pk,
        "bob-approver",
        [council.pk],
        f"assessment {assessment.pk} version 1",
    )


def test_pages_name_eqas_own_icon_so_browsers_do_not_fill_the_log_asking_for_one(client, db):
    """Without an icon named, every browser asks for /favicon.ico, and each 404 is logged as a refusal."""
    from django.contrib.staticfiles import finders
    from django.templatetags.static import static

    page = client.get(reverse("sign-in")).content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    assert icon and icon.group(1) == static("images/favicon.svg")
    assert finders.find("images/favicon.svg")


def test_it_logs_a_temporary_password_set_without_the_password(client, council, council_admin, author, security_log):
    client.force_login(council_admin)
    page = client.post(reverse("councils:person-temporary-password", args=[council.slug, author.pk]))
    password = re.search(r"data-temporary-password>([^<]+)<", page.content.decode()).group(1)
    entry = entries(security_log)[-1]
    assert (entry["event"], entry["outcome"], entry["username"], entry["person"]) == (
        "password",
        "temporary-password-set",
        "ada-admin",
        "alice-author",
    )
    assert password not in security_log.getvalue()


def test_it_logs_a_password_changed(client, author, security_log):
    client.force_login(author)
    client.post(
        reverse("password-change"),
        {
            "old_password": "a-long-test-password",
            "new_password1": "a walk along the Dee at dawn",
            "new_password2": "a walk along the Dee at dawn",
        },
    )
    entry = entries(security_log)[-1]
    assert (entry["event"], entry["outcome"], entry["username"]) == ("password", "changed", "alice-author")
    assert "Dee at dawn" not in security_log.getvalue()
