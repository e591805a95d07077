"""The council's remembered choices of what its plan files' columns are: the list, changing one, two people choosing
at once, and who may."""

from django.urls import reverse

from actionplans.models import ImportColumnMapping, PendingImport
from councils.models import Role
from councils.settings_history import council_settings_history
from tests.actionplans.importing import TRACKER_CHOICES, TRACKER_MARCH, upload
from tests.factories import MembershipFactory, UserFactory
from tests.page_forms import form_data
from tests.security.matrix_records import column_mapping

HEADINGS = "‘Rec No, Quality standard, Recommendation, Evidence’"


def sentences(council):
    return [sentence for entry in council_settings_history(council) for sentence in entry.changes]


class TestTheList:
    def test_it_shows_each_remembered_choice_of_the_persons_councils(self, client, manager, council, other_council):
        column_mapping(council, manager)
        column_mapping(other_council, manager, headings=("Theirs", "Action ref", "Area of focus"))
        client.force_login(manager)
        page = client.get(reverse("actionplans:import-mappings"))
        assert [mapping.council for mapping, _ in page.context["mappings"]] == [council]
        assert page.context["mappings"][0][1] == [
            ("Rec No", "Action ref"),
            ("Quality standard", "Quality statement"),
            ("Recommendation", "Area of focus"),
            ("Evidence", "Kept as an extra field"),
        ]

    def test_with_none_it_says_when_they_are_kept(self, client, author):
        client.force_login(author)
        html = client.get(reverse("actionplans:import-mappings")).content.decode()
        assert "No choices of columns are remembered yet" in html
        assert "No statuses are remembered yet" in html

    def test_a_council_admin_may_see_it_and_finds_it_in_the_council_settings(self, client, council_admin, council):
        client.force_login(council_admin)
        assert client.get(reverse("actionplans:import-mappings")).status_code == 200
        settings = client.get(reverse("councils:settings", args=[council.slug])).content.decode()
        assert reverse("actionplans:import-mappings") in settings

    def test_a_viewer_is_refused(self, client, viewer):
        client.force_login(viewer)
        assert client.get(reverse("actionplans:import-mappings")).status_code == 403

    def test_the_upload_page_links_to_it(self, client, manager, plan):
        client.force_login(manager)
        html = client.get(reverse("actionplans:import", args=[plan.pk])).content.decode()
        assert reverse("actionplans:import-mappings") in html


class TestChangingOne:
    def test_it_is_saved_and_in_the_council_settings_history(self, client, manager, council):
        mapping = column_mapping(council, manager)
        client.force_login(manager)
        page = client.get(mapping.get_absolute_url())
        response = client.post(mapping.get_absolute_url(), form_data(page, column_3="ignore"))
        assert response["Location"] == reverse("actionplans:import-mappings")
        mapping.refresh_from_db()
        assert (mapping.choices[3], mapping.revision) == ("ignore", 2)
        assert (
            f"What the column ‘Evidence’ of plan files headed {HEADINGS} is changed from ‘Kept as an extra field’ to "
            f"‘Left out’"
        ) in sentences(council)

    def test_the_next_file_of_that_shape_is_read_the_new_way(self, client, manager, plan):
        client.force_login(manager)
        location = client.post(
            reverse("actionplans:import", args=[plan.pk]), {"file": upload(TRACKER_MARCH.read_bytes(), "march.csv")}
        )["Location"]
        client.post(location, form_data(client.get(location), **TRACKER_CHOICES))
        mapping = ImportColumnMapping.objects.get()
        client.post(mapping.get_absolute_url(), form_data(client.get(mapping.get_absolute_url()), column_7="ignore"))
        again = client.post(
            reverse("actionplans:import", args=[plan.pk]), {"file": upload(TRACKER_MARCH.read_bytes(), "march.csv")}
        )
        assert ("Evidence", "Left out") in client.get(again["Location"]).context["columns"]

    def test_sent_back_unchanged_it_saves_nothing(self, client, manager, council):
        mapping = column_mapping(council, manager)
        client.force_login(manager)
        response = client.post(mapping.get_absolute_url(), form_data(client.get(mapping.get_absolute_url())))
        assert response["Location"] == reverse("actionplans:import-mappings")
        assert (ImportColumnMapping.history.count(), ImportColumnMapping.objects.get().revision) == (1, 1)

    def test_a_forged_choice_is_refused(self, client, manager, council):
        mapping = column_mapping(council, manager)
        client.force_login(manager)
        page = client.get(mapping.get_absolute_url())
        response = client.post(mapping.get_absolute_url(), form_data(page, column_0="<script>"))
        assert [message for message, _ in response.context["errors"]] == [
            "Choose what column A (‘Rec No’) is from the list"
        ]

    def test_another_council_gets_404_and_a_viewer_403(self, client, manager, council, viewer, outsider):
        mapping = column_mapping(council, manager)
        client.force_login(outsider)
        assert client.get(mapping.get_absolute_url()).status_code == 404
        client.force_login(viewer)
        assert client.get(mapping.get_absolute_url()).status_code == 403


class TestTwoPeopleAtOnce:
    def opened_then_changed(self, client, manager, author, council):
        """The page the author opened, and the choices changed by the manager since: Evidence left out."""
        mapping = column_mapping(council, manager)
        client.force_login(author)
        page = client.get(mapping.get_absolute_url())
        ImportColumnMapping.objects.filter(pk=mapping.pk).update(
            choices=["ref", "quality_statement", "area_of_focus", "ignore"], revision=2
        )
        return mapping, page

    def test_the_second_is_shown_what_clashes_and_loses_nothing(self, client, manager, author, council):
        mapping, page = self.opened_then_changed(client, manager, author, council)
        response = client.post(mapping.get_absolute_url(), form_data(page, column_3="success_measures"))
        assert response.status_code == 200
        assert response.context["differences"] == [
            ("Evidence", "How we will know it has worked", "Ignore: leave it out")
        ]
        assert response.context["form"]["column_3"].value() == "success_measures"
        assert ImportColumnMapping.objects.get().choices[3] == "ignore"

    def test_what_does_not_clash_merges(self, client, manager, author, council):
        mapping, page = self.opened_then_changed(client, manager, author, council)
        client.post(mapping.get_absolute_url(), form_data(page, column_1="area_of_focus", column_2="quality_statement"))
        assert ImportColumnMapping.objects.get().choices == ["ref", "area_of_focus", "quality_statement", "ignore"]

    def test_choosing_an_uploads_columns_after_a_colleague_chose_them_shows_what_clashes(
        self, client, manager, council, plan
    ):
        client.force_login(manager)
        location = client.post(
            reverse("actionplans:import", args=[plan.pk]), {"file": upload(TRACKER_MARCH.read_bytes(), "march.csv")}
        )["Location"]
        page = client.get(location)
        colleague = MembershipFactory(council=council, role=Role.MANAGER, user=UserFactory(username="colleague")).user
        client.force_login(colleague)
        theirs = client.post(
            reverse("actionplans:import", args=[plan.pk]), {"file": upload(TRACKER_MARCH.read_bytes(), "march.csv")}
        )["Location"]
        client.post(theirs, form_data(client.get(theirs), **{**TRACKER_CHOICES, "column_8": "ignore"}))
        client.force_login(manager)
        response = client.post(location, form_data(page, **TRACKER_CHOICES))
        assert response.status_code == 200
        assert response.context["differences"] == [("Assurance", "Keep as an extra field", "Ignore: leave it out")]
        assert ImportColumnMapping.objects.get().choices[8] == "ignore"
        assert PendingImport.objects.get(created_by=manager).choices is None
