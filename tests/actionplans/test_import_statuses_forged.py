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

    def test_a_status_of_100_characters_that_lengthen_in_lower_case_is_refused_as_too_long(self, client, manager, plan):
        # "İ" lower-cased is two characters: the value is within the limit, the key it is remembered by is not.
        client.force_login(manager)
        response = post_file(client, plan, [row(1, "\u0130" * 100)])
        assert response.status_code == 200
        assert "is too long for a status, which can have at most 100 characters" in response.content.decode()
        assert ImportStatusValue.objects.count() == 0

    def test_a_status_of_only_a_dash_is_no_status_and_is_not_asked_about(self, client, manager, council, plan):
        client.force_login(manager)
        response = post_file(client, plan, [row(1, "-"), row(2, "Green Green")])
        assert "/statuses/" not in response["Location"]
        preview = client.get(response["Location"]).context["preview"]
        assert [planned.word.word for planned in preview.added] == ["Not started", "Green"]
        assert ImportStatusValue.objects.count() == 0

    def test_a_remembered_status_saved_with_a_revision_too_long_for_a_number_is_a_bad_request(
        self, client, manager, council, plan
    ):
        client.force_login(manager)
        choose(client, post_file(client, plan)["Location"], council)
        slipped = ImportStatusValue.objects.get(key="slipped")
        page = client.get(slipped.get_absolute_url())
        data = form_data(page, word=str(word(council, "Amber").pk), revision="9" * 5000)
        assert client.post(slipped.get_absolute_url(), data).status_code == 400
