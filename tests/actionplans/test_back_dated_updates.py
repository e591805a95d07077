"""A council moving an existing plan in records its history: a status update may carry the date it happened (not in
the future, not before the plan began, not before the action's last update), and a progress report as of a past
date then shows each action's status as it was on that date."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans.history import plan_history
from actionplans.models import ActionPlan, Milestone, StatusUpdate
from actionplans.pdf import progress_report_response
from tests.actionplans.plan_helpers import fresh, page_texts, read, sign_off
from tests.factories import ActionFactory, MilestoneFactory, status_word

REVIEWED = date(2022, 11, 21)


@pytest.fixture
def moved_in(plan):
    """A plan made in response to a peer review of 21 November 2022, with one action and one milestone."""
    ActionPlan.objects.filter(pk=plan.pk).update(source_date=REVIEWED)
    action = ActionFactory(plan=plan, ref="T1.1", area_of_focus="Focus of T1.1")
    MilestoneFactory(
        action=action,
        description="Framework April 2023",
        due_date=date(2023, 4, 1),
        due_precision=Milestone.Precision.MONTH,
    )
    return action


def update_url(action):
    return reverse("actionplans:action-update", args=[action.plan_id, action.pk])


def post_update(client, action, on=None, wording="Started", note="Forums set up", **extra):
    data = {"word": status_word(action.plan.council, wording).pk, "note": note, **extra}
    if on is not None:
        data.update({"on_0": str(on.day), "on_1": str(on.month), "on_2": str(on.year)})
    return client.post(update_url(action), data)


def errors(response):
    return [message for message, _ in response.context["errors"]]


def test_an_update_dated_in_the_past_stands_on_that_day(client, manager, moved_in):
    client.force_login(manager)
    milestone = moved_in.milestones.get()
    assert post_update(client, moved_in, date(2023, 3, 1), milestones_done=[milestone.pk]).status_code == 302
    update = StatusUpdate.objects.get()
    assert timezone.localdate(update.at) == date(2023, 3, 1)
    assert timezone.localdate(update.recorded_at) == timezone.localdate()
    milestone.refresh_from_db()
    assert (milestone.done, milestone.done_on) == (True, date(2023, 3, 1))


def test_an_update_with_no_date_is_dated_now(client, manager, moved_in):
    client.force_login(manager)
    post_update(client, moved_in)
    update = StatusUpdate.objects.get()
    assert update.at == update.recorded_at and not update.is_back_dated


def test_a_progress_report_shows_the_status_on_its_date_from_back_dated_updates(
    client, manager, approver, plan, moved_in
):
    client.force_login(manager)
    post_update(client, moved_in, date(2023, 3, 1), wording="Started", note="Forums set up")
    post_update(client, moved_in, date(2023, 6, 1), wording="Complete", note="Framework agreed at DMT")
    signed_off = sign_off(fresh(plan), manager, approver)
    text = " ".join(page_texts(read(progress_report_response(signed_off, date(2023, 4, 1)).content)))
    row = text[text.index("T1.1 Focus of T1.1") : text.index("Sign-off Status")]
    assert "Started" in row and "Complete" not in row
    assert "1 March 2023" in row and "Forums set up" in row and "Framework agreed" not in row


def test_a_date_in_the_future_is_refused(client, manager, moved_in):
    client.force_login(manager)
    response = post_update(client, moved_in, timezone.localdate() + timedelta(days=1), note="Kept as typed")
    assert errors(response) == ["The date of this update must be today or in the past"]
    assert "Kept as typed" in response.content.decode()
    assert not StatusUpdate.objects.exists()


def test_a_date_before_the_review_the_plan_responds_to_is_refused(client, manager, moved_in):
    client.force_login(manager)
    response = post_update(client, moved_in, REVIEWED - timedelta(days=1))
    assert errors(response) == [
        "The date of this update must be on or after 21 November 2022, the date of the "
        "review or assessment the plan responds to"
    ]


def test_without_the_reviews_date_a_date_before_the_plan_was_started_says_what_to_do(client, manager, plan, moved_in):
    ActionPlan.objects.filter(pk=plan.pk).update(source_date=None)
    client.force_login(manager)
    response = post_update(client, moved_in, timezone.localdate() - timedelta(days=1))
    started = timezone.localdate(plan.created_at)
    assert errors(response) == [
        f"The date of this update must be on or after {started:%-d %B %Y}, when the plan was started in EqA. For an "
        f"earlier update, first add the date of the review or assessment to the plan's details"
    ]


def test_a_date_before_the_actions_last_update_is_refused(client, manager, moved_in):
    client.force_login(manager)
    post_update(client, moved_in, date(2023, 6, 1))
    response = post_update(client, moved_in, date(2023, 5, 31))
    assert errors(response) == [
        "The date of this update must be on or after 1 June 2023, the date of the action's "
        "last update. Record earlier updates first, oldest first"
    ]
    assert StatusUpdate.objects.count() == 1


def test_a_date_that_is_not_one_is_refused(client, manager, moved_in):
    client.force_login(manager)
    response = client.post(
        update_url(moved_in),
        {
            "word": status_word(moved_in.plan.council, "Started").pk,
            "note": "x",
            "on_0": "31",
            "on_1": "2",
            "on_2": "2023",
        },
    )
    assert errors(response) == ["The date of this update must be a real date"]


def test_the_action_page_and_history_say_when_it_was_dated_and_when_recorded(client, manager, plan, moved_in):
    client.force_login(manager)
    post_update(client, moved_in, date(2023, 3, 1), note="Forums set up")
    today = timezone.localdate()
    page = client.get(moved_in.get_absolute_url()).content.decode()
    assert f"1 March 2023 (recorded {today:%-d %B %Y})" in page
    entry = next(entry for entry in plan_history(plan) if any("Forums set up" in said for said in entry.changes))
    assert entry.changes == [
        "T1.1: status changed from To be started to Started (in progress, on track), in an update dated 1 March "
        "2023. ‘Forums set up’"
    ]
    assert timezone.localdate(entry.when) == today


def test_the_update_form_offers_the_date(client, manager, moved_in):
    client.force_login(manager)
    page = client.get(update_url(moved_in)).content.decode()
    assert "Date of this update (optional)" in page and 'name="on_0"' in page
    assert ">Started<" in page


def test_the_progress_report_page_says_how_to_report_on_earlier_days(client, viewer, manager, approver, plan, moved_in):
    signed_off = sign_off(fresh(plan), manager, approver)
    client.force_login(viewer)
    page = client.get(reverse("actionplans:progress-report", args=[signed_off.pk])).content.decode()
    assert "record its earlier updates, giving each the date it happened" in page
