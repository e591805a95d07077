"""An action of a signed-off EIA's plan recorded as done, and when: without changing the plan as signed off, by those
who see it through, corrected with History, and counted by the annual report as done or late."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import ActionDone, AssessmentAction, ImpactLevel
from assessments.services import assessment_approve
from tests.lifecycle_helpers import ready_assessment
from tests.page_forms import form_data

pytestmark = pytest.mark.usefixtures("quick_pdfs")


@pytest.fixture
def draft(council, service, author):
    return ready_assessment(council, service, author, title="Day opportunities for older people")


@pytest.fixture
def sign_off(author, approver):
    return lambda eia: assessment_approve(assessment=eia.submit(by=author), by=approver)


@pytest.fixture
def signed_off(draft, sign_off):
    return sign_off(draft)


def on(day):
    return {"done_on_0": day.day, "done_on_1": day.month, "done_on_2": day.year}


def record(client, person, eia, **typed):
    client.force_login(person)
    url = reverse("assessments:action-done", args=[eia.pk, eia.actions.get().pk])
    return client.post(url, form_data(client.get(url), **typed))


def said(response):
    return " ".join(response.content.decode().split())


def test_an_author_records_an_action_done_and_the_plan_stays_as_signed_off(client, author, signed_off):
    action = signed_off.actions.get()
    wording = action.action_required
    done_on = timezone.localdate() - timedelta(days=3)
    client.force_login(author)
    assert 'Record<span class="govuk-visually-hidden"> action 1</span> as done' in said(
        client.get(signed_off.get_absolute_url())
    )

    response = record(client, author, signed_off, note="Letters reissued in easy read.", **on(done_on))

    assert response.status_code == 302 and response["Location"].endswith(f"#action-{action.pk}")
    done = ActionDone.objects.get(action=action)
    assert (done.done_on, done.note, done.recorded_by) == (done_on, "Letters reissued in easy read.", author)
    assert AssessmentAction.objects.get(pk=action.pk).action_required == wording
    page = said(client.get(signed_off.get_absolute_url()))
    assert f"Done on {done_on.day} {done_on:%B %Y}" in page and "Letters reissued in easy read." in page


def test_done_after_its_review_date_says_so(client, author, draft, sign_off):
    AssessmentAction.objects.filter(assessment=draft).update(review_date=date(2026, 1, 31))
    signed_off = sign_off(draft)
    record(client, author, signed_off, **on(date(2026, 2, 14)))
    assert ActionDone.objects.get().late
    assert "After its review date" in said(client.get(signed_off.get_absolute_url()))


def test_a_date_still_to_come_is_refused_and_what_was_typed_is_kept(client, author, signed_off):
    response = record(client, author, signed_off, note="Planned.", **on(timezone.localdate() + timedelta(days=1)))
    assert response.status_code == 200
    assert response.context["errors"][0][0] == "The date it was done must be today or in the past"
    assert "Planned." in said(response)
    assert not ActionDone.objects.exists()


def test_the_same_form_posted_twice_records_it_once(client, author, signed_off):
    client.force_login(author)
    url = reverse("assessments:action-done", args=[signed_off.pk, signed_off.actions.get().pk])
    data = form_data(client.get(url), **on(timezone.localdate()))
    client.post(url, data)
    again = client.post(url, data, follow=True)
    assert ActionDone.objects.count() == 1
    assert "This was already saved. Here it is." in said(again)


def test_only_a_signed_off_eia_and_only_those_who_see_it_through(
    client, council, service, author, viewer, outsider, signed_off
):
    draft = ready_assessment(council, service, author, title="Still a draft")
    client.force_login(author)
    refused = client.get(reverse("assessments:action-done", args=[draft.pk, draft.actions.get().pk]), follow=True)
    assert "Record an action done once it is signed off" in said(refused)
    url = reverse("assessments:action-done", args=[signed_off.pk, signed_off.actions.get().pk])
    client.force_login(viewer)
    assert client.get(url).status_code == 403
    assert "/done/" not in said(client.get(signed_off.get_absolute_url()))
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert not ActionDone.objects.exists()


def test_a_correction_is_said_in_history_and_a_stale_one_is_told(client, author, approver, signed_off):
    record(client, author, signed_off, **on(date(2026, 3, 2)))
    url = reverse("assessments:action-done", args=[signed_off.pk, signed_off.actions.get().pk])
    first, second = Client(), Client()
    first.force_login(author)
    second.force_login(approver)
    first_page, second_page = form_data(first.get(url)), form_data(second.get(url))
    first.post(url, {**first_page, **on(date(2026, 3, 4))})

    stale = second.post(url, {**second_page, **on(date(2026, 3, 5))})

    assert "Somebody else saved this record after you opened this page" in said(stale)
    assert ActionDone.objects.get().done_on == date(2026, 3, 4)
    history = said(client.get(reverse("assessments:history", args=[signed_off.pk])))
    assert "as done on 2 March 2026" in history
    assert "Date it was done: the action" in history and "4 March 2026" in history


def test_the_annual_report_counts_the_actions_due_done_and_late(client, council, viewer, author, draft, sign_off):
    today = timezone.localdate()
    days_ago = [today - timedelta(days=days) for days in range(201)]
    first = draft.actions.get()
    AssessmentAction.objects.filter(pk=first.pk).update(review_date=days_ago[150], priority=ImpactLevel.HIGH)
    second, third = (
        AssessmentAction.objects.create(
            assessment=draft, position=position, action_required=wording, priority=priority, review_date=due
        )
        for position, wording, priority, due in [
            (2, "Tell carers", ImpactLevel.HIGH, days_ago[100]),
            (3, "Easy read", ImpactLevel.LOW, days_ago[50]),
        ]
    )
    sign_off(draft)
    # Done on time; done after its review date; never done.
    ActionDone.objects.create(action=first, done_on=days_ago[160], recorded_by=author)
    ActionDone.objects.create(action=second, done_on=days_ago[90], recorded_by=author)
    client.force_login(viewer)
    query = {"year": "custom"}
    for name, day in (("start", days_ago[200]), ("end", today)):
        query.update({f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year})

    answer = client.get(reverse("assessments:annual-report", args=[council.slug]), query)

    table = next(part["table"] for part in answer.context["parts"] if part["table"].key == "actions")
    found = {row.heading: [figure.now for figure in row.figures] for row in table.rows}
    # Due, done, late.
    assert found["High"] == [2, 2, 1]
    assert found["Low"] == [1, 0, 1]
    assert found["All priorities"] == [3, 2, 2]
    late = next(row for row in table.rows if row.heading == "All priorities").figures[2]
    records = reverse("assessments:annual-report-records", args=[council.slug])
    listed = said(client.get(records, {**query, **late.asks}))
    assert "Tell carers" in listed and "Easy read" in listed and first.action_required not in listed
    assert third.action_required in listed
