"""Completed work is never reported as overdue: a milestone of a complete action, or one whose words say it was done
("Completed May 2023"), is not overdue on the plan page, the action page, the committee PDF or a progress report,
by the one rule in actionplans/milestones.py."""

from datetime import date

import pytest

from actionplans.milestones import is_overdue, read_milestone, says_done
from actionplans.models import Milestone
from actionplans.pdf import plan_pdf_response, progress_report_response
from tests.actionplans.plan_helpers import fresh, page_texts, read, record, sign_off
from tests.factories import ActionFactory, MilestoneFactory

LATE = date(2023, 4, 1)  # a month's milestone, over long ago
TODAY = date(2024, 1, 10)


@pytest.mark.parametrize(
    "text",
    [
        "Completed",
        "complete",
        "DONE",
        "Achieved.",
        "Completed May 2023",
        "done - 3/4/23",
        "Achieved 12th March 2023",
        "completed on 3/4/2023",
        "Framework April 2023 - Completed",
        "Framework April 2023 (done)",
    ],
)
def test_words_that_say_it_was_done(text):
    assert says_done(text)
    assert read_milestone(text).done


@pytest.mark.parametrize(
    "text",
    [
        "Framework April 2023",
        "Assessments completed within 28 days",
        "Complete the review April 2023",
        "Evaluation done by partners",
        "Undone",
        "Done well by May",
    ],
)
def test_words_that_do_not(text):
    assert not says_done(text)


def rule(**changes):
    given = {
        "deadline": date(2023, 4, 30),
        "done": False,
        "text": "Framework April 2023",
        "action_complete": False,
        "today": TODAY,
        **changes,
    }
    return is_overdue(**given)


def test_a_milestone_past_its_deadline_is_overdue():
    assert rule()


def test_a_milestone_of_a_complete_action_is_never_overdue():
    assert not rule(action_complete=True)


def test_a_milestone_ticked_done_or_saying_so_is_not_overdue():
    assert not rule(done=True)
    assert not rule(text="Completed May 2023")


def test_a_milestone_on_its_last_day_or_with_no_date_is_not_overdue():
    assert not rule(today=date(2023, 4, 30))
    assert not rule(deadline=None)


@pytest.fixture
def late_work(plan, manager):
    """T1.1 is complete, with a milestone never ticked; T1.2 is under way, with one whose words say it was done
    and one truly late."""
    complete = ActionFactory(plan=plan, ref="T1.1", area_of_focus="Focus of T1.1")
    MilestoneFactory(
        action=complete,
        description="Framework April 2023",
        source_text="Framework April 2023",
        due_date=LATE,
        due_precision=Milestone.Precision.MONTH,
    )
    record(complete, "Complete", date(2023, 6, 1), manager, "All delivered")
    going = ActionFactory(plan=plan, ref="T1.2", area_of_focus="Focus of T1.2")
    MilestoneFactory(
        action=going,
        description="Completed May 2023",
        source_text="Completed May 2023",
        due_date=date(2023, 5, 1),
        due_precision=Milestone.Precision.MONTH,
        position=1,
    )
    MilestoneFactory(
        action=going,
        description="Evaluation March 2023",
        source_text="Evaluation March 2023",
        due_date=date(2023, 3, 1),
        due_precision=Milestone.Precision.MONTH,
        position=2,
    )
    record(going, "On track", date(2023, 2, 1), manager, "Going well")
    return {"T1.1": complete, "T1.2": going}


def test_the_plan_page_lists_only_the_truly_late_milestone(client, viewer, plan, late_work):
    client.force_login(viewer)
    response = client.get(plan.get_absolute_url())
    assert [m.description for m in response.context["overdue"]] == ["Evaluation March 2023"]


def test_the_plan_pages_overdue_filter_leaves_out_a_complete_action(client, viewer, plan, late_work):
    late_work["T1.2"].milestones.filter(description="Evaluation March 2023").update(done=True)
    client.force_login(viewer)
    response = client.get(plan.get_absolute_url(), {"overdue": "1"})
    assert "No actions match" in response.content.decode()


def test_the_action_page_does_not_call_a_complete_actions_milestone_overdue(client, viewer, late_work):
    client.force_login(viewer)
    page = client.get(late_work["T1.1"].get_absolute_url()).content.decode()
    assert "Framework April 2023" in page and "Overdue" not in page


def test_the_action_page_counts_words_that_say_done_as_done(client, viewer, late_work):
    client.force_login(viewer)
    page = " ".join(client.get(late_work["T1.2"].get_absolute_url()).content.decode().split())
    assert 'Completed May 2023 <strong class="govuk-tag govuk-tag--green">Done</strong>' in page
    assert page.count("Overdue") == 1  # Evaluation March 2023 only


def pdf_text(response):
    return " ".join(page_texts(read(response.content)))


def test_the_committee_pdf_agrees(plan, late_work):
    text = pdf_text(plan_pdf_response(fresh(plan)))
    assert "Framework April 2023 overdue" not in text
    assert "Completed May 2023 done" in text
    assert "Evaluation March 2023 overdue" in text


def test_a_progress_report_judges_by_the_status_on_its_date(plan, late_work, manager, approver):
    signed_off = sign_off(plan, manager, approver)
    # T1.1 became complete on 1 June 2023: on 31 May its April milestone was late; on 2 June it no longer was.
    assert "Framework April 2023 overdue" in pdf_text(progress_report_response(signed_off, date(2023, 5, 31)))
    assert "Framework April 2023 overdue" not in pdf_text(progress_report_response(signed_off, date(2023, 6, 2)))
