"""A CQC result typed wrongly is corrected, by those who may record one, and History keeps what it said before."""

from datetime import date

from django.urls import reverse

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
