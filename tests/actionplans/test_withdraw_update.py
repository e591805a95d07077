"""A status update entered in error is withdrawn, never deleted: its writer may within 24 hours, a council admin at
any time. It stays on the action's page, marked withdrawn with who, when and why; the action's status goes back to
the update before it, and the plan page, history, PDF and progress report go by the updates that stand."""

import io
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from actionplans.models import Action, Milestone, StatusUpdate
from actionplans.pdf import render_plan_pdf
from actionplans.permissions import WITHDRAW_WITHIN
from councils.models import Role
from tests.factories import ActionFactory, MilestoneFactory, status_word
from tests.lifecycle_helpers import person_with_role

WRONG = "Recorded against the wrong action."


@pytest.fixture
def action(plan, manager):
    action = ActionFactory(plan=plan, ref="T1.7")
    action.record_update(by=manager, word=status_word(plan.council, "Started"), note="Training booked.")
    return action


@pytest.fixture
def mistaken(action, manager):
    milestone = MilestoneFactory(action=action, description="Framework April 2023")
    return action.record_update(
        by=manager,
        word=status_word(action.plan.council, "Complete"),
        note="All done at DMT.",
        milestones_done=[milestone],
    )


def url(update):
    return reverse("actionplans:update-withdraw", args=[update.action.plan_id, update.action_id, update.pk])


def withdraw(client, person, update, reason=WRONG):
    client.force_login(person)
    return client.post(url(update), {"reason": reason})


def said(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_its_writer_withdraws_it_and_the_status_goes_back(client, manager, action, mistaken):
    response = withdraw(client, manager, mistaken)
    assert response["Location"] == action.get_absolute_url()
    assert said(response) == [f"The update of {mistaken.at:%-d %B %Y} is withdrawn. T1.7 is Started again."]
    kept = StatusUpdate.objects.get(pk=mistaken.pk)
    assert (kept.withdrawn_by, kept.withdrawn_reason, kept.note) == (manager, WRONG, "All done at DMT.")
    saved = Action.objects.get(pk=action.pk)
    assert (saved.status, saved.status_word.word) == ("on_track", "Started")
    assert not Milestone.objects.get(action=action).done


def test_the_action_page_shows_it_withdrawn_with_who_and_why(client, manager, action, mistaken):
    withdraw(client, manager, mistaken)
    page = " ".join(client.get(action.get_absolute_url()).content.decode().split())
    assert "All done at DMT." in page and "Withdrawn</strong>" in page
    assert f"Withdrawn by {manager.get_full_name() or manager.username} on" in page and WRONG in page


def test_with_every_update_withdrawn_the_action_is_as_before_its_first(client, council, manager, action, mistaken):
    admin = person_with_role(council, Role.COUNCIL_ADMIN, "ada-admin")
    withdraw(client, admin, mistaken)
    withdraw(client, admin, action.updates.get(note="Training booked."))
    saved = Action.objects.get(pk=action.pk)
    assert (saved.status, saved.status_word.word, saved.last_update_at) == ("not_started", "To be started", None)


def recorded_ago(action, by, ago):
    then = timezone.now() - ago
    return StatusUpdate.objects.create(
        action=action,
        status="complete",
        word=status_word(action.plan.council, "Complete"),
        previous_status=action.status,
        previous_word_id=action.status_word_id,
        note="All done at DMT.",
        by=by,
        at=then,
        recorded_at=then,
    )


def test_its_writer_cannot_after_the_window_and_is_told_whom_to_ask(client, manager, action):
    mistaken = recorded_ago(action, manager, WITHDRAW_WITHIN + timedelta(minutes=1))
    response = withdraw(client, manager, mistaken)
    assert said(response) == [
        "You can withdraw your own update only within 24 hours of recording it. Ask a council admin to withdraw it."
    ]
    assert StatusUpdate.objects.get(pk=mistaken.pk).withdrawn_at is None


def test_a_council_admin_can_at_any_time(client, council, manager, action):
    mistaken = recorded_ago(action, manager, timedelta(days=90))
    withdraw(client, person_with_role(council, Role.COUNCIL_ADMIN, "ada-admin"), mistaken)
    assert StatusUpdate.objects.get(pk=mistaken.pk).withdrawn_at is not None


def test_another_manager_cannot(client, council, mistaken):
    colleague = person_with_role(council, Role.MANAGER, "mel-manager")
    assert withdraw(client, colleague, mistaken).status_code == 403
    assert StatusUpdate.objects.get(pk=mistaken.pk).withdrawn_at is None


def test_another_council_gets_404(client, outsider, mistaken):
    assert withdraw(client, outsider, mistaken).status_code == 404


def test_it_needs_a_reason(client, manager, mistaken):
    response = withdraw(client, manager, mistaken, reason="")
    assert response.context["errors"] == [("Say why you are withdrawing the update", "id_reason")]
    assert StatusUpdate.objects.get(pk=mistaken.pk).withdrawn_at is None


def test_it_cannot_be_withdrawn_twice(client, manager, action, mistaken):
    withdraw(client, manager, mistaken)
    response = withdraw(client, manager, mistaken, reason="Again")
    assert said(response)[-1] == "This update is withdrawn already. Nothing was changed."
    assert StatusUpdate.objects.get(pk=mistaken.pk).withdrawn_reason == WRONG


def test_the_plan_page_history_and_pdf_go_by_the_updates_that_stand(client, manager, plan, action, mistaken):
    withdraw(client, manager, mistaken)
    page = client.get(plan.get_absolute_url())
    shown = next(a for g in page.context["groups"] for s in g["statements"] for a in s["actions"])
    assert (shown.status_word.word, shown.latest_update_at) == (
        "Started",
        action.updates.get(note="Training booked.").at,
    )
    history = client.get(reverse("actionplans:history", args=[plan.pk])).content.decode()
    assert "T1.7: withdrew the update of" in history and WRONG in history
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(render_plan_pdf(plan))).pages)
    report = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(render_plan_pdf(plan, as_of=timezone.localdate()))).pages
    )
    assert "All done at DMT." not in text and "Training booked." in text
    assert "All done at DMT." not in report and "Complete" not in report.split("Actions by status")[0]


def test_the_window_runs_from_when_it_was_recorded_not_the_day_it_is_dated(client, manager, action):
    back_dated = action.record_update(
        by=manager,
        word=status_word(action.plan.council, "On track"),
        note="As at last month.",
        on=timezone.localdate() - timedelta(days=30),
    )
    withdraw(client, manager, back_dated)
    assert StatusUpdate.objects.get(pk=back_dated.pk).withdrawn_at is not None
