"""Statuses a hostile or unusual file or form sends: each is answered as a page, never a server error, and
nothing remembered spoils how later files are read."""

import pytest

from actionplans.models import ImportStatusValue
from tests.actionplans.test_import_statuses import CHOSEN, choose, fields_of, post_file, rag, word  # noqa: F401
from tests.page_forms import form_data


def row(number, status):
    return ["Assessing needs", str(number), f"Action {number}", status]


@pytest.mark.usefixtures("rag")
class TestForgedAndOddStatuses:
    def test_a_deeply_nested_revisions_field_is_read_as_none(self, client, manager, council, plan):
        client.force_login(manager)
        location = post_file(client, plan)["Location"]
        page = client.get(location)
        names = fields_of(page)
        data = form_data(
            page,
            **{names[text]: str(word(council, name).pk) for text, name in CHOSEN.items()},
            revisions="[" * 100_000 + "]" * 100_000,
        )
        assert client.post(location, data).status_code == 302
        assert ImportStatusValue.objects.count() == 4

    def test_a_status_of_100_characters_that_lengthen_in_lower_case_is_remembered(self, client, manager, council, plan):
        # "İ" lower-cased is two characters: the value is within the limit, its key is not.
        client.force_login(manager)
        location = post_file(client, plan, [row(1, "\u0130" * 100)])["Location"]
        page = client.get(location)
        [name] = fields_of(page).values()
        response = client.post(location, form_data(page, **{name: str(word(council, "Red").pk)}))
        assert response.status_code in (200, 302)

    def test_a_dash_chosen_as_a_status_leaves_repeated_statuses_read(self, client, manager, council, plan):
        client.force_login(manager)
        assert "/statuses/" not in post_file(client, plan, [row(1, "Green Green")])["Location"]
        location = post_file(client, plan, [row(1, "-")])["Location"]
        page = client.get(location)
        [name] = fields_of(page).values()
        client.post(location, form_data(page, **{name: str(word(council, "Not started").pk)}))
        assert ImportStatusValue.objects.count() == 1
        # The same file as before: its repeated status is still read, not asked.
        assert "/statuses/" not in post_file(client, plan, [row(1, "Green Green")])["Location"]

    def test_a_remembered_status_saved_with_a_revision_too_long_for_a_number_is_a_bad_request(
        self, client, manager, council, plan
    ):
        client.force_login(manager)
        choose(client, post_file(client, plan)["Location"], council)
        slipped = ImportStatusValue.objects.get(key="slipped")
        page = client.get(slipped.get_absolute_url())
        data = form_data(page, word=str(word(council, "Amber").pk), revision="9" * 5000)
        assert client.post(slipped.get_absolute_url(), data).status_code == 400
