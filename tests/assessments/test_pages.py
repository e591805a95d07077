"""Starting an EIA, its page, its details and its action plan."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.characteristics import DEFAULT_CHARACTERISTICS
from assessments.models import Assessment, AssessmentAction, Characteristic, ImpactRow, Status
from assessments.review import add_months
from councils.models import Role
from tests.factories import AssessmentActionFactory, CouncilFactory, MembershipFactory, ServiceFactory


def fill(assessment, position, **cells):
    ImpactRow.objects.filter(assessment=assessment, position=position).update(**cells)


class TestStart:
    url = reverse("assessments:start")

    def test_it_starts_a_draft_with_the_councils_grid(self, client, author, service):
        client.force_login(author)
        response = client.post(
            self.url, {"service": service.pk, "title": "Day opportunities", "subject_type": "service"}
        )
        assessment = Assessment.objects.get()
        assert response["Location"] == assessment.get_absolute_url()
        assert (assessment.status, assessment.council, assessment.created_by) == (Status.DRAFT, service.council, author)
        assert [row.label for row in assessment.rows.all()] == [label for label, _, _ in DEFAULT_CHARACTERISTICS]

    def test_it_says_what_is_missing_and_keeps_what_was_typed(self, client, author, service):
        client.force_login(author)
        response = client.post(self.url, {"service": service.pk, "title": "", "subject_type": "budget_decision"})
        assert response.context["errors"] == [("Enter a title for the assessment", "id_title")]
        assert (
            'value="budget_decision"\n    \n      checked' in response.content.decode()
            or response.context["form"]["subject_type"].value() == "budget_decision"
        )
        assert not Assessment.objects.exists()

    def test_a_person_of_two_councils_is_offered_each_service_with_its_council(
        self, client, author, service, other_council
    ):
        MembershipFactory(user=author, council=other_council, role=Role.AUTHOR)
        ServiceFactory(council=other_council, name="Adult Social Care")
        client.force_login(author)
        options = [label for _, label in client.get(self.url).context["form"].fields["service"].choices][1:]
        assert options == [
            "Another Borough Council: Adult Social Care",
            "Cheshire West and Chester Council: Adult Social Care",
            "Cheshire West and Chester Council: Adult Social Care > Strategic Commissioning",
        ]

    def test_a_person_of_one_council_is_offered_its_services_by_name(self, client, author, service):
        client.force_login(author)
        options = [label for _, label in client.get(self.url).context["form"].fields["service"].choices][1:]
        assert options == ["Adult Social Care", "Adult Social Care > Strategic Commissioning"]

    def test_it_refuses_a_person_who_is_not_an_author(self, client, viewer, service):
        client.force_login(viewer)
        assert client.get(self.url).status_code == 403


class TestDetail:
    def url(self, assessment):
        return reverse("assessments:detail", args=[assessment.pk])

    def test_it_shows_the_worst_level_and_the_review_date_it_gives(self, client, viewer, assessment):
        fill(assessment, 1, negative="Few services for young adults.", negative_level="low")
        fill(assessment, 2, negative="Steps at the front door.", negative_level="medium")
        client.force_login(viewer)
        page = client.get(self.url(assessment)).content.decode()
        expected = add_months(timezone.localdate(), 24)
        assert "Medium impact: review within two years of sign-off" in page
        assert f"{expected:%-d %B %Y} if it were signed off today" in page

    def test_it_uses_the_councils_own_review_periods(self, client, viewer, assessment, council):
        council.review_months_high = 6
        council.save()
        fill(assessment, 2, negative="Steps at the front door.", negative_level="high")
        client.force_login(viewer)
        page = client.get(self.url(assessment)).content.decode()
        assert "High impact: review within 6 months of sign-off" in page

    def test_it_says_which_statutory_characteristics_the_grid_leaves_out(
        self, client, viewer, council, service, author
    ):
        Characteristic.objects.filter(
            council=council, label__in=["Marriage and civil partnership", "Pregnancy and maternity"]
        ).update(is_active=False)
        from tests.factories import AssessmentFactory

        assessment = AssessmentFactory(council=council, service=service, created_by=author)
        client.force_login(viewer)
        page = client.get(self.url(assessment)).content.decode()
        assert "does not cover marriage and civil partnership or pregnancy and maternity, which the Equality" in page

    def test_the_warning_names_only_what_has_no_reason_yet(self, client, viewer, council, service, author):
        Characteristic.objects.filter(
            council=council, label__in=["Marriage and civil partnership", "Pregnancy and maternity"]
        ).update(is_active=False)
        from tests.factories import AssessmentFactory

        assessment = AssessmentFactory(council=council, service=service, created_by=author)
        client.force_login(viewer)
        missing = assessment.uncovered_characteristics()
        assessment.uncovered_reasons = {missing[0].value: "Nobody using the service is married."}
        assessment.save(update_fields=["uncovered_reasons"])
        page = client.get(self.url(assessment)).content.decode()
        assert f"does not cover {missing[1].label.lower()}, which the Equality" in page
        assessment.uncovered_reasons[missing[1].value] = "It is a service for people over 65."
        assessment.save(update_fields=["uncovered_reasons"])
        page = client.get(self.url(assessment)).content.decode()
        assert "does not cover" not in page and "It is a service for people over 65." in page

    def test_it_says_nothing_is_left_out_when_the_grid_covers_all_nine(self, client, viewer, assessment):
        client.force_login(viewer)
        assert "does not cover" not in client.get(self.url(assessment)).content.decode()

    def test_it_keeps_the_grid_as_it_was_when_the_councils_list_changes(self, client, viewer, assessment, council):
        Characteristic.objects.filter(council=council, label="Carers").update(label="Unpaid carers")
        Characteristic.objects.create(council=council, position=99, label="Veterans")
        client.force_login(viewer)
        labels = [row.label for row in client.get(self.url(assessment)).context["rows"]]
        assert "Carers" in labels
        assert "Unpaid carers" not in labels and "Veterans" not in labels

    def test_it_hides_the_change_links_from_a_viewer(self, client, viewer, assessment):
        client.force_login(viewer)
        page = client.get(self.url(assessment)).content.decode()
        assert reverse("assessments:grid", args=[assessment.pk]) not in page

    def test_it_makes_the_same_number_of_queries_for_1_and_20_actions(
        self, client, viewer, assessment, django_assert_max_num_queries
    ):
        AssessmentActionFactory(assessment=assessment).mitigates.set(assessment.rows.all()[:2])
        client.force_login(viewer)
        with django_assert_max_num_queries(15) as one:
            client.get(self.url(assessment))
        for _ in range(19):
            AssessmentActionFactory(assessment=assessment).mitigates.set(assessment.rows.all()[:3])
        with django_assert_max_num_queries(len(one.captured_queries)):
            client.get(self.url(assessment))


def test_a_new_council_starts_with_the_default_list(db):
    council = CouncilFactory()
    assert list(council.characteristics.values_list("label", flat=True)) == [
        label for label, _, _ in DEFAULT_CHARACTERISTICS
    ]
    assert {code for covers in council.characteristics.values_list("covers", flat=True) for code in covers} == {
        "age",
        "disability",
        "gender_reassignment",
        "marriage",
        "pregnancy",
        "race",
        "religion",
        "sex",
        "sexual_orientation",
    }


class TestDetails:
    def url(self, assessment):
        return reverse("assessments:edit", args=[assessment.pk])

    def data(self, assessment, **changes):
        assessment.refresh_from_db()
        return {
            "service": assessment.service_id,
            "title": assessment.title,
            "subject_type": "service",
            "aims": "",
            "service_users": "",
            "stakeholders": "",
            "lead_officer": "",
            "lead_officer_user": "",
            "commissioning_officers": "",
            "evidence": "",
            "engagement": "",
            "decision": "",
            "decision_reason": "",
            "head_of_service": "",
            "revision": assessment.revision,
            **changes,
        }

    def test_it_saves_every_header_section(self, client, author, assessment):
        client.force_login(author)
        client.post(
            self.url(assessment),
            self.data(
                assessment,
                aims="Keep people at home.",
                service_users="800 service users across three patches",
                lead_officer="Jamaila Tausif",
                lead_officer_user=author.pk,
                decision="adjust",
                head_of_service="Alistair Jeffs",
            ),
        )
        assessment.refresh_from_db()
        assert assessment.service_users == "800 service users across three patches"
        assert (assessment.decision, assessment.lead_officer_user, assessment.head_of_service) == (
            "adjust",
            author,
            "Alistair Jeffs",
        )
        assert assessment.last_edited_by == author

    def test_it_asks_why_when_continuing_despite_adverse_impact(self, client, author, assessment):
        client.force_login(author)
        response = client.post(self.url(assessment), self.data(assessment, decision="continue"))
        assert (
            "Explain why continuing despite the adverse impact is justified",
            "id_decision_reason",
        ) in response.context["errors"]

    def test_it_refuses_a_viewer(self, client, viewer, assessment):
        client.force_login(viewer)
        assert client.post(self.url(assessment), self.data(assessment, title="Changed")).status_code == 403
        assessment.refresh_from_db()
        assert assessment.title != "Changed"

    def test_it_refuses_changes_once_submitted(self, client, author, assessment):
        Assessment.objects.filter(pk=assessment.pk).update(status=Status.SUBMITTED)
        client.force_login(author)
        assert client.get(self.url(assessment)).status_code == 403


class TestActionPlan:
    @pytest.mark.parametrize(
        ("day", "month", "year", "message", "box"),
        [
            ("31", "2", "2024", "The review date must be a real date", 0),
            ("1", "1", "1066", "The review date must have a year between 1900 and 2200", 2),
            ("1", "1", "26", "The review date must include a year with 4 numbers", 2),
            ("1", "1", "99999", "The review date must include a year with 4 numbers", 2),
            ("14", "", "2014", "The review date must include a month", 1),
            ("a", "7", "2014", "The review date must be a real date, written in numbers", 0),
        ],
    )
    def test_it_explains_an_impossible_date_and_keeps_it(
        self, client, author, assessment, day, month, year, message, box
    ):
        client.force_login(author)
        response = client.post(
            reverse("assessments:action-add", args=[assessment.pk]),
            self.data(key_activity="Kept.", review_0=day, review_1=month, review_2=year),
        )
        assert response.context["errors"] == [(message, f"id_review_{box}")]
        assert f'value="{year}"' in response.content.decode()
        assert "Kept." in response.content.decode()

    def data(self, **changes):
        return {
            "action_required": "Geographical coverage",
            "key_activity": "Map current provision.",
            "priority": "low",
            "outcomes_required": "Coverage matches demand.",
            "officer_responsible": "Judith Culleton/Phil Green",
            "review_0": "",
            "review_1": "8",
            "review_2": "2014",
            "review_date_note": "",
            "review_in_past": "on",
            "revision": "0",
            **changes,
        }

    def test_it_shows_the_add_page(self, client, author, assessment):
        client.force_login(author)
        assert client.get(reverse("assessments:action-add", args=[assessment.pk])).status_code == 200

    def test_it_adds_an_action_with_every_column(self, client, author, assessment):
        row = assessment.rows.get(position=11)
        client.force_login(author)
        client.post(
            reverse("assessments:action-add", args=[assessment.pk]),
            self.data(review_date_note="and throughout contract monitoring meetings", mitigates=[row.pk]),
        )
        action = AssessmentAction.objects.get()
        assert (action.action_required, action.officer_responsible) == (
            "Geographical coverage",
            "Judith Culleton/Phil Green",
        )
        assert (action.review_date, action.review_date_precision) == (date(2014, 8, 1), "month")
        assert action.review_date_note == "and throughout contract monitoring meetings"
        assert list(action.mitigates.all()) == [row]

    def test_it_shows_a_month_review_date_as_a_month(self, client, author, assessment):
        client.force_login(author)
        client.post(
            reverse("assessments:action-add", args=[assessment.pk]),
            self.data(review_1="9", review_2="2015", review_date_note="and throughout contract monitoring"),
        )
        page = client.get(assessment.get_absolute_url()).content.decode()
        assert "September 2015 and throughout contract monitoring" in page

    def test_it_keeps_a_full_date_to_the_day(self, client, author, assessment):
        client.force_login(author)
        client.post(
            reverse("assessments:action-add", args=[assessment.pk]),
            self.data(review_0="27", review_1="3", review_2="2025"),
        )
        action = AssessmentAction.objects.get()
        assert (action.review_date, action.review_date_precision) == (date(2025, 3, 27), "day")

    def test_it_says_what_is_missing(self, client, author, assessment):
        client.force_login(author)
        response = client.post(
            reverse("assessments:action-add", args=[assessment.pk]), self.data(action_required="", priority="")
        )
        assert response.context["errors"] == [
            ("Enter the action required", "id_action_required"),
            ("Choose the priority of the action", "id_priority_1"),
        ]
        assert "Map current provision." in response.content.decode()

    def test_it_edits_an_action(self, client, author, assessment):
        action = AssessmentActionFactory(
            assessment=assessment, review_date=date(2015, 7, 1), review_date_precision="month"
        )
        client.force_login(author)
        form = client.get(reverse("assessments:action-edit", args=[assessment.pk, action.pk])).context["form"]
        assert form["review"].value() == ["", 7, 2015]
        client.post(
            reverse("assessments:action-edit", args=[assessment.pk, action.pk]),
            self.data(action_required="Joint specification development"),
        )
        action.refresh_from_db()
        assert action.action_required == "Joint specification development"

    def test_it_removes_an_action_only_on_post(self, client, author, assessment):
        action = AssessmentActionFactory(assessment=assessment)
        url = reverse("assessments:action-remove", args=[assessment.pk, action.pk])
        client.force_login(author)
        assert client.get(url).status_code == 200
        assert AssessmentAction.objects.filter(pk=action.pk).exists()
        client.post(url)
        assert not AssessmentAction.objects.filter(pk=action.pk).exists()

    def test_it_does_not_reach_an_action_through_another_assessment(self, client, author, assessment, council, service):
        from tests.factories import AssessmentFactory

        other = AssessmentFactory(council=council, service=service)
        action = AssessmentActionFactory(assessment=other)
        client.force_login(author)
        assert client.get(reverse("assessments:action-edit", args=[assessment.pk, action.pk])).status_code == 404

    def test_it_offers_only_this_assessments_rows_to_link(self, client, author, assessment, council, service):
        from tests.factories import AssessmentFactory

        other_row = AssessmentFactory(council=council, service=service).rows.first()
        client.force_login(author)
        response = client.post(
            reverse("assessments:action-add", args=[assessment.pk]), self.data(mitigates=[other_row.pk])
        )
        assert "mitigates" in response.context["form"].errors


def test_a_missing_month_links_to_the_month_box(client, author, assessment):
    client.force_login(author)
    response = client.post(
        reverse("assessments:action-add", args=[assessment.pk]),
        {
            "action_required": "Map coverage",
            "priority": "low",
            "review_0": "",
            "review_1": "",
            "review_2": "2015",
            "revision": "0",
        },
    )
    assert response.context["errors"] == [("The review date must include a month", "id_review_1")]
    assert response.context["errors"] and "<title>Error: " in response.content.decode()


@pytest.mark.parametrize(
    ("day", "month", "year"), [("1", "1", "²⁰²⁴"), ("1", "2", "9" * 5000), ("99999999999999999999", "3", "2024")]
)
def test_a_date_no_one_could_mean_is_an_error_not_a_crash(client, author, assessment, day, month, year):
    client.force_login(author)
    response = client.post(
        reverse("assessments:action-add", args=[assessment.pk]),
        {
            "action_required": "Map coverage",
            "priority": "low",
            "review_0": day,
            "review_1": month,
            "review_2": year,
            "revision": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["errors"]
