"""A CQC result typed wrongly is corrected, by those who may record one, and History keeps what it said before."""

from datetime import date

from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from actionplans.models import CqcResult, StatementScore
from councils.models import Role
from tests.actionplans.cqc_helpers import record
from tests.factories import statement
from tests.lifecycle_helpers import person_with_role
from tests.page_forms import form_data


def correct(client, person, assessment, **typed):
    client.force_login(person)
    url = reverse("actionplans:cqc-correct", args=[assessment.pk])
    return client.post(url, form_data(client.get(url), **typed))


def opened_twice(council, manager, assessment):
    """Two people who may correct the result, each with the correct page as they opened it."""
    url = reverse("actionplans:cqc-correct", args=[assessment.pk])
    first, second = Client(), Client()
    first.force_login(manager)
    second.force_login(person_with_role(council, Role.MANAGER, "second-manager"))
    return url, (first, form_data(first.get(url))), (second, form_data(second.get(url)))


def history(client, assessment):
    return " ".join(client.get(reverse("actionplans:cqc-history", args=[assessment.pk])).content.decode().split())


def test_the_form_starts_from_what_is_saved(client, manager, council):
    assessment = record(council, manager, [3, 3, 3, 3, 3, 3, 2, 3, 3], findings={"Safeguarding": "Waits too long."})
    client.force_login(manager)
    data = form_data(client.get(reverse("actionplans:cqc-correct", args=[assessment.pk])))
    assert data[f"score_{statement('Safeguarding').pk}"] == ["2"]
    assert data[f"findings_{statement('Safeguarding').pk}"] == "Waits too long."
    assert (data["assessed_on_0"], data["assessed_on_1"], data["assessed_on_2"]) == ("14", "11", "2024")


def test_a_wrong_score_and_date_are_corrected_and_history_says_so(client, manager, council):
    assessment = record(council, manager, [3, 3, 3, 3, 3, 3, 2, 3, 3])
    safeguarding = statement("Safeguarding")
    response = correct(client, manager, assessment, assessed_on_0="4", **{f"score_{safeguarding.pk}": ["3"]})
    assert response["Location"] == assessment.get_absolute_url()
    saved = CqcResult.objects.get(pk=assessment.pk)
    assert (saved.assessed_on, saved.overall().percentage) == (date(2024, 11, 4), 75)
    assert StatementScore.objects.get(result=assessment, quality_statement=safeguarding).score == 3
    said = history(client, assessment)
    assert "Date of the assessment changed from ‘14 November 2024’ to ‘4 November 2024’" in said
    assert (
        "Score for Safeguarding changed from ‘2: Evidence shows some shortfalls’ to ‘3: Evidence shows a good standard’"
    ) in said
    assert "Recorded the result" in said


def test_posting_it_back_unchanged_changes_nothing(client, manager, council):
    assessment = record(council, manager, [3] * 9)
    response = correct(client, manager, assessment)
    assert CqcResult.history.filter(id=assessment.pk).count() == 1  # as first recorded, nothing since
    assert not StatementScore.history.filter(result_id=assessment.pk, history_type="~").exists()
    said = " ".join(client.get(response["Location"]).content.decode().split())
    assert "You did not change anything, so there was nothing to save." in said
    assert "The result is corrected" not in said
    assert CqcResult.objects.get(pk=assessment.pk).revision == 0


def test_a_viewer_may_not_correct_it(client, manager, viewer, council):
    assessment = record(council, manager, [3] * 9)
    client.force_login(viewer)
    assert client.get(reverse("actionplans:cqc-correct", args=[assessment.pk])).status_code == 403
    assert client.get(reverse("actionplans:cqc-history", args=[assessment.pk])).status_code == 200


def test_another_council_gets_404(client, manager, council, other_council):
    assessment = record(council, manager, [3] * 9)
    stranger = person_with_role(other_council, Role.MANAGER, "sam-stranger")
    client.force_login(stranger)
    assert client.post(reverse("actionplans:cqc-correct", args=[assessment.pk]), {}).status_code == 404
    assert client.get(reverse("actionplans:cqc-history", args=[assessment.pk])).status_code == 404


def test_a_correction_keeps_the_rules_of_recording(client, manager, council):
    assessment = record(council, manager, [3] * 9)
    response = correct(client, manager, assessment, assessed_on_2="2099")
    assert response.context["errors"] == [
        ("The date of the assessment must be today or in the past", "id_assessed_on_0")
    ]
    assert CqcResult.objects.get(pk=assessment.pk).assessed_on == date(2024, 11, 14)


def test_a_result_recorded_before_results_kept_history_says_what_changed(client, manager, council):
    assessment = record(council, manager, [3] * 9)
    CqcResult.history.filter(id=assessment.pk).delete()
    StatementScore.history.filter(result_id=assessment.pk).delete()
    correct(client, manager, assessment, title="CQC assessment of adult social care")
    assert "Title changed from ‘CQC local authority assessment’ to ‘CQC assessment of adult social care’" in history(
        client, assessment
    )


def test_a_correction_opened_before_another_was_saved_is_told_and_shows_both(client, manager, council):
    assessment = record(council, manager, [3, 3, 3, 3, 3, 3, 2, 3, 3])
    score = f"score_{statement('Safeguarding').pk}"
    url, (first, first_page), (second, second_page) = opened_twice(council, manager, assessment)
    assert first.post(url, {**first_page, score: ["3"]}).status_code == 302

    response = second.post(url, {**second_page, score: ["1"], "summary": "Typed while the first saved."})

    page = " ".join(response.content.decode().split())
    assert "Somebody else saved this result after you opened this page" in page
    assert response.context["differences"] == [
        ("Score for Safeguarding", "1: Evidence shows significant shortfalls", "3: Evidence shows a good standard")
    ]
    assert form_data(response)[score] == ["1"] and "Typed while the first saved." in page
    assert StatementScore.objects.get(result=assessment, quality_statement=statement("Safeguarding")).score == 3


def test_the_side_by_side_differences_name_each_field_that_clashes(client, manager, council):
    assessment = record(council, manager, [3] * 9, findings={"Safeguarding": "As recorded."})
    findings = f"findings_{statement('Safeguarding').pk}"
    url, (first, first_page), (second, second_page) = opened_twice(council, manager, assessment)
    first.post(url, {**first_page, "title": "First title", "assessed_on_0": "4", findings: "The first's findings."})

    response = second.post(
        url, {**second_page, "title": "Second title", "assessed_on_0": "5", findings: "The second's findings."}
    )

    assert response.context["differences"] == [
        ("Title", "Second title", "First title"),
        ("Date of the assessment", "5 November 2024", "4 November 2024"),
        ("Key findings for Safeguarding (optional)", "The second's findings.", "The first's findings."),
    ]
    assert escape("The second's findings.") in response.content.decode()


def test_corrections_of_different_fields_merge_and_keep_both(client, manager, council):
    assessment = record(council, manager, [3] * 9)
    safeguarding, findings = statement("Safeguarding"), f"findings_{statement('Safeguarding').pk}"
    url, (first, first_page), (second, second_page) = opened_twice(council, manager, assessment)
    first.post(url, {**first_page, "title": "CQC assessment of adult social care", findings: "Waits too long."})

    response = second.post(url, {**second_page, f"score_{safeguarding.pk}": ["2"], "summary": "A fair summary."})

    assert response["Location"] == assessment.get_absolute_url()
    saved = CqcResult.objects.get(pk=assessment.pk)
    assert (saved.title, saved.summary, saved.revision) == ("CQC assessment of adult social care", "A fair summary.", 2)
    score = StatementScore.objects.get(result=assessment, quality_statement=safeguarding)
    assert (score.score, score.key_findings) == (2, "Waits too long.")


def test_saving_again_after_seeing_the_differences_keeps_the_second_and_history_says_so(client, manager, council):
    assessment = record(council, manager, [3] * 9)
    url, (first, first_page), (second, second_page) = opened_twice(council, manager, assessment)
    first.post(url, {**first_page, "summary": "The first person's summary."})
    refused = second.post(url, {**second_page, "summary": "The second person's summary."})

    assert second.post(url, form_data(refused)).status_code == 302
    assert CqcResult.objects.get(pk=assessment.pk).summary == "The second person's summary."
    said = history(second, assessment)
    assert escape("Summary changed from ‘The first person's summary.’ to ‘The second person's summary.’") in said
    assert "evision" not in said


def test_history_says_in_words_whose_result_it_became_and_when_it_was_published(client, manager, council):
    assessment = record(council, manager, [2] * 9, published_on=None)
    response = correct(
        client,
        manager,
        assessment,
        whose=["other"],
        assessed_council="Gloucestershire County Council",
        published_on_0="31",
        published_on_1="1",
        published_on_2="2025",
    )
    assert response["Location"] == assessment.get_absolute_url()
    saved = CqcResult.objects.get(pk=assessment.pk)
    assert (saved.assessed_council, saved.published_on) == ("Gloucestershire County Council", date(2025, 1, 31))
    said = history(client, assessment)
    assert (
        "Council assessed changed from ‘Cheshire West and Chester Council (its own result)’ to ‘Gloucestershire "
        "County Council’" in said
    )
    assert "Date the report was published changed from ‘not given’ to ‘31 January 2025’" in said


def test_a_result_recorded_before_the_date_of_publishing_was_asked_is_given_one_when_corrected(
    client, manager, council
):
    assessment = record(council, manager, [3] * 9, published_on=None)
    response = correct(client, manager, assessment, title="CQC assessment of adult social care")
    assert response.context["errors"] == [("Enter the date the report was published", "id_published_on_0")]
    assert CqcResult.objects.get(pk=assessment.pk).title == "CQC local authority assessment"


def test_a_score_given_wrongly_is_taken_away_and_one_missed_is_added_and_history_says_so(client, manager, council):
    assessment = record(council, manager, [3] * 8 + [None])
    safeguarding, learning = statement("Safeguarding"), statement("Learning, improvement and innovation")
    correct(client, manager, assessment, **{f"score_{safeguarding.pk}": [""], f"score_{learning.pk}": ["2"]})
    scores = dict(StatementScore.objects.filter(result=assessment).values_list("quality_statement", "score"))
    assert safeguarding.pk not in scores and scores[learning.pk] == 2 and len(scores) == 8
    said = history(client, assessment)
    assert "Score for Safeguarding taken away: it was ‘3: Evidence shows a good standard’" in said
    assert "Score for Learning, improvement and innovation added: ‘2: Evidence shows some shortfalls’" in said
    assert said.count("added") == 1  # the scores recorded with the result are not said to be added


def test_the_correction_page_offers_not_scored_for_a_statement_the_report_leaves_out(client, manager, council):
    assessment = record(council, manager, [3] * 8 + [None])
    client.force_login(manager)
    data = form_data(client.get(reverse("actionplans:cqc-correct", args=[assessment.pk])))
    assert f"score_{statement('Learning, improvement and innovation').pk}" not in data  # nothing chosen
    assert data["whose"] == ["own"] and data["assessed_council"] == ""
    assert (data["published_on_0"], data["published_on_1"], data["published_on_2"]) == ("20", "12", "2024")
