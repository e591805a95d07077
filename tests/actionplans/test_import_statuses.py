"""The statuses a council's plan file writes in its own words ("Amber – On Track", "Slipped", "3"): every different
one shown with the council's status it becomes, filled in where the words match and asked where they do not,
remembered for the council so that next month's file asks nothing, listed in the preview and kept in History."""

import pytest
from django.urls import reverse

from actionplans import importer
from actionplans.history import plan_history
from actionplans.models import ImportStatusValue, PendingImport, PlanImport, StatusUpdate, StatusWord
from councils.models import Role
from councils.settings_history import council_settings_history
from tests.actionplans.importing import csv_bytes, upload
from tests.actionplans.plan_helpers import use_words
from tests.factories import ActionPlanFactory, MembershipFactory, UserFactory
from tests.page_forms import form_data

HEADERS = ["Quality statement", "Action ref", "Area of focus", "Status"]
ROWS = [
    ["Assessing needs", "1", "Waiting times", "Amber – On Track"],
    ["Safeguarding", "2", "Enquiry backlog", "Green – Complete"],
    ["Safeguarding", "3", "Training", "Slipped"],
    ["Assessing needs", "4", "Online self-assessment", "3"],
    ["Assessing needs", "5", "Carers' assessments", "Completed"],
    ["Assessing needs", "6", "Reablement", "Amber"],
    ["Safeguarding", "7", "Making safeguarding personal", "SLIPPED "],
]
# What the manager chooses for the statuses EqA cannot read.
CHOSEN = {"Amber – On Track": "Green", "Green – Complete": "Done", "Slipped": "Red", "3": "Amber"}


@pytest.fixture
def rag(council):
    return use_words(council)


def word(council, text):
    return StatusWord.objects.get(council=council, word=text)


def post_file(client, plan, rows=ROWS, name="tracker.csv"):
    return post_file_bytes(client, plan, csv_bytes([HEADERS, *rows]), name)


def post_file_bytes(client, plan, content, name):
    return client.post(reverse("actionplans:import", args=[plan.pk]), {"file": upload(content, name)})


def fields_of(page):
    """{the status as the file writes it: its field's name} of the statuses page."""
    form = page.context["form"]
    return {value.text: form.field_name(index) for index, value in enumerate(form.shown)}


def choose(client, location, council, chosen=CHOSEN, **kwargs):
    page = client.get(location)
    names = fields_of(page)
    choices = {names[text]: str(word(council, name).pk) for text, name in chosen.items()}
    return client.post(location, form_data(page, **choices, **kwargs))


def confirm(client, location):
    return client.post(location, {"fingerprint": client.get(location).context["fingerprint"]})


def errors(response):
    return [message for message, _ in response.context["errors"]]


@pytest.mark.usefixtures("rag")
class TestAFilesStatuses:
    def test_statuses_eqa_cannot_read_are_asked_before_the_preview(self, client, manager, plan):
        client.force_login(manager)
        response = post_file(client, plan)
        pending = PendingImport.objects.get()
        assert response["Location"] == reverse("actionplans:import-statuses", args=[plan.pk, pending.pk])
        assert plan.actions.count() == 0
        # The preview is not shown until they are chosen.
        preview = reverse("actionplans:import-preview", args=[plan.pk, pending.pk])
        assert client.get(preview)["Location"] == response["Location"]

    def test_every_status_is_shown_filled_in_where_the_words_match_and_asked_where_not(
        self, client, manager, council, plan
    ):
        client.force_login(manager)
        page = client.get(post_file(client, plan)["Location"])
        form = page.context["form"]
        shown = {value.text: (form[form.field_name(i)].initial, value.how) for i, value in enumerate(form.shown)}
        assert shown == {
            # Only suggested: the person says.
            "Amber – On Track": (word(council, "Amber").pk, "suggested"),
            "Green – Complete": (word(council, "Green").pk, "suggested"),
            "Slipped": ("", "asked"),  # and "SLIPPED " is the same status
            "3": ("", "asked"),
            "Completed": (word(council, "Done").pk, "matched"),
        }
        assert [value.text for value in page.context["own"]] == ["Amber"]
        assert form[fields_of(page)["Slipped"]].help_text == "Rows 4 and 8. Not one of the council&#x27;s words."
        assert form[fields_of(page)["Completed"]].help_text == "Row 6. EqA matched the words."
        assert form[fields_of(page)["Green – Complete"]].help_text == (
            "Row 3. It begins with the council&#x27;s word: check it."
        )
        html = page.content.decode()
        assert "What do the statuses in tracker.csv mean?" in html
        assert "Green (in progress, on track)" in html  # each word offered with its meaning

    def test_a_status_left_unchosen_is_asked_for_and_the_others_are_kept(self, client, manager, council, plan):
        client.force_login(manager)
        location = post_file(client, plan)["Location"]
        response = choose(client, location, council, {k: v for k, v in CHOSEN.items() if k != "Slipped"})
        assert response.status_code == 200
        assert errors(response) == ["Choose the council's status that ‘Slipped’ is"]
        form = response.context["form"]
        assert form[fields_of(response)["3"]].value() == str(word(council, "Amber").pk)
        assert ImportStatusValue.objects.count() == 0

    def test_chosen_they_are_remembered_for_the_council_and_listed_in_the_preview(self, client, manager, council, plan):
        client.force_login(manager)
        response = choose(client, post_file(client, plan)["Location"], council)
        pending = PendingImport.objects.get()
        assert response["Location"] == reverse("actionplans:import-preview", args=[plan.pk, pending.pk])
        remembered = {value.value: value.word.word for value in ImportStatusValue.objects.select_related("word")}
        assert remembered == CHOSEN  # "Completed", read as EqA matched it, needs no remembering
        assert {value.history.get().history_user for value in ImportStatusValue.objects.all()} == {manager}
        page = client.get(response["Location"])
        read = [(value.text, word_, value.how_label) for value, word_ in page.context["statuses_read"]]
        assert read == [
            ("Amber – On Track", "Green", "As you chose"),
            ("Green – Complete", "Done", "As you chose"),
            ("Slipped", "Red", "As you chose"),
            ("3", "Amber", "As you chose"),
            ("Completed", "Done", "As you chose"),
            ("Amber", "Amber", "The council's own word"),
        ]
        assert "‘Amber – On Track’" in page.content.decode()

    def test_confirmed_the_actions_have_the_statuses_and_history_says_how_each_was_read(
        self, client, manager, council, plan
    ):
        client.force_login(manager)
        confirm(client, choose(client, post_file(client, plan)["Location"], council)["Location"])
        got = {action.ref: action.status_word.word for action in plan.actions.select_related("status_word")}
        assert got == {"1": "Green", "2": "Done", "3": "Red", "4": "Amber", "5": "Done", "6": "Amber", "7": "Red"}
        assert PlanImport.objects.get().statuses[0] == ["Amber – On Track", "Green", "chosen"]
        said = [change for entry in plan_history(plan) for change in entry.changes]
        assert any(
            "read the statuses ‘Amber – On Track’ as Green, ‘Green – Complete’ as Done, ‘Slipped’ as Red, ‘3’ as "
            "Amber and ‘Completed’ as Done" in text
            for text in said
        ), said

    def test_next_months_file_with_the_same_statuses_asks_nothing(self, client, manager, council, plan):
        client.force_login(manager)
        confirm(client, choose(client, post_file(client, plan)["Location"], council)["Location"])
        april = [[*row[:3], {"Slipped": "Amber – On Track", "3": "Slipped"}.get(row[3], row[3])] for row in ROWS]
        response = post_file(client, plan, april)
        assert "/statuses/" not in response["Location"]
        page = client.get(response["Location"])
        hows = {value.text: value.how_label for value, _ in page.context["statuses_read"]}
        assert hows["Amber – On Track"] == "As chosen before"
        assert [planned.ref for planned in page.context["preview"].changed] == ["3", "4"]
        confirm(client, response["Location"])
        assert plan.actions.get(ref="4").status_word.word == "Red"

    def test_importing_the_same_file_again_changes_nothing(self, client, manager, council, plan):
        client.force_login(manager)
        confirm(client, choose(client, post_file(client, plan)["Location"], council)["Location"])
        page = client.get(post_file(client, plan)["Location"])
        assert (len(page.context["preview"].added), len(page.context["preview"].changed)) == (0, 0)

    @pytest.mark.parametrize("kind", ["csv", "xlsx"])
    def test_exporting_the_plan_and_importing_the_export_changes_nothing(self, client, manager, council, plan, kind):
        client.force_login(manager)
        confirm(client, choose(client, post_file(client, plan)["Location"], council)["Location"])
        before = (plan.actions.count(), StatusUpdate.objects.count(), PlanImport.objects.count())
        exported = client.get(reverse(f"actionplans:export-{kind}", args=[plan.pk])).getvalue()
        response = post_file_bytes(client, plan, exported, f"plan.{kind}")
        assert "/statuses/" not in response["Location"]  # the export writes the council's own words
        preview = client.get(response["Location"]).context["preview"]
        assert (preview.added, preview.changed) == ([], [])
        confirm(client, response["Location"])
        assert (plan.actions.count(), StatusUpdate.objects.count(), PlanImport.objects.count()) == before

    def test_a_colleague_is_asked_nothing_and_another_council_is_asked(
        self, client, manager, council, plan, other_council, outsider
    ):
        client.force_login(manager)
        choose(client, post_file(client, plan)["Location"], council)
        colleague = MembershipFactory(council=council, role=Role.AUTHOR, user=UserFactory(username="colleague")).user
        client.force_login(colleague)
        assert "/statuses/" not in post_file(client, plan)["Location"]
        use_words(other_council)
        theirs = ActionPlanFactory(council=other_council, created_by=outsider)
        client.force_login(outsider)
        assert "/statuses/" in post_file(client, theirs)["Location"]

    def test_the_council_settings_history_says_who_chose_what(self, client, manager, council, plan):
        client.force_login(manager)
        choose(client, post_file(client, plan)["Location"], council)
        said = [change for entry in council_settings_history(council) for change in entry.changes]
        assert "Chose that the status ‘Slipped’ in plan files is read as Red" in said

    def test_a_word_of_another_council_cannot_be_chosen(self, client, manager, council, plan, other_council):
        client.force_login(manager)
        location = post_file(client, plan)["Location"]
        theirs = StatusWord.objects.filter(council=other_council).first()
        page = client.get(location)
        response = client.post(location, form_data(page, **{fields_of(page)["Slipped"]: str(theirs.pk)}))
        assert "Choose the council's status that ‘Slipped’ is from the list" in errors(response)
        assert ImportStatusValue.objects.count() == 0

    def test_a_second_post_of_the_same_choices_makes_nothing_twice(self, client, manager, council, plan):
        client.force_login(manager)
        location = post_file(client, plan)["Location"]
        page = client.get(location)
        names = fields_of(page)
        data = form_data(page, **{names[text]: str(word(council, w).pk) for text, w in CHOSEN.items()})
        client.post(location, data)
        assert client.post(location, data).status_code == 302
        assert ImportStatusValue.objects.count() == 4


@pytest.mark.usefixtures("rag")
class TestTwoPeopleChoosing:
    def test_the_second_is_told_what_the_first_chose_and_keeps_their_own_choice(self, client, manager, council, plan):
        colleague = MembershipFactory(council=council, role=Role.MANAGER, user=UserFactory(username="colleague")).user
        client.force_login(manager)
        location = post_file(client, plan)["Location"]
        page = client.get(location)  # the manager opens the page, then the colleague chooses first
        client.force_login(colleague)
        choose(client, post_file(client, plan)["Location"], council)
        client.force_login(manager)
        names = fields_of(page)
        mine = {**CHOSEN, "Slipped": "Amber"}
        data = form_data(page, **{names[text]: str(word(council, w).pk) for text, w in mine.items()})
        response = client.post(location, data)
        assert errors(response) == [
            "Somebody else chose ‘Slipped’ as Red after this page was opened. Check the choice and save again"
        ]
        assert response.context["form"][names["Slipped"]].value() == str(word(council, "Amber").pk)
        assert ImportStatusValue.objects.get(key="slipped").word.word == "Red"
        again = client.post(location, form_data(response))
        assert again.status_code == 302
        assert ImportStatusValue.objects.get(key="slipped").word.word == "Amber"

    def test_a_person_who_chose_before_going_back_is_told_it_was_them(self, client, manager, council, plan):
        client.force_login(manager)
        location = post_file(client, plan)["Location"]
        page = client.get(location)
        choose(client, location, council)  # saved, then Back to the page as it was first opened
        names = fields_of(page)
        mine = {**CHOSEN, "Slipped": "Amber"}
        response = client.post(
            location, form_data(page, **{names[t]: str(word(council, w).pk) for t, w in mine.items()})
        )
        assert errors(response) == [
            "You chose ‘Slipped’ as Red after this page was opened. Check the choice and save again"
        ]


@pytest.mark.usefixtures("rag")
class TestBounds:
    def test_a_column_of_too_many_different_values_is_refused(self, client, manager, plan):
        client.force_login(manager)
        rows = [["Assessing needs", str(n), f"Action {n}", f"Status {n}"] for n in range(1, 42)]
        response = post_file(client, plan, rows)
        assert response.status_code == 200
        assert errors(response) == [
            "The column chosen as the status has 41 different values; EqA can read at most 40. Check that the "
            "right column is chosen as the status, or make the file write each status the same way."
        ]
        assert PendingImport.objects.count() == 0

    def test_a_status_too_long_to_be_one_is_refused(self, client, manager, plan):
        client.force_login(manager)
        response = post_file(client, plan, [["Assessing needs", "1", "Waiting", "x" * 101]])
        assert errors(response)[0] == (
            f"Row 2, Status: ‘{'x' * 40}…’ is too long for a status, which can have at "
            "most 100 characters. Check that the right column is chosen as the status."
        )

    def test_a_verified_word_chosen_for_a_new_action_is_refused_as_the_councils_own_is(
        self, client, manager, council, plan
    ):
        client.force_login(manager)
        response = choose(client, post_file(client, plan)["Location"], council, {**CHOSEN, "Slipped": "Blue"})
        assert response.status_code == 200
        assert any("verified" in message for message in errors(response))
        assert ImportStatusValue.objects.count() == 0


@pytest.mark.usefixtures("rag")
class TestTheRememberedStatuses:
    def remembered(self, client, manager, council, plan):
        client.force_login(manager)
        choose(client, post_file(client, plan)["Location"], council)
        return ImportStatusValue.objects.get(key="slipped")

    def test_they_are_listed_and_can_be_changed_with_history(self, client, manager, council, plan):
        slipped = self.remembered(client, manager, council, plan)
        listed = client.get(reverse("actionplans:import-mappings"))
        assert slipped.get_absolute_url() in listed.content.decode()
        page = client.get(slipped.get_absolute_url())
        response = client.post(slipped.get_absolute_url(), form_data(page, word=str(word(council, "Amber").pk)))
        assert response["Location"] == reverse("actionplans:import-mappings")
        slipped.refresh_from_db()
        assert slipped.word.word == "Amber"
        said = [change for entry in council_settings_history(council) for change in entry.changes]
        [changed] = [change for change in said if change.startswith("What the status ‘Slipped’ in plan files")]
        assert changed.endswith("changed from ‘Red’ to ‘Amber’"), changed

    def test_a_change_made_meanwhile_is_shown_not_overwritten(self, client, manager, council, plan):
        slipped = self.remembered(client, manager, council, plan)
        page = client.get(slipped.get_absolute_url())
        importer.rechoose_status(slipped, word=word(council, "Done"), by=manager, revision=slipped.revision)
        response = client.post(slipped.get_absolute_url(), form_data(page, word=str(word(council, "Amber").pk)))
        assert response.status_code == 200
        assert response.context["differences"]
        slipped.refresh_from_db()
        assert slipped.word.word == "Done"

    def test_another_councils_is_not_found_and_a_viewer_is_refused(
        self, client, manager, council, plan, outsider, viewer
    ):
        slipped = self.remembered(client, manager, council, plan)
        client.force_login(outsider)
        assert client.get(slipped.get_absolute_url()).status_code == 404
        client.force_login(viewer)
        assert client.get(slipped.get_absolute_url()).status_code == 403

    def test_the_pages_have_fixed_query_counts(self, client, manager, council, plan, django_assert_max_num_queries):
        self.remembered(client, manager, council, plan)
        location = post_file(client, plan, [[*row[:3], row[3] + " now"] for row in ROWS])["Location"]
        with django_assert_max_num_queries(14):
            assert client.get(location).status_code == 200
        with django_assert_max_num_queries(12):
            assert client.get(reverse("actionplans:import-mappings")).status_code == 200
