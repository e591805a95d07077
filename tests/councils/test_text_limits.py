"""Every text field has a limit a council would never reach, says it before and while typing (GOV.UK's character
count), and refuses beyond it with a message, keeping what was typed: nothing is ever cut, by the browser or the
server. Fields in error are marked as GOV.UK's components mark them."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from actionplans.models import Action, ActionPlan
from actionplans.models.plan import MAX_ACTIONS_PER_PLAN
from assessments.models import Assessment, ImpactRow
from councils.forms import TEXT_LIMIT
from councils.models import Role
from tests.factories import ActionFactory, ActionPlanFactory, status_word
from tests.lifecycle_helpers import person_with_role, ready_assessment
from tests.page_forms import form_data


class TextFields(HTMLParser):
    """Each one-line input and text area of a page: its attributes, and whether a character count message is
    there for it."""

    def __init__(self):
        super().__init__()
        self.fields, self.messages = [], {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # A date's boxes are numbers, checked as a date: not text with a limit.
        if tag == "textarea" or (
            tag == "input"
            and attrs.get("type", "text") in ("text", "search", "email")
            and "govuk-date-input__input" not in attrs.get("class", "")
        ):
            self.fields.append(attrs)
        if "govuk-character-count__message" in (attrs.get("class") or ""):
            self.messages[attrs.get("id")] = True


def text_fields(response):
    reader = TextFields()
    reader.feed(response.content.decode())
    return reader


@pytest.fixture
def records(council, service, author, manager):
    eia = ready_assessment(council, service, author)
    plan = ActionPlanFactory(council=council, created_by=manager)
    action = ActionFactory(plan=plan, ref="T1.1")
    return eia, plan, action


# Every form page where an officer types text, with who fills it in.
FORM_PAGES = {
    "start an EIA": ("author", lambda eia, plan, action: reverse("assessments:start")),
    "EIA details": ("author", lambda eia, plan, action: reverse("assessments:edit", args=[eia.pk])),
    "EIA impact grid": ("author", lambda eia, plan, action: reverse("assessments:grid", args=[eia.pk])),
    "EIA action": ("author", lambda eia, plan, action: reverse("assessments:action-add", args=[eia.pk])),
    "start a plan": ("manager", lambda eia, plan, action: reverse("actionplans:start")),
    "plan details": ("manager", lambda eia, plan, action: reverse("actionplans:edit", args=[plan.pk])),
    "plan action": ("manager", lambda eia, plan, action: reverse("actionplans:action-add", args=[plan.pk])),
    "status update": (
        "manager",
        lambda eia, plan, action: reverse("actionplans:action-update", args=[plan.pk, action.pk]),
    ),
    "CQC result": ("manager", lambda eia, plan, action: reverse("actionplans:cqc-start")),
    "add a person": (
        "council_admin",
        lambda eia, plan, action: reverse("councils:person-add", args=[eia.council.slug]),
    ),
    "add a service": (
        "council_admin",
        lambda eia, plan, action: reverse("councils:service-add", args=[eia.council.slug]),
    ),
    "give a group a role": (
        "council_admin",
        lambda eia, plan, action: reverse("councils:group-role-add", args=[eia.council.slug]),
    ),
    "add a grid row": (
        "council_admin",
        lambda eia, plan, action: reverse("assessments:settings-grid-row-add", args=[eia.council.slug]),
    ),
}


@pytest.mark.parametrize("page", list(FORM_PAGES))
def test_every_text_field_says_its_limit_and_none_cuts_a_paste(request, client, records, page):
    who, url_of = FORM_PAGES[page]
    client.force_login(request.getfixturevalue(who))
    response = client.get(url_of(*records))
    fields = text_fields(response)

    assert fields.fields, f"{page}: no text field found"
    for attrs in fields.fields:
        assert "maxlength" not in attrs, f"{page}: {attrs['name']} cuts what is pasted into it"
        assert f"{attrs['id']}-info" in fields.messages, f"{page}: {attrs['name']} does not say its limit"
        assert f"{attrs['id']}-info" in attrs.get("aria-describedby", "").split()


def test_a_title_one_character_too_long_is_refused_with_a_message_and_kept_whole(client, author, service):
    title = "Care at home " + "x" * 288
    client.force_login(author)
    response = client.post(
        reverse("assessments:start"), {"service": service.pk, "title": title, "subject_type": "service"}
    )
    assert response.context["errors"] == [("Enter a title of 300 characters or fewer", "id_title")]
    assert f'value="{title}"' in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_plan_title_too_long_is_refused_not_cut(client, manager, council):
    client.force_login(manager)
    response = client.post(
        reverse("actionplans:start"), {"council": council.pk, "title": "P" * 301, "source": "lga_peer_review"}
    )
    assert response.context["errors"] == [("Enter a title of 300 characters or fewer", "id_title")]
    assert not ActionPlan.objects.exists()


def test_a_text_box_holds_20000_characters_and_refuses_one_more(client, author, records):
    eia = records[0]
    client.force_login(author)
    url = reverse("assessments:edit", args=[eia.pk])
    page = form_data(client.get(url))

    refused = client.post(url, {**page, "aims": "a" * (TEXT_LIMIT + 1)})
    assert refused.context["errors"] == [("Enter the aims of 20,000 characters or fewer", "id_aims")]
    assert client.post(url, {**page, "aims": "a" * TEXT_LIMIT}).status_code == 302
    assert len(Assessment.objects.get(pk=eia.pk).aims) == TEXT_LIMIT


def test_a_grid_cell_beyond_the_limit_is_refused_and_names_its_row(client, author, records):
    eia = records[0]
    client.force_login(author)
    url = reverse("assessments:grid", args=[eia.pk])
    response = client.post(url, form_data(client.get(url), **{"rows-0-positive": "p" * (TEXT_LIMIT + 1)}))
    label = ImpactRow.objects.get(assessment=eia, position=1).label
    assert response.context["errors"] == [
        (f"Enter the positive impact for {label} of 20,000 characters or fewer", "id_rows-0-positive")
    ]


def test_an_action_plan_text_box_beyond_the_limit_is_refused(client, manager, records):
    _, plan, action = records
    client.force_login(manager)
    url = reverse("actionplans:action-edit", args=[plan.pk, action.pk])
    response = client.post(url, form_data(client.get(url), actions_taken="t" * (TEXT_LIMIT + 1)))
    assert response.context["errors"] == [("Enter the actions of 20,000 characters or fewer", "id_actions_taken")]
    assert Action.objects.get(pk=action.pk).actions_taken == action.actions_taken


def test_a_status_update_beyond_the_limit_is_refused(client, manager, records):
    _, plan, action = records
    client.force_login(manager)
    response = client.post(
        reverse("actionplans:action-update", args=[plan.pk, action.pk]),
        {"word": status_word(plan.council, "On track").pk, "note": "n" * (TEXT_LIMIT + 1)},
    )
    assert response.context["errors"] == [("Enter what has happened of 20,000 characters or fewer", "id_note")]
    assert not action.updates.exists()


def test_a_plan_takes_250_actions_and_the_add_action_form_refuses_the_251st(client, manager, records):
    _, plan, action = records
    Action.objects.bulk_create(
        Action(
            plan=plan,
            ref=f"T9.{n}",
            ref_key=f"T9.{n:04}",
            area_of_focus="Carers",
            quality_statement=action.quality_statement,
            theme_id=action.theme_id,
            status_word=action.status_word,
        )
        for n in range(1, MAX_ACTIONS_PER_PLAN)
    )
    client.force_login(manager)
    url = reverse("actionplans:action-add", args=[plan.pk])
    response = client.post(
        url,
        form_data(
            client.get(url),
            ref="T1.2",
            area_of_focus="One too many",
            quality_statement=str(action.quality_statement_id),
        ),
    )
    assert [message for message, _ in response.context["errors"]] == [
        (
            "This plan has 250 actions, the most a plan can have. Start a new plan for the rest, or remove an action "
            "you no longer need"
        )
    ]
    assert plan.actions.count() == MAX_ACTIONS_PER_PLAN


# Fields in error -----------------------------------------------------------------------------------------------


def classes_of(html, element_id):
    tag = re.search(rf'<(?:input|select|textarea)[^>]*\bid="{element_id}"[^>]*>', html).group(0)
    return re.search(r'class="([^"]*)"', tag).group(1).split()


def test_a_service_not_chosen_has_the_select_error_border(client, author, service):
    client.force_login(author)
    html = client.post(reverse("assessments:start"), {"title": "Care", "subject_type": "service"}).content.decode()
    assert "govuk-select--error" in classes_of(html, "id_service")


def test_a_password_not_given_has_the_error_border(client, council):
    person_with_role(council, Role.AUTHOR, "pat")
    html = client.post(reverse("sign-in"), {"username": "pat", "password": ""}).content.decode()
    assert "govuk-input--error" in classes_of(html, "id_password")


@pytest.mark.parametrize(("day", "month", "year"), [("1", "", "2020"), ("", "3", "2020"), ("1", "3", "20")])
def test_one_wrong_part_of_a_date_marks_all_three(client, manager, council, day, month, year):
    client.force_login(manager)
    html = client.post(
        reverse("actionplans:start"),
        {
            "council": council.pk,
            "title": "Peer review",
            "source": "lga_peer_review",
            "source_date_0": day,
            "source_date_1": month,
            "source_date_2": year,
        },
    ).content.decode()
    for part in range(3):
        assert "govuk-input--error" in classes_of(html, f"id_source_date_{part}")
