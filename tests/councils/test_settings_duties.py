"""Council settings, equality duties: a council admin says which nation the council is in; its grid rows stay, and
the page offers a row for each of the new nation's duties the grid does not cover."""

from django.urls import reverse

from councils.models import Nation
from tests.factories import MembershipFactory


def url(council):
    return reverse("assessments:settings-duties", args=[council.slug])


def add_rows_url(council):
    return reverse("assessments:settings-duties-add-rows", args=[council.slug])


def test_the_settings_index_links_to_the_equality_duties(client, council, council_admin):
    client.force_login(council_admin)
    page = client.get(council.get_absolute_url()).content.decode()
    assert f'href="{url(council)}"' in page
    assert "whose equality duties decide what an EIA" in page


def test_it_offers_each_nation_with_the_duties_it_names(client, council, council_admin):
    client.force_login(council_admin)
    page = client.get(url(council)).content.decode()
    assert "Northern Ireland Act 1998" in page
    assert "Fairer Scotland Duty" in page
    assert "Welsh Language (Wales) Measure 2011" in page


def test_it_saves_the_nation_and_keeps_the_councils_grid_rows(client, council, council_admin):
    labels = list(council.characteristics.values_list("label", flat=True))
    client.force_login(council_admin)
    response = client.post(url(council), {"nation": Nation.WALES})
    assert response["Location"] == url(council)
    council.refresh_from_db()
    assert council.nation == Nation.WALES
    assert list(council.characteristics.values_list("label", flat=True)) == labels


def test_it_then_says_which_of_the_new_nations_duties_no_row_covers(client, council, council_admin):
    client.force_login(council_admin)
    client.post(url(council), {"nation": Nation.WALES})
    response = client.get(url(council))
    assert [item.label for item in response.context["uncovered"]] == ["Socio-economic disadvantage", "Welsh language"]
    assert "Add a row for each to the impact grid" in response.content.decode()


def test_the_duties_of_a_nation_with_several_ask_and_englands_one_asks(client, council, council_admin):
    client.force_login(council_admin)
    assert "(Equality Act 2010, s.149) asks an EIA to consider" in client.get(url(council)).content.decode()
    client.post(url(council), {"nation": Nation.WALES})
    page = " ".join(client.get(url(council)).content.decode().split())
    assert "the Welsh language standards (Welsh Language (Wales) Measure 2011) ask an EIA to consider" in page


def test_an_english_council_with_the_default_grid_is_told_nothing_is_missing(client, council, council_admin):
    client.force_login(council_admin)
    response = client.get(url(council))
    assert response.context["uncovered"] == []
    assert "Add a row for each" not in response.content.decode()


def test_one_press_adds_a_row_for_each_duty_no_row_covers_and_a_second_adds_none(client, council, council_admin):
    client.force_login(council_admin)
    client.post(url(council), {"nation": Nation.NORTHERN_IRELAND})
    before = council.characteristics.count()
    client.post(add_rows_url(council))
    client.post(add_rows_url(council))
    added = list(council.characteristics.order_by("position")[before:].values_list("label", "covers"))
    assert added == [
        ("Religious belief", ["religious_belief"]),
        ("Political opinion", ["political_opinion"]),
        ("Racial group", ["racial_group"]),
        ("Marital status", ["marital_status"]),
        ("Men and women generally", ["men_and_women"]),
        ("Persons with dependants and persons without", ["dependants"]),
        ("Good relations", ["good_relations"]),
        ("Disability duties", ["disability_duties"]),
    ]
    assert client.get(url(council)).context["uncovered"] == []


def test_the_change_and_the_rows_added_are_in_the_councils_history(client, council, council_admin):
    client.force_login(council_admin)
    client.post(url(council), {"nation": Nation.SCOTLAND})
    client.post(add_rows_url(council))
    page = client.get(reverse("councils:settings-history", args=[council.slug])).content.decode()
    assert "Nation" in page and "England" in page and "Scotland" in page
    assert "Added the row ‘Socio-economic disadvantage’ to the council&#x27;s impact grid" in page


def test_it_asks_for_a_nation(client, council, council_admin):
    client.force_login(council_admin)
    response = client.post(url(council), {"nation": ""})
    assert response.context["errors"] == [("Choose the nation the council is in", "id_nation_1")]


def test_it_refuses_anyone_but_the_council_admin(client, council, author):
    client.force_login(author)
    assert client.post(url(council), {"nation": Nation.WALES}).status_code == 403
    assert client.post(add_rows_url(council)).status_code == 403
    council.refresh_from_db()
    assert council.nation == Nation.ENGLAND


def test_it_answers_404_for_another_council(client, council_admin, other_council):
    client.force_login(council_admin)
    assert client.post(url(other_council), {"nation": Nation.WALES}).status_code == 404
    assert client.post(add_rows_url(other_council)).status_code == 404


def test_adding_rows_is_only_by_post(client, council, council_admin):
    client.force_login(council_admin)
    assert client.get(add_rows_url(council)).status_code == 405


def test_a_viewer_is_refused_too(client, council):
    client.force_login(MembershipFactory(council=council, role="viewer").user)
    assert client.get(url(council)).status_code == 403
