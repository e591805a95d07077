"""The demo loads two councils set up differently: Cheshire West and Chester's EIA word for word, and Kent's
screening-first setup with a screened-out screening; loading it again changes nothing."""

from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from assessments.characteristics import ProtectedCharacteristic, default_characteristics
from assessments.models import (
    Assessment,
    AssessmentAction,
    Characteristic,
    DatePrecision,
    ImpactRow,
    Question,
    Screening,
    ScreeningStatus,
    StandardField,
)
from assessments.models.questions import asked_fields
from councils.models import Council, Membership, Nation, Role, ScreeningUse, Service

TITLE = "Joint commissioning of care at home services (domiciliary care)"

SEED_LABELS = [
    "Race and ethnicity",
    "Disability",
    "Gender/gender reassignment",
    "Religion and belief",
    "Sexual orientation",
    "Age",
    "Carers/those with caring responsibility",
    "Rural communities",
    "Areas of deprivation",
    "Human Rights",
    "Health and Wellbeing",
    "Staff retention (providers)",
    "Procurement/partnership",
]


def counts():
    models = [
        Council,
        Service,
        get_user_model(),
        Membership,
        Assessment,
        ImpactRow,
        AssessmentAction,
        Characteristic,
        StandardField,
        Question,
        Screening,
    ]
    return {model.__name__: model.objects.count() for model in models}


def load_quietly():
    call_command("load_demo", stdout=StringIO())


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # The demo sets six passwords per load; the real hasher would make these tests slow for no gain.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def assessment(db):
    load_quietly()
    load_quietly()
    return Assessment.objects.get(title=TITLE)


def row(assessment, label):
    return assessment.rows.get(label=label)


@pytest.mark.django_db
def test_it_changes_nothing_when_loaded_twice():
    load_quietly()
    first = counts()
    load_quietly()
    assert counts() == first
    assert first["Council"] == 2
    assert first["Assessment"] == 1
    assert first["ImpactRow"] == 13
    assert first["Screening"] == 1


@pytest.mark.django_db
def test_it_keeps_the_same_characteristic_rows_when_loaded_twice():
    load_quietly()
    first = list(Characteristic.objects.values_list("id", flat=True))
    load_quietly()
    assert list(Characteristic.objects.values_list("id", flat=True)) == first


@pytest.mark.django_db
def test_it_gives_the_eia_the_seeds_13_rows_in_order(assessment):
    assert [r.label for r in assessment.rows.all()] == SEED_LABELS
    assert [c.label for c in assessment.council.characteristics.all()] == SEED_LABELS


@pytest.mark.django_db
def test_it_splits_the_seeds_parentheses_into_guidance(assessment):
    assert row(assessment, "Race and ethnicity").guidance == (
        "Including Gypsies and Travellers; migrant workers, asylum seekers etc."
    )
    assert row(assessment, "Disability").guidance == ""


@pytest.mark.django_db
def test_it_keeps_the_race_positive_cell_word_for_word(assessment):
    assert row(assessment, "Race and ethnicity").positive == (
        "The care at home service is considered to have a positive effect on race, as one to one service is "
        "provided to everyone, despite language or cultural barriers. The council requires all its contractors to "
        "comply with its policies on equality and diversity. Services personalised with a support plan that "
        "details people’s individual needs."
    )


@pytest.mark.django_db
def test_it_keeps_the_staff_retention_negative_cell_word_for_word(assessment):
    staff = row(assessment, "Staff retention (providers)")
    assert staff.negative == (
        "This will be addressed in our contract monitoring and provider visits to ensure staff employed by "
        "providers have the appropriate skills and training to provide good care and that care managers are able "
        "to ensure that recruitment processes are robust to ensure consistency and retention of care workers to "
        "alleviate any concerns for service users, carers and families. Work has been successfully completed in "
        "the current service provision to address this issue. Some issues with the availability of male carers. "
        "This is to be addressed as part of the specification. (Low impact)"
    )
    assert staff.negative_level == "low"


@pytest.mark.django_db
def test_it_joins_the_carers_cells_the_page_break_split(assessment):
    carers = row(assessment, "Carers/those with caring responsibility")
    assert carers.positive == (
        "The service provision is perceived as additional resource for carers to enable them to have support with "
        "their caring responsibilities. Enables carers and service users to stay in their homes longer and assists "
        "carers to care for their families and friends providing independence, choice and control for service "
        "users in their own homes."
    )
    assert "This will give confidence to service users" in carers.negative


@pytest.mark.django_db
def test_it_leaves_procurements_low_impact_in_its_positive_cell(assessment):
    procurement = row(assessment, "Procurement/partnership")
    assert procurement.positive.endswith("buy in from the successful providers. (Low impact)")
    assert (procurement.negative, procurement.negative_level) == ("", "")


@pytest.mark.django_db
def test_it_rates_every_negative_cell_low(assessment):
    levels = {r.label: r.negative_level for r in assessment.rows.all() if r.negative}
    assert len(levels) == 7
    assert set(levels.values()) == {"low"}


@pytest.mark.django_db
def test_it_loads_the_four_actions_with_their_officers(assessment):
    assert [a.officer_responsible for a in assessment.actions.all()] == [
        "Jamaila Tausif/Colin Ashcroft",
        "Judith Culleton/Phil Green",
        "Judith Culleton/Dave Thomas",
        "Judith Culleton/Phil Green",
    ]


@pytest.mark.django_db
def test_it_stores_the_review_months_with_month_precision(assessment):
    actions = list(assessment.actions.all())
    assert [a.review_date for a in actions] == [date(2015, 7, 1), date(2014, 8, 1), date(2015, 9, 1), date(2014, 8, 1)]
    assert {a.review_date_precision for a in actions} == {DatePrecision.MONTH}
    assert actions[2].review_date_note == "and throughout contract monitoring meetings"


@pytest.mark.django_db
def test_it_joins_action_ones_split_key_activity(assessment):
    first = assessment.actions.first()
    assert first.key_activity.startswith(
        "Write into specification equality and diversity policy training for staff being employed to provide "
        "care. Request for providers "
    )
    assert [r.label for r in first.mitigates.all()] == ["Staff retention (providers)"]


@pytest.mark.django_db
def test_it_links_geographical_coverage_to_rural_communities(assessment):
    geography = assessment.actions.get(action_required="Geographical coverage")
    assert [r.label for r in geography.mitigates.all()] == ["Rural communities"]


@pytest.mark.django_db
def test_it_fills_the_sign_off_block(assessment):
    assert (assessment.lead_officer, assessment.head_of_service) == ("Jamaila Tausif", "Alistair Jeffs")
    assert assessment.commissioning_officers == "Judith Culleton, Phil Green"
    assert assessment.moderation_body == "Strategic Commissioning Directorate Equality Group"


@pytest.mark.django_db
def test_its_draft_claims_no_moderation_date_before_it_is_signed_off(client, assessment):
    # The paper's equality group met in July 2014; in EqA a draft is moderated only once it is signed off, so a
    # date carried over would stand in the signed-off PDF as a moderation before the sign-off.
    client.force_login(assessment.created_by)
    page = " ".join(client.get(assessment.get_absolute_url()).content.decode().split())
    assert assessment.moderation_date is None
    assert "14 July 2014" not in page


@pytest.mark.django_db
def test_it_files_the_eia_under_strategic_commissioning(assessment):
    assert assessment.service.path == "Adult Social Care > Strategic Commissioning"
    assert assessment.created_by.username == "demo-author"


@pytest.mark.django_db
def test_it_warns_that_marriage_and_pregnancy_are_uncovered(assessment):
    assert [c.label for c in assessment.uncovered_characteristics()] == [
        "Marriage and civil partnership",
        "Pregnancy and maternity",
    ]
    assert ProtectedCharacteristic.SEX in row(assessment, "Gender/gender reassignment").covers


@pytest.mark.django_db
def test_it_loads_seed_001s_action_plan_once_through_the_importer():
    from actionplans.models import Action, ActionPlan, CqcResult, Milestone, StatusUpdate

    call_command("load_demo", stdout=StringIO())
    counts = [model.objects.count() for model in (ActionPlan, Action, Milestone, StatusUpdate, CqcResult)]
    call_command("load_demo", stdout=StringIO())
    assert [model.objects.count() for model in (ActionPlan, Action, Milestone, StatusUpdate, CqcResult)] == counts
    assert Action.objects.filter(plan__council__slug="cheshire-west-and-chester").count() == 29
    t1_7 = Action.objects.get(ref="T1.7")
    assert (t1_7.status, t1_7.status_word.word) == ("on_track", "Started")


@pytest.mark.django_db
def test_it_records_the_cqc_results_of_seeds_000_and_003_as_other_councils_to_compare_with():
    from actionplans.models import CqcResult

    call_command("load_demo", stdout=StringIO())
    gloucestershire = CqcResult.objects.get(title__contains="Gloucestershire")
    assert gloucestershire.overall().percentage == 50
    assert gloucestershire.overall().rating == "Requires improvement"
    hertfordshire = CqcResult.objects.get(title__contains="Hertfordshire")
    assert (hertfordshire.overall(), hertfordshire.scored()) == (None, 1)
    assert [(result.council.slug, result.assessed_council) for result in (gloucestershire, hertfordshire)] == [
        ("cheshire-west-and-chester", "Gloucestershire County Council"),
        ("cheshire-west-and-chester", "Hertfordshire County Council"),
    ]
    assert all(result.published_on > result.assessed_on for result in (gloucestershire, hertfordshire))


@pytest.fixture
def kent(db):
    load_quietly()
    load_quietly()
    return Council.objects.get(slug="kent")


@pytest.mark.django_db
def test_the_demo_has_two_councils_set_up_differently(kent):
    cheshire = Council.objects.get(slug="cheshire-west-and-chester")
    assert kent.name == "Kent County Council"
    assert (cheshire.screening_use, kent.screening_use) == (ScreeningUse.NOT_USED, ScreeningUse.ALWAYS)
    assert (cheshire.reference_pattern, kent.reference_pattern) == ("EIA-{year}-{n:03}", "ASC/{n}")
    assert (asked_fields(cheshire), cheshire.questions.count()) == ({}, 0)


@pytest.mark.django_db
def test_every_demo_account_has_the_same_role_in_both_councils(kent):
    for council in Council.objects.all():
        roles = dict(Membership.objects.filter(council=council).values_list("user__username", "role"))
        assert roles == {
            "demo-author": Role.AUTHOR,
            "demo-manager": Role.MANAGER,
            "demo-approver": Role.APPROVER,
            "demo-moderator": Role.MODERATOR,
            "demo-viewer": Role.VIEWER,
            "demo-admin": Role.COUNCIL_ADMIN,
        }


@pytest.mark.django_db
def test_kent_files_work_under_older_people_and_physical_disability(kent):
    assert [s.path for s in Service.objects.filter(council=kent)] == [
        "Adult Social Services",
        "Adult Social Services > Older People and Physical Disability",
    ]


@pytest.mark.django_db
def test_kent_asks_the_directorate_and_the_meeting_and_two_questions_of_its_own(kent):
    assert asked_fields(kent) == {"directorate": True, "meeting_name": False}
    assert [(q.place, q.kind, q.text, q.required) for q in kent.questions.all()] == [
        ("details", "long", "Which Kent Adult Social Services priority does this support?", True),
        ("screening", "yes_no", "Has the proposal been discussed with the Equalities Team?", False),
    ]


@pytest.mark.django_db
def test_kents_grid_is_the_default_for_england(kent):
    assert kent.nation == Nation.ENGLAND
    rows = [(c.label, c.guidance, list(c.covers)) for c in kent.characteristics.filter(is_active=True)]
    assert rows == [
        (label, guidance, [str(code) for code in covers])
        for label, guidance, covers in default_characteristics(Nation.ENGLAND)
    ]


@pytest.mark.django_db
def test_kents_plan_is_made_against_cqcs_five_key_questions_with_must_do_and_should_do_actions(kent):
    from actionplans.models import ActionPlan

    plan = ActionPlan.objects.get(council=kent)
    assert plan.framework.name == "CQC's five key questions for health and care providers"
    actions = list(plan.actions.order_by("ref_key").values_list("ref", "theme__name", "priority"))
    assert actions[0] == ("1", "Safe", "must_do") and actions[-1] == ("5", "Well-led", "must_do")
    assert {priority for _, _, priority in actions} == {"must_do", "should_do"}
    assert all(action.target_date for action in plan.actions.all())


@pytest.mark.django_db
def test_kents_screening_is_screened_out_by_the_demo_approver_with_its_pdf_and_review_date(kent):
    screening = Screening.objects.get(council=kent)
    assert screening.reference == "ASC/1"
    assert screening.status == ScreeningStatus.APPROVED
    assert screening.approved_by.username == "demo-approver"
    assert screening.created_by.username == "demo-author"
    assert screening.review_due is not None
    assert {a.answer for a in screening.answers.all()} == {"no"}
    assert screening.issued_pdf.file


def test_kent_says_red_amber_green_and_blue_in_its_own_order(kent):
    from actionplans.models import StatusWord

    assert [
        (word.word, word.meaning, word.colour, word.retired)
        for word in StatusWord.objects.filter(council=kent).in_order()
    ] == [
        ("Not started", "not_started", "grey", False),
        ("Red", "off_track", "red", False),
        ("Amber", "at_risk", "amber", False),
        ("Green", "on_track", "green", False),
        ("Awaiting verification", "complete", "purple", False),
        ("Blue", "verified", "blue", False),
    ]


def test_kents_plan_shows_each_word_and_one_action_verified_by_a_second_person(kent):
    from actionplans.models import ActionPlan
    from actionplans.pdf import render_plan_pdf
    from tests.pdf_text import pdf_text

    plan = ActionPlan.objects.get(council=kent)
    assert dict(plan.actions.values_list("ref", "status_word__word")) == {
        "1": "Green",
        "2": "Amber",
        "3": "Red",
        "4": "Not started",
        "5": "Blue",
    }
    verified = plan.actions.get(ref="5")
    verification = verified.verification()
    assert (verification.by.username, verification.previous_word.word) == ("demo-author", "Awaiting verification")
    assert verification.evidence.startswith("The medicines audits of February and March 2025")
    assert verified.updates.get(word__word="Awaiting verification").by.username == "demo-manager"
    assert "Verified by Demo Author on" in pdf_text(render_plan_pdf(plan))
