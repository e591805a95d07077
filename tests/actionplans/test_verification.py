"""Verifying an action: a word that means complete and verified needs the action complete, somebody other than
whoever recorded it complete and other than its lead officers, and the evidence they saw. The rule is the model's
(Action.verification_refusal); record_update fails loudly without it, and the update form says what to do."""

import pytest
from django.urls import reverse

from actionplans.models import Action, StatusUpdate
from actionplans.statuses import Colour, Meaning
from councils.lifecycle import TransitionRefused
from councils.models import Role
from tests.actionplans.importing import checked, one_action
from tests.actionplans.plan_helpers import use_words
from tests.factories import ActionFactory, MembershipFactory, UserFactory, status_word

EVIDENCE = "The board's minutes of March 2024, with the report attached."


@pytest.fixture
def words(plan):
    """Red, Amber, Green, Done (complete) and Blue (complete and verified)."""
    use_words(plan.council)
    return {word: status_word(plan.council, word) for word in ["Not started", "Red", "Amber", "Green", "Done", "Blue"]}


def member(council, role, first_name, last_name):
    user = UserFactory(username=f"{first_name}-{last_name}".lower(), first_name=first_name, last_name=last_name)
    MembershipFactory(council=council, role=role, user=user)
    return user


@pytest.fixture
def lead(council):
    """A manager who is the action's lead officer."""
    return member(council, Role.MANAGER, "Lee", "Lead")


@pytest.fixture
def verifier(council):
    return member(council, Role.AUTHOR, "Vic", "Verifier")


@pytest.fixture
def action(plan, words, manager):
    """T1.7, led by Lee Lead, recorded complete by the manager."""
    action = ActionFactory(plan=plan, ref="T1.7", lead_officers="Head of Commissioning\nLEE  lead (interim)")
    action.record_update(by=manager, word=words["Done"], note="The framework is in place.")
    return Action.objects.get(pk=action.pk)


def verify(action, by, words, evidence=EVIDENCE):
    return action.record_update(by=by, word=words["Blue"], note="Checked.", evidence=evidence)


class TestTheRule:
    def test_a_second_person_verifies_a_complete_action_with_the_evidence_they_saw(self, action, words, verifier):
        update = verify(action, verifier, words)
        saved = Action.objects.get(pk=action.pk)
        assert (saved.status, saved.status_word, update.evidence, update.by) == (
            Meaning.VERIFIED,
            words["Blue"],
            EVIDENCE,
            verifier,
        )
        assert saved.verification() == update

    def test_whoever_recorded_it_complete_may_not_verify_it(self, action, words, manager):
        assert action.verification_refusal(word=words["Blue"], by=manager, evidence=EVIDENCE) == (
            "word",
            "You recorded this action as complete, so somebody else must verify it. Ask a colleague who was not "
            "involved to check the evidence and record the verification",
        )
        with pytest.raises(TransitionRefused, match="You recorded this action as complete"):
            verify(action, manager, words)
        assert Action.objects.get(pk=action.pk).status == Meaning.COMPLETE

    def test_a_lead_officer_may_not_verify_it_whatever_the_case_and_spacing_of_their_name(self, action, words, lead):
        refused = action.verification_refusal(word=words["Blue"], by=lead, evidence=EVIDENCE)
        assert refused == (
            "word",
            "You are a lead officer of this action, so somebody else must verify it. Ask a colleague who is not one "
            "of its lead officers to check the evidence and record the verification",
        )
        with pytest.raises(TransitionRefused):
            verify(action, lead, words)

    def test_a_name_that_only_begins_like_a_lead_officers_is_not_one(self, action, words, council):
        lee = member(council, Role.AUTHOR, "Lee", "Le")
        assert action.verification_refusal(word=words["Blue"], by=lee, evidence=EVIDENCE) is None

    def test_it_needs_the_evidence(self, action, words, verifier):
        assert action.verification_refusal(word=words["Blue"], by=verifier, evidence="  ") == (
            "evidence",
            "Say what evidence you saw that the action is complete, for example the report or the minutes you checked",
        )
        with pytest.raises(TransitionRefused, match="Say what evidence you saw"):
            verify(action, verifier, words, evidence="")

    def test_only_a_complete_action_can_be_verified(self, plan, words, verifier, manager):
        going = ActionFactory(plan=plan, ref="T2.1")
        going.record_update(by=manager, word=words["Green"], note="Going well.")
        with pytest.raises(TransitionRefused, match="T2.1 is not complete yet, so it cannot be verified"):
            verify(Action.objects.get(pk=going.pk), verifier, words)
        assert not StatusUpdate.objects.filter(action=going, word=words["Blue"]).exists()

    def test_the_completer_is_whoever_made_it_complete_not_a_later_note(self, action, words, manager, verifier, lead):
        action.record_update(by=verifier, word=words["Done"], note="Report filed.")
        assert action.verification_refusal(word=words["Blue"], by=verifier, evidence=EVIDENCE) is None
        with pytest.raises(TransitionRefused):
            verify(Action.objects.get(pk=action.pk), manager, words)

    def test_an_action_verified_already_stays_so_without_a_second_check(self, action, words, verifier, manager):
        verify(action, verifier, words)
        again = Action.objects.get(pk=action.pk).record_update(by=manager, word=words["Blue"], note="Still so.")
        assert (again.evidence, Action.objects.get(pk=action.pk).verification().by) == ("", verifier)

    def test_a_word_of_another_council_or_evidence_without_verifying_fails_loudly(
        self, action, words, verifier, other_council
    ):
        with pytest.raises(ValueError):
            action.record_update(by=verifier, word=other_council.status_words.first(), note="Wrong council.")
        with pytest.raises(ValueError):
            action.record_update(by=verifier, word=words["Red"], note="Late.", evidence="Nothing to verify.")

    def test_a_retired_word_is_refused(self, action, words, verifier):
        words["Red"].retired = True
        words["Red"].save()
        with pytest.raises(TransitionRefused, match="The council no longer uses the status ‘Red’"):
            action.record_update(by=verifier, word=words["Red"], note="Late.")


def update_url(action):
    return reverse("actionplans:action-update", args=[action.plan_id, action.pk])


def errors(response):
    return response.context["errors"]


class TestTheUpdateForm:
    def test_it_offers_the_councils_words_in_order_each_with_its_colour_and_meaning(self, client, action, manager):
        action.plan.council.status_words.filter(word="Amber").update(retired=True)
        client.force_login(manager)
        page = client.get(update_url(action)).content.decode()
        offered = page[page.index("What is its status now?") : page.index("What has happened since")]
        assert [offered.index(f"</span>{word}</label>") for word in ["Not started", "Red", "Green", "Done", "Blue"]]
        assert "Amber" not in offered
        assert '<span class="eqa-swatch eqa-swatch--red" aria-hidden="true"></span>Red</label>' in offered
        assert "In progress, on track" in offered and "Complete and verified: checked by somebody" in offered

    def test_it_reveals_the_evidence_box_under_the_word_that_needs_it(self, client, action, words, manager):
        client.force_login(manager)
        page = client.get(update_url(action)).content.decode()
        blue = page.index(f'value="{words["Blue"].pk}"')
        radio = page[page.rindex("<input", 0, blue) : page.index(">", blue)]
        assert 'aria-controls="conditional-word-6"' in radio
        conditional = page[page.index('id="conditional-word-6"') : page.index("</fieldset>")]
        assert 'name="evidence"' in conditional and 'name="word"' not in conditional

    def test_a_council_with_no_word_for_verified_is_not_asked_for_evidence(self, client, plan, manager):
        action = ActionFactory(plan=plan)
        client.force_login(manager)
        assert 'name="evidence"' not in client.get(update_url(action)).content.decode()

    def test_a_second_person_verifies_it_and_the_action_page_says_by_whom_and_what_they_saw(
        self, client, action, words, verifier
    ):
        client.force_login(verifier)
        response = client.post(
            update_url(action), {"word": words["Blue"].pk, "note": "Checked the minutes.", "evidence": EVIDENCE}
        )
        assert response.status_code == 302
        page = " ".join(client.get(action.get_absolute_url()).content.decode().split())
        assert "Blue</strong> (complete and verified)" in page
        assert "Verified by Vic Verifier on" in page and EVIDENCE.replace("'", "&#x27;") in page

    def test_the_completer_is_told_to_ask_somebody_else_and_keeps_what_they_typed(self, client, action, words, manager):
        client.force_login(manager)
        response = client.post(
            update_url(action), {"word": words["Blue"].pk, "note": "Checked it myself.", "evidence": EVIDENCE}
        )
        assert errors(response) == [
            (
                "You recorded this action as complete, so somebody else must verify it. Ask a colleague who was not "
                "involved to check the evidence and record the verification",
                "id_word_1",
            )
        ]
        assert "Checked it myself." in response.content.decode()
        assert not StatusUpdate.objects.filter(word=words["Blue"]).exists()

    def test_without_evidence_it_asks_for_it_at_the_box(self, client, action, words, verifier):
        client.force_login(verifier)
        response = client.post(update_url(action), {"word": words["Blue"].pk, "note": "Checked.", "evidence": ""})
        assert errors(response) == [
            (
                "Say what evidence you saw that the action is complete, for example the report or the minutes you "
                "checked",
                "id_evidence",
            )
        ]

    def test_evidence_is_bounded(self, client, action, words, verifier):
        client.force_login(verifier)
        response = client.post(
            update_url(action), {"word": words["Blue"].pk, "note": "Checked.", "evidence": "e" * 2001}
        )
        assert errors(response) == [("Enter the evidence you saw of 2,000 characters or fewer", "id_evidence")]

    def test_evidence_typed_beside_another_word_is_not_kept(self, client, action, words, manager):
        client.force_login(manager)
        client.post(update_url(action), {"word": words["Red"].pk, "note": "Slipped.", "evidence": "Typed first"})
        assert StatusUpdate.objects.get(note="Slipped.").evidence == ""

    def test_a_word_not_offered_is_refused(self, client, action, words, verifier):
        words["Red"].retired = True
        words["Red"].save()
        client.force_login(verifier)
        response = client.post(update_url(action), {"word": words["Red"].pk, "note": "Late."})
        assert errors(response) == [
            ("Choose one of the statuses listed: the council no longer uses the one you chose", "id_word_1")
        ]


def test_the_default_words_have_no_word_for_verified_and_say_their_meanings(plan):
    assert [(w.word, w.meaning, w.colour) for w in plan.council.status_words.in_order()] == [
        ("To be started", Meaning.NOT_STARTED, Colour.GREY),
        ("Started", Meaning.ON_TRACK, Colour.PURPLE),
        ("On track", Meaning.ON_TRACK, Colour.GREEN),
        ("Off track", Meaning.OFF_TRACK, Colour.RED),
        ("Complete", Meaning.COMPLETE, Colour.BLUE),
    ]


class TestAnImportAfterwards:
    """Last month's file, still saying the action is complete, is imported after somebody verified it."""

    def test_a_file_saying_complete_leaves_the_verification(self, plan, action, words, verifier):
        verify(action, verifier, words)
        preview = checked(plan, one_action(**{"Action ref": "T1.7", "Status": "Done"}))
        [planned] = preview.changed + preview.unchanged
        assert (preview.errors, planned.status) == ([], None)
        assert "Status" not in [change.label for change in planned.changes]

    def test_a_file_saying_it_is_off_track_again_is_a_change(self, plan, action, words, verifier):
        verify(action, verifier, words)
        preview = checked(plan, one_action(**{"Action ref": "T1.7", "Status": "Red"}))
        [planned] = preview.changed
        assert planned.status == words["Red"]
        assert "Status" in [change.label for change in planned.changes]
