"""A council's CQC assessment results: recording one (its own, or another council's to compare with), its page, the
list, the scores a plan page shows and the demo's examples (Hertfordshire's and Gloucestershire's)."""

import re
from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from actionplans.cqc import current_framework, latest_scores, load_example_results
from actionplans.models import CqcResult, QualityStatement, StatementScore
from councils.models import Role
from tests.actionplans.cqc_helpers import record, statements
from tests.factories import CouncilFactory, MembershipFactory, UserFactory, statement
from tests.page_forms import form_data

START = reverse("actionplans:cqc-start")
LIST = reverse("actionplans:cqc-list")


def answers(scores, **extra):
    """What the form posts: whose result, a title, two dates, and a score per current statement (None: left
    unanswered)."""
    data = {
        "whose": "own",
        "assessed_council": "",
        "title": "CQC local authority assessment",
        "assessed_on_0": "14",
        "assessed_on_1": "11",
        "assessed_on_2": "2024",
        "published_on_0": "20",
        "published_on_1": "12",
        "published_on_2": "2024",
        "summary": "",
    }
    for quality_statement, score in zip(statements(), scores, strict=True):
        if score is not None:
            data[f"score_{quality_statement.pk}"] = str(score)
        data[f"findings_{quality_statement.pk}"] = ""
    return {**data, **extra}


def member(council, role, username):
    return MembershipFactory(council=council, role=role, user=UserFactory(username=username)).user


def text(response):
    """The page's words, tags and runs of white space squeezed out."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


class TestRecording:
    def test_it_records_the_nine_scores_and_shows_the_percentage_and_rating(self, client, manager, council):
        client.force_login(manager)
        typed = answers(
            [3, 3, 3, 3, 3, 3, 3, 3, 2],
            title="CQC assessment of adult social care",
            summary="People's experiences were mostly positive.",
        )
        typed[f"findings_{statement('Safeguarding').pk}"] = "First paragraph.\r\n\r\nSecond paragraph."
        response = client.post(START, typed)
        assessment = CqcResult.objects.get()
        assert response.status_code == 302 and response["Location"] == assessment.get_absolute_url()
        assert (
            assessment.council,
            assessment.assessed_council,
            assessment.created_by,
            assessment.assessed_on,
            assessment.published_on,
            assessment.framework,
        ) == (council, "", manager, date(2024, 11, 14), date(2024, 12, 20), current_framework())
        assert sorted(assessment.scores.values_list("score", flat=True)) == [2] + [3] * 8
        # A browser's CRLF line breaks are kept as LF, as every text EqA keeps.
        assert assessment.scores.get(quality_statement=statement("Safeguarding")).key_findings == (
            "First paragraph.\n\nSecond paragraph."
        )

        page = client.get(response["Location"])
        words = text(page)
        # 26 out of 36 is 72.2%: Good.
        assert "You recorded ‘CQC assessment of adult social care’: 72%, Good." in words
        assert "Overall score 72%" in words
        assert "Rating Good" in words
        assert "Good runs from 63% to 87%" in words
        assert "72% is 9 points above the bottom of Good (63% to 87%) and 16 points below Outstanding (88%)" in words
        assert "The nine scores add up to 26 out of 36: 72% when rounded." in words
        assert "Learning, improvement and innovation 2 Evidence shows some shortfalls" in words
        assert "Safeguarding Key findings for Safeguarding 3 Evidence shows a good standard" in words
        html = page.content.decode()
        assert (
            '<p class="govuk-body eqa-pre-line">First paragraph.</p><p class="govuk-body eqa-pre-line">'
            "Second paragraph.</p>" in html
        )

    def test_seed_003s_scores_give_50_percent_requires_improvement(self, client, approver):
        client.force_login(approver)
        response = client.post(START, answers([2] * 9), follow=True)
        words = text(response)
        assert "Overall score 50%" in words and "Rating Requires improvement" in words
        assert "Requires improvement runs from 39% to 62%" in words
        assert (
            "50% is 11 points above the bottom of Requires improvement (39% to 62%) and 13 points below "
            "Good (63%)" in words
        )

    def test_a_press_release_with_fewer_than_nine_scores_is_recorded_without_a_rating(self, client, manager):
        client.force_login(manager)
        response = client.post(START, answers([3, None, 2, 4, None, 1, 2, 3, None]), follow=True)
        assessment = CqcResult.objects.get()
        assert assessment.scores.count() == 6 and assessment.overall() is None
        words = text(response)
        assert "You recorded ‘CQC local authority assessment’." in words
        assert "6 of 9 quality statements scored; the overall rating shows when all nine are in." in words
        assert "Overall score" not in words
        assert "Supporting people to live healthier lives Not scored" in words

    def test_a_result_with_no_score_at_all_is_refused_and_everything_typed_is_kept(self, client, manager):
        client.force_login(manager)
        typed = answers([None] * 9, title="Our CQC result", summary="What people told CQC.")
        typed[f"findings_{statement('Assessing needs').pk}"] = "Waiting lists were long.\r\n\r\nReviews were late."
        response = client.post(START, typed)

        assert response.status_code == 200
        assert not CqcResult.objects.exists() and not StatementScore.objects.exists()
        assert response.context["errors"] == [
            ("Choose a score for at least one quality statement", f"id_score_{statement('Assessing needs').pk}_1")
        ]
        kept = form_data(response)
        assert kept["title"] == "Our CQC result" and kept["summary"] == "What people told CQC."
        assert (kept["published_on_0"], kept["published_on_1"], kept["published_on_2"]) == ("20", "12", "2024")
        assert kept[f"findings_{statement('Assessing needs').pk}"] == (
            "Waiting lists were long.\r\n\r\nReviews were late."
        )

    def test_the_dates_are_needed_and_cannot_be_in_the_future(self, client, manager):
        client.force_login(manager)
        empty = {f"{date}_{part}": "" for date in ("assessed_on", "published_on") for part in range(3)}
        response = client.post(START, answers([2] * 9, **empty))
        assert response.context["errors"] == [
            ("Enter the date of the assessment", "id_assessed_on_0"),
            ("Enter the date the report was published", "id_published_on_0"),
        ]
        tomorrow = timezone.localdate() + timedelta(days=1)
        response = client.post(
            START,
            answers(
                [2] * 9,
                assessed_on_0=str(tomorrow.day),
                assessed_on_1=str(tomorrow.month),
                assessed_on_2=str(tomorrow.year),
                published_on_0=str(tomorrow.day),
                published_on_1=str(tomorrow.month),
                published_on_2=str(tomorrow.year),
            ),
        )
        assert response.context["errors"] == [
            ("The date of the assessment must be today or in the past", "id_assessed_on_0"),
            ("The date the report was published must be today or in the past", "id_published_on_0"),
        ]
        assert not CqcResult.objects.exists()

    def test_a_report_published_before_the_assessment_is_refused(self, client, manager):
        client.force_login(manager)
        response = client.post(START, answers([2] * 9, published_on_0="13", published_on_1="11"))
        assert response.context["errors"] == [
            (
                "The date the report was published must be the same as or after the date of the assessment, "
                "14 November 2024",
                "id_published_on_0",
            )
        ]
        assert not CqcResult.objects.exists()
        client.post(START, answers([2] * 9, published_on_0="14", published_on_1="11"))
        assert CqcResult.objects.get().published_on == date(2024, 11, 14)

    def test_a_date_before_cqc_assessed_councils_is_refused(self, client, manager):
        client.force_login(manager)
        response = client.post(START, answers([2] * 9, assessed_on_2="2013", published_on_2="2014"))
        assert response.context["errors"] == [
            (
                "The date of the assessment must be 1 April 2023 or later, when CQC's assessments of councils began",
                "id_assessed_on_2",
            ),
            (
                "The date the report was published must be 1 April 2023 or later, when CQC's assessments of "
                "councils began",
                "id_published_on_2",
            ),
        ]
        assert not CqcResult.objects.exists()

    def test_a_score_outside_1_to_4_is_refused(self, client, manager):
        client.force_login(manager)
        response = client.post(START, answers([2] * 8 + [5]))
        assert response.context["errors"] == [
            (
                "Choose a score from 1 to 4 for Learning, improvement and innovation",
                f"id_score_{statement('Learning, improvement and innovation').pk}_1",
            )
        ]
        assert not CqcResult.objects.exists()

    def test_the_form_offers_the_nine_statements_by_theme_with_cqcs_wording(self, client, manager):
        client.force_login(manager)
        words = text(client.get(START))
        assert [s.name for s in statements()] == [
            "Assessing needs",
            "Supporting people to live healthier lives",
            "Equity in experience and outcomes",
            "Care provision, integration and continuity",
            "Partnerships and communities",
            "Safe pathways, systems and transitions",
            "Safeguarding",
            "Governance, management and sustainability",
            "Learning, improvement and innovation",
        ]
        theme_1 = words.index("Theme 1: Working with people")
        theme_2 = words.index("Theme 2: Providing support")
        assert theme_1 < words.index("Equity in experience and outcomes") < theme_2
        assert words.index("Theme 3: Ensuring safety") < words.index("Theme 4: Leadership")
        assert "Workforce equality" not in words
        assert words.count("4: Evidence shows an exceptional standard") == 9
        assert "Which of your councils is recording it?" not in words  # one council: nothing to choose
        assert words.count("Not scored in this report") == 9

    @pytest.mark.parametrize("role", [Role.MANAGER, Role.APPROVER, Role.COUNCIL_ADMIN])
    def test_managers_approvers_and_council_admins_may_record(self, client, council, role):
        client.force_login(member(council, role, f"a-{role}"))
        assert client.get(START).status_code == 200

    @pytest.mark.parametrize("role", [Role.VIEWER, Role.AUTHOR, Role.MODERATOR])
    def test_other_roles_may_read_but_not_record(self, client, council, manager, role):
        assessment = record(council, manager, [2] * 9)
        person = member(council, role, f"a-{role}")
        client.force_login(person)
        assert client.get(assessment.get_absolute_url()).status_code == 200
        assert client.get(START).status_code == 403
        assert client.post(START, answers([2] * 9)).status_code == 403
        assert CqcResult.objects.count() == 1
        assert "Record an assessment" not in client.get(LIST).content.decode()

    def test_a_person_of_two_councils_chooses_one_they_may_record_for(self, client, council, other_council):
        person = member(council, Role.MANAGER, "two-councils")
        MembershipFactory(council=other_council, role=Role.APPROVER, user=person)
        viewer_only = CouncilFactory(name="Third County Council", slug="third")
        MembershipFactory(council=viewer_only, role=Role.VIEWER, user=person)
        client.force_login(person)
        response = client.get(START)
        assert "Which of your councils is recording it?" in text(response)
        assert list(response.context["form"].fields["council"].queryset) == [other_council, council]

        response = client.post(START, answers([2] * 9))
        assert response.context["errors"] == [("Choose which of your councils is recording it", "id_council_1")]
        response = client.post(START, answers([2] * 9, council=viewer_only.pk))
        assert response.context["errors"] == [("Choose one of your councils", "id_council_1")]
        assert not CqcResult.objects.exists()
        client.post(START, answers([2] * 9, council=other_council.pk))
        assert CqcResult.objects.get().council == other_council


class TestPage:
    def test_another_councils_assessment_is_not_found(self, client, council, manager, outsider):
        assessment = record(council, manager, [2] * 9)
        client.force_login(outsider)
        response = client.get(assessment.get_absolute_url())
        assert response.status_code == 404
        assert "CQC local authority assessment" not in response.content.decode()

    def test_it_is_not_rated_until_all_nine_are_scored(self, client, council, manager, viewer):
        assessment = record(
            council,
            manager,
            [None, None, 3] + [None] * 6,
            findings={"Equity in experience and outcomes": "Good partnership working."},
        )
        client.force_login(viewer)
        words = text(client.get(assessment.get_absolute_url()))
        assert "1 of 9 quality statements scored; the overall rating shows when all nine are in." in words
        assert "Overall score" not in words
        assert "Assessing needs Not scored" in words
        assert "Key findings: Equity in experience and outcomes Good partnership working." in words

    def test_its_queries_do_not_grow_with_its_scores_and_findings(
        self, client, council, manager, viewer, django_assert_max_num_queries
    ):
        few = record(council, manager, [3] + [None] * 8)
        many = record(
            council,
            manager,
            [1, 2, 3, 4, 1, 2, 3, 4, 2],
            findings={s.name: "Findings.\n\nMore findings." for s in statements()},
        )
        client.force_login(viewer)
        client.get(few.get_absolute_url())  # sessions and the like, once
        with django_assert_max_num_queries(12) as one:
            assert client.get(few.get_absolute_url()).status_code == 200
        with django_assert_max_num_queries(len(one.captured_queries)):
            assert client.get(many.get_absolute_url()).status_code == 200


class TestList:
    def test_it_lists_the_councils_assessments_newest_first_with_their_results(
        self, client, council, manager, viewer, other_council, outsider
    ):
        record(council, manager, [2] * 9, assessed_on=date(2023, 6, 1), title="First assessment")
        record(council, manager, [3] * 9, assessed_on=date(2025, 2, 3), title="Second assessment")
        record(council, manager, [3] + [None] * 8, assessed_on=date(2024, 1, 1), title="Partial one")
        record(other_council, outsider, [4] * 9, title="Not ours")
        client.force_login(viewer)
        words = text(client.get(LIST))
        assert "3 results, newest first" in words
        assert "Second assessment 3 February 2025 11 March 2025 75%: Good" in words
        assert (
            "Partial one 1 January 2024 6 February 2024 1 of 9 quality statements scored; the overall rating shows "
            "when all nine are in" in words
        )
        assert "First assessment 1 June 2023 7 July 2023 50%: Requires improvement" in words
        assert words.index("Second assessment") < words.index("Partial one") < words.index("First assessment")
        assert "Not ours" not in words

    def test_its_queries_do_not_grow_with_the_number_of_assessments(
        self, client, council, manager, django_assert_max_num_queries
    ):
        record(council, manager, [2] * 9)
        client.force_login(manager)
        client.get(LIST)
        with django_assert_max_num_queries(10) as one:
            assert client.get(LIST).status_code == 200
        for year in range(2019, 2024):
            record(council, manager, [3] * 9, assessed_on=date(year, 5, 1))
        with django_assert_max_num_queries(len(one.captured_queries)):
            response = client.get(LIST)
        assert "6 results" in text(response)


class TestAnotherCouncilsResult:
    def other(self, scores, **extra):
        return answers(scores, whose="other", assessed_council="  Gloucestershire   County Council ", **extra)

    def test_fewer_than_nine_scores_show_no_rating_and_say_how_many_are_in(self, client, manager, council):
        client.force_login(manager)
        response = client.post(START, self.other([None, None, 3] + [None] * 6), follow=True)
        result = CqcResult.objects.get()
        assert (result.council, result.assessed_council) == (council, "Gloucestershire County Council")
        words = text(response)
        assert "1 of 9 quality statements scored; the overall rating shows when all nine are in." in words
        assert "Overall score" not in words and "Rating" not in words

    def test_nine_scores_show_the_percentage_and_rating_and_whose_result_it_is(self, client, manager, viewer):
        client.force_login(manager)
        client.post(START, self.other([2] * 9))
        client.force_login(viewer)
        words = text(client.get(CqcResult.objects.get().get_absolute_url()))
        assert "Overall score 50%" in words and "Rating Requires improvement" in words
        assert (
            "Gloucestershire County Council CQC local authority assessment Whose result Gloucestershire County "
            "Council's, kept by Cheshire West and Chester Council to compare with" in words
        )
        assert "Date of the assessment 14 November 2024 Date the report was published 20 December 2024" in words

    def test_the_other_council_is_named_when_the_result_is_theirs_and_only_then(self, client, manager):
        client.force_login(manager)
        response = client.post(START, answers([2] * 9, whose="other"))
        assert response.context["errors"] == [("Enter the name of the other council", "id_assessed_council")]
        response = client.post(START, answers([2] * 9, assessed_council="Gloucestershire County Council"))
        assert response.context["errors"] == [
            (
                "Choose ‘Another council's, to compare with’ for another council's result, or delete the name",
                "id_assessed_council",
            )
        ]
        assert form_data(response)["assessed_council"] == "Gloucestershire County Council"
        response = client.post(
            START, answers([2] * 9, whose="other", assessed_council="cheshire west and chester council")
        )
        assert response.context["errors"] == [
            (
                "cheshire west and chester council is your council: choose ‘Your council's own’ instead",
                "id_assessed_council",
            )
        ]
        response = client.post(START, answers([2] * 9, whose="other", assessed_council="G" * 201))
        assert response.context["errors"] == [
            ("Enter the other council's name of 200 characters or fewer", "id_assessed_council")
        ]
        assert not CqcResult.objects.exists()

    def test_the_list_keeps_the_councils_own_results_apart_from_other_councils(self, client, council, manager, viewer):
        record(council, manager, [3] * 9, title="Our assessment")
        record(council, manager, [2] * 9, title="Their assessment", assessed_council="Gloucestershire County Council")
        client.force_login(viewer)
        words = text(client.get(LIST))
        own, others = words.index("Your council's results"), words.index("Other councils' results, to compare with")
        assert own < words.index("Our assessment") < others < words.index("Gloucestershire County Council Their")

    def test_its_people_alone_see_it(self, client, council, manager, outsider):
        result = record(council, manager, [2] * 9, assessed_council="Gloucestershire County Council")
        client.force_login(outsider)
        assert client.get(result.get_absolute_url()).status_code == 404
        assert "Gloucestershire" not in text(client.get(LIST))

    def test_the_database_refuses_a_report_published_before_the_assessment(self, council, manager):
        with pytest.raises(IntegrityError), transaction.atomic():
            record(council, manager, [2] * 9, published_on=date(2024, 11, 13))


class TestLatestScores:
    def test_each_statement_has_its_score_from_the_newest_assessment_that_scored_it(
        self, council, manager, other_council, outsider, django_assert_num_queries
    ):
        older = record(council, manager, [2] * 9, assessed_on=date(2023, 1, 1))
        newer = record(council, manager, [None, None, 4] + [None] * 6, assessed_on=date(2024, 1, 1))
        record(other_council, outsider, [1] * 9, assessed_on=date(2025, 1, 1))
        framework = current_framework()
        with django_assert_num_queries(1):
            scores = latest_scores(council, framework)
            by_name = {score.quality_statement.name: (score.score, score.result) for score in scores.values()}
        assert set(scores) == {s.pk for s in statements()}
        assert by_name["Equity in experience and outcomes"] == (4, newer)
        assert by_name["Assessing needs"] == (2, older)
        assert all(isinstance(key, int) for key in scores)

    def test_the_later_of_two_on_the_same_date_wins_and_retired_statements_count(self, council, manager):
        retired = QualityStatement.objects.get(
            theme__framework__is_current=True, retired=True, name="Workforce equality, diversity and inclusion"
        )
        first = record(council, manager, [2] * 9)
        second = record(council, manager, [3] * 9)
        StatementScore.objects.create(result=first, quality_statement=retired, score=1)
        scores = latest_scores(council, current_framework())
        assert scores[statement("Safeguarding").pk].result == second
        assert scores[retired.pk].score == 1

    def test_a_council_with_no_assessments_has_no_scores(self, council):
        assert latest_scores(council, current_framework()) == {}

    def test_the_councils_own_scores_leave_out_other_councils_and_theirs_are_asked_by_name(self, council, manager):
        own = record(council, manager, [3] * 9, assessed_on=date(2023, 5, 1))
        theirs = record(council, manager, [2] * 9, assessed_council="Gloucestershire County Council")
        framework = current_framework()
        assert {score.result for score in latest_scores(council, framework).values()} == {own}
        gloucestershire = latest_scores(council, framework, assessed="Gloucestershire County Council")
        assert {score.result for score in gloucestershire.values()} == {theirs}
        assert latest_scores(council, framework, assessed="Kent County Council") == {}


class TestExamples:
    @pytest.fixture
    def people(self, council, manager, viewer):
        return {Role.MANAGER: manager, Role.VIEWER: viewer}

    def test_it_records_the_two_examples_once(self, council, people):
        load_example_results(council, people)
        snapshot = list(CqcResult.objects.values()), list(StatementScore.objects.values())
        load_example_results(council, people)
        assert (list(CqcResult.objects.values()), list(StatementScore.objects.values())) == snapshot
        assert sorted(CqcResult.objects.values_list("title", flat=True)) == [
            "Example: Gloucestershire County Council, CQC local authority assessment",
            "Example: Hertfordshire County Council, CQC local authority assessment",
        ]

    def test_gloucestershire_is_50_percent_requires_improvement_and_hertfordshire_is_not_rated(self, council, people):
        load_example_results(council, people)
        gloucestershire = CqcResult.objects.get(title__contains="Gloucestershire")
        hertfordshire = CqcResult.objects.get(title__contains="Hertfordshire")
        result = gloucestershire.overall()
        assert (result.percentage, result.rating) == (50, "Requires improvement")
        assert hertfordshire.overall() is None
        assert hertfordshire.scores.get().quality_statement.name == "Equity in experience and outcomes"
        assert hertfordshire.scores.get().key_findings.startswith(
            "Understanding and reducing barriers to care and support and reducing inequalities\n\n"
        )
        for example in (gloucestershire, hertfordshire):
            assert example.council == council and example.created_by == people[Role.MANAGER]
            assert example.is_comparison and example.title.startswith(f"Example: {example.assessed_council},")
            assert example.summary.startswith(
                "This is an example for the demo: another council's published result, kept to compare with."
            )
            assert "stands in" in example.summary and "placeholder" not in example.title
        assert (gloucestershire.assessed_on, gloucestershire.published_on) == (date(2024, 10, 1), date(2025, 1, 31))
        assert (hertfordshire.assessed_on, hertfordshire.published_on) == (date(2024, 1, 1), date(2024, 5, 17))
        assert "People's experiences of assessment were mixed." in gloucestershire.summary

    def test_examples_recorded_before_results_said_whose_they_were_become_the_other_councils(self, council, people):
        load_example_results(council, people)
        CqcResult.objects.update(assessed_council="", published_on=None)
        load_example_results(council, people)
        assert sorted(CqcResult.objects.values_list("assessed_council", "published_on")) == [
            ("Gloucestershire County Council", date(2025, 1, 31)),
            ("Hertfordshire County Council", date(2024, 5, 17)),
        ]

    def test_the_examples_pages_show_them(self, client, council, people, viewer):
        load_example_results(council, people)
        client.force_login(viewer)
        words = text(client.get(LIST))
        assert "There are no results of your council's own yet." in words
        assert (
            "Gloucestershire County Council Example: Gloucestershire County Council, CQC local authority assessment "
            "1 October 2024 31 January 2025 50%: Requires improvement" in words
        )
        assert "17 May 2024 1 of 9 quality statements scored; the overall rating shows when all nine are in" in words
        hertfordshire = CqcResult.objects.get(title__contains="Hertfordshire")
        html = client.get(hertfordshire.get_absolute_url()).content.decode()
        assert html.count('<p class="govuk-body eqa-pre-line">') == 13 + 1  # 13 paragraphs of findings, 1 summary
