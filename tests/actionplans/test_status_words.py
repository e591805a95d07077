"""Council settings, status words: a council admin words the council's statuses, gives each a meaning and a
colour, orders, retires and offers them again; a word an action has had keeps its meaning; History keeps every
change; a new council starts with EqA's five words."""

import pytest
from django.urls import reverse

from actionplans.models import StatusWord
from actionplans.statuses import Colour, Meaning
from councils.models import Role
from tests.factories import ActionFactory, CouncilFactory, MembershipFactory, status_word
from tests.page_forms import form_data


def list_url(council):
    return reverse("actionplans:settings-status-words", args=[council.slug])


def add_url(council):
    return reverse("actionplans:settings-status-word-add", args=[council.slug])


def word_url(name, word):
    return reverse(f"actionplans:settings-status-word-{name}", args=[word.council.slug, word.pk])


def wordings(council):
    return list(StatusWord.objects.filter(council=council).in_order().values_list("word", flat=True))


def history(client, council):
    response = client.get(reverse("councils:settings-history", args=[council.slug]))
    return [change for entry in response.context["page"].object_list for change in entry.changes]


def said(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


AMBER = {"word": "Amber", "meaning": Meaning.AT_RISK, "colour": Colour.AMBER}


def test_the_list_shows_each_word_with_its_meaning_and_colour_in_order(client, council, council_admin):
    client.force_login(council_admin)
    response = client.get(list_url(council))
    assert [word.word for word in response.context["words"]] == [
        "To be started",
        "Started",
        "On track",
        "Off track",
        "Complete",
    ]
    page = " ".join(response.content.decode().split())
    assert (
        '<th scope="row" class="govuk-table__header">Off track</th> <td class="govuk-table__cell">Off track</td> '
        '<td class="govuk-table__cell"><span class="eqa-swatch eqa-swatch--red" aria-hidden="true"></span>Red</td>'
    ) in page


def test_the_council_settings_link_to_it(client, council, council_admin):
    client.force_login(council_admin)
    assert list_url(council) in client.get(council.get_absolute_url()).content.decode()


def test_it_adds_a_word_last_that_updates_then_offer(client, council, council_admin, plan, manager):
    client.force_login(council_admin)
    response = client.post(add_url(council), form_data(client.get(add_url(council)), **AMBER))
    amber = status_word(council, "Amber")
    assert response["Location"] == f"{list_url(council)}#word-{amber.pk}"
    assert (wordings(council)[-1], amber.meaning, amber.colour) == ("Amber", Meaning.AT_RISK, Colour.AMBER)
    client.force_login(manager)
    action = ActionFactory(plan=plan)
    page = client.get(reverse("actionplans:action-update", args=[plan.pk, action.pk])).content.decode()
    assert "</span>Amber</label>" in page


def test_sending_the_add_form_twice_adds_one_word(client, council, council_admin):
    client.force_login(council_admin)
    data = form_data(client.get(add_url(council)), **AMBER)
    client.post(add_url(council), data)
    again = client.post(add_url(council), data, follow=True)
    assert wordings(council).count("Amber") == 1
    assert "This was already saved. Here it is." in said(again)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({"word": ""}, ("Enter the status word", "id_word")),
        ({"word": "w" * 41}, ("Enter a word of 40 characters or fewer", "id_word")),
        (
            {"word": " off   TRACK "},
            ("The council already has the status word ‘Off track’. Choose another word, or change that one", "id_word"),
        ),
        ({"meaning": ""}, ("Choose what the word means", "id_meaning_1")),
        ({"colour": "yellow"}, ("Select a valid choice. yellow is not one of the available choices.", "id_colour_1")),
    ],
)
def test_it_refuses_a_word_it_cannot_keep_saying_what_to_do_and_keeps_what_was_typed(
    client, council, council_admin, typed, message
):
    client.force_login(council_admin)
    response = client.post(add_url(council), form_data(client.get(add_url(council)), **{**AMBER, **typed}))
    assert response.context["errors"] == [message]
    assert wordings(council) == ["To be started", "Started", "On track", "Off track", "Complete"]
    if typed.get("word"):
        assert typed["word"].strip() in response.content.decode()


def test_rewording_a_word_shows_the_new_wording_everywhere_and_history_keeps_the_old(
    client, council, council_admin, plan, manager
):
    action = ActionFactory(plan=plan, ref="T1.7")
    action.record_update(by=manager, word=status_word(council, "Off track"), note="Late.")
    client.force_login(council_admin)
    url = word_url("edit", status_word(council, "Off track"))
    response = client.post(url, form_data(client.get(url), word="Red"))
    assert response.status_code == 302
    client.force_login(manager)
    assert "<strong>Red</strong>" in client.get(action.get_absolute_url()).content.decode()
    client.force_login(council_admin)
    assert "Wording of a status word changed from ‘Off track’ to ‘Red’" in history(client, council)


def test_a_word_no_action_has_had_may_change_its_meaning_and_colour(client, council, council_admin):
    started = status_word(council, "Started")
    client.force_login(council_admin)
    url = word_url("edit", started)
    client.post(url, form_data(client.get(url), meaning=Meaning.AT_RISK, colour=Colour.AMBER))
    started.refresh_from_db()
    assert (started.meaning, started.colour) == (Meaning.AT_RISK, Colour.AMBER)
    assert {
        "Meaning of the status word ‘Started’ changed from ‘in progress, on track’ to ‘in progress, at risk’",
        "Colour of the status word ‘Started’ changed from ‘purple’ to ‘amber’",
    } <= set(history(client, council))


def test_a_word_an_action_has_had_keeps_its_meaning(client, council, council_admin, plan, manager):
    started = status_word(council, "Started")
    ActionFactory(plan=plan).record_update(by=manager, word=started, note="Begun.")
    client.force_login(council_admin)
    url = word_url("edit", started)
    page = client.get(url)
    assert 'name="meaning"' not in page.content.decode()
    assert "Actions have had this word, so it keeps its meaning, in progress, on track" in page.content.decode()
    refused = client.post(url, {**form_data(page), "meaning": Meaning.CLOSED, "colour": Colour.BLACK})
    assert refused.status_code == 200
    client.post(url, {**form_data(page), "colour": Colour.BLACK})
    started.refresh_from_db()
    assert (started.meaning, started.colour) == (Meaning.ON_TRACK, Colour.BLACK)


def test_a_word_that_an_action_takes_while_its_page_is_open_keeps_its_meaning(
    client, council, council_admin, plan, manager
):
    started = status_word(council, "Started")
    client.force_login(council_admin)
    url = word_url("edit", started)
    page = form_data(client.get(url), meaning=Meaning.CLOSED)
    ActionFactory(plan=plan).record_update(by=manager, word=started, note="Begun meanwhile.")
    response = client.post(url, page)
    assert response.context["errors"] == [
        (
            "An action has had this word since you opened this page, so it keeps its meaning. For another meaning, "
            "add another word",
            "id_word",
        )
    ]
    assert status_word(council, "Started").meaning == Meaning.ON_TRACK


def test_two_council_admins_changing_a_word_at_once_each_keep_what_they_typed(client, council, council_admin):
    other = MembershipFactory(council=council, role=Role.COUNCIL_ADMIN).user
    word = status_word(council, "Off track")
    url = word_url("edit", word)
    client.force_login(council_admin)
    mine = form_data(client.get(url), word="Red")
    theirs = form_data(client.get(url), colour=Colour.BLACK)
    client.force_login(other)
    assert client.post(url, theirs).status_code == 302
    client.force_login(council_admin)
    assert client.post(url, mine).status_code == 302
    word.refresh_from_db()
    assert (word.word, word.colour) == ("Red", Colour.BLACK)


def test_a_clash_shows_both_side_by_side_and_saves_nothing(client, council, council_admin):
    other = MembershipFactory(council=council, role=Role.COUNCIL_ADMIN).user
    url = word_url("edit", status_word(council, "Off track"))
    client.force_login(council_admin)
    mine = form_data(client.get(url), word="Red")
    theirs = form_data(client.get(url), word="Slipped")
    client.force_login(other)
    client.post(url, theirs)
    client.force_login(council_admin)
    response = client.post(url, mine)
    assert response.status_code == 200
    assert response.context["differences"] == [("Status word", "Red", "Slipped")]
    assert wordings(council)[3] == "Slipped"


def test_it_moves_a_word_up_the_order_updates_offer(client, council, council_admin):
    client.force_login(council_admin)
    response = client.post(word_url("move", status_word(council, "Off track")), {"direction": "up"}, follow=True)
    assert wordings(council) == ["To be started", "Started", "Off track", "On track", "Complete"]
    assert "The status word ‘Off track’ is moved up, to place 3 of 5." in said(response)


def test_it_retires_a_word_and_offers_it_again(client, council, council_admin, plan, manager):
    started = status_word(council, "Started")
    action = ActionFactory(plan=plan)
    action.record_update(by=manager, word=started, note="Begun.")
    client.force_login(council_admin)
    assert (
        "Are you sure you want to retire the status word ‘Started’?"
        in client.get(word_url("retire", started)).content.decode()
    )
    client.post(word_url("retire", started))
    assert StatusWord.objects.get(pk=started.pk).retired
    client.force_login(manager)
    update_page = client.get(reverse("actionplans:action-update", args=[plan.pk, action.pk])).content.decode()
    assert "</span>Started</label>" not in update_page
    assert "<strong>Started</strong>" in client.get(action.get_absolute_url()).content.decode()
    client.force_login(council_admin)
    client.post(list_url(council), {"restore": started.pk})
    assert not StatusWord.objects.get(pk=started.pk).retired
    assert {
        "Retired the status word ‘Started’: updates no longer offer it",
        "The status word ‘Started’ is offered again",
    } <= set(history(client, council))


def test_the_only_word_a_new_action_could_start_with_is_kept(client, council, council_admin):
    start = status_word(council, "To be started")
    client.force_login(council_admin)
    assert word_url("retire", start) not in client.get(list_url(council)).content.decode()
    response = client.post(word_url("retire", start), follow=True)
    assert said(response) == [
        "A new action starts with the council's first word that means not started, and this is its only one. Add "
        "another word that means not started before you retire this one."
    ]
    assert not StatusWord.objects.get(pk=start.pk).retired
    url = word_url("edit", start)
    refused = client.post(url, form_data(client.get(url), meaning=Meaning.ON_TRACK))
    assert [message for message, _ in refused.context["errors"]] == [
        "A new action starts with the council's first word that means not started, and this is its only one. Add "
        "another word that means not started before you change what this one means"
    ]


def test_with_another_word_for_not_started_it_may_go_and_new_actions_start_with_the_other(
    client, council, council_admin, plan
):
    StatusWord.objects.create(
        council=council, position=9, word="Not yet begun", meaning=Meaning.NOT_STARTED, colour=Colour.GREY
    )
    client.force_login(council_admin)
    client.post(word_url("retire", status_word(council, "To be started")))
    assert ActionFactory(plan=plan).status_word.word == "Not yet begun"


def test_a_new_council_starts_with_the_five_words_said_in_one_sentence(client, council, council_admin):
    client.force_login(council_admin)
    assert (
        "Added 5 status words: ‘To be started’ (not started; grey), ‘Started’ (in progress, on track; purple), "
        "‘On track’ (in progress, on track; green), ‘Off track’ (off track; red), ‘Complete’ (complete; blue)"
    ) in history(client, council)


def test_each_council_has_its_own_words(council, other_council):
    status_word(council, "Off track").delete()
    assert "Off track" in wordings(other_council)
    assert len(wordings(CouncilFactory())) == 5


def test_it_answers_404_for_another_councils_word_and_its_list(client, council_admin, other_council):
    theirs = status_word(other_council, "Off track")
    client.force_login(council_admin)
    for name in ("edit", "move", "retire"):
        assert client.post(word_url(name, theirs), {"direction": "up", "word": "Mine"}).status_code == 404
    assert client.get(list_url(other_council)).status_code == 404
    assert client.post(list_url(council_admin.memberships.get().council), {"restore": theirs.pk}).status_code == 404
    assert wordings(other_council)[3] == "Off track"


@pytest.mark.parametrize("role", [Role.MANAGER, Role.AUTHOR, Role.APPROVER, Role.VIEWER])
def test_only_a_council_admin_may_change_them(client, council, role):
    client.force_login(MembershipFactory(council=council, role=role).user)
    assert client.get(list_url(council)).status_code == 403
    assert client.post(add_url(council), AMBER).status_code == 403
    assert "Amber" not in wordings(council)


def test_moving_takes_only_a_post(client, council, council_admin):
    client.force_login(council_admin)
    assert client.get(word_url("move", status_word(council, "Started"))).status_code == 405
