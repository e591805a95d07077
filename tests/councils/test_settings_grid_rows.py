"""Council settings, the impact grid's rows: a council admin words, orders and retires the rows a new EIA's grid
starts with; an EIA already started keeps its own."""

import logging

from django.urls import reverse

from assessments.models import Characteristic
from tests.factories import AssessmentFactory


def rows_url(council):
    return reverse("assessments:settings-grid-rows", args=[council.slug])


def row_url(name, row):
    return reverse(f"assessments:settings-grid-row-{name}", args=[row.council.slug, row.pk])


def labels(council):
    return list(
        Characteristic.objects.filter(council=council).order_by("position", "id").values_list("label", flat=True)
    )


def test_it_adds_a_row_at_the_end_that_new_eias_have(client, council, council_admin, service, author):
    client.force_login(council_admin)
    response = client.post(
        reverse("assessments:settings-grid-row-add", args=[council.slug]),
        {"label": "Night workers", "guidance": "People who work at night.", "covers": []},
    )
    assert response["Location"] == rows_url(council)
    assert labels(council)[-1] == "Night workers"
    eia = AssessmentFactory(council=council, service=service, created_by=author)
    assert eia.rows.order_by("position").last().label == "Night workers"


def test_it_changes_a_row_and_what_it_covers(client, council, council_admin):
    row = council.characteristics.get(label="Age")
    client.force_login(council_admin)
    client.post(
        row_url("edit", row),
        {"label": "Age and generation", "guidance": "Young and old.", "covers": ["age"], "is_active": "True"},
    )
    row.refresh_from_db()
    assert (row.label, row.guidance, row.covers) == ("Age and generation", "Young and old.", ["age"])


def test_a_change_leaves_an_eia_already_started_alone(client, council, council_admin, assessment):
    row = council.characteristics.get(label="Age")
    client.force_login(council_admin)
    client.post(row_url("edit", row), {"label": "Renamed", "guidance": "", "covers": ["age"], "is_active": "True"})
    assert assessment.rows.filter(label="Age").exists()


def test_it_refuses_guidance_that_is_too_long_and_keeps_it(client, council, council_admin):
    client.force_login(council_admin)
    response = client.post(
        reverse("assessments:settings-grid-row-add", args=[council.slug]),
        {"label": "Night workers", "guidance": "g" * 2001},
    )
    assert response.context["errors"] == [("Enter guidance of 2,000 characters or fewer", "id_guidance")]
    assert "g" * 2001 in response.content.decode()
    assert "Night workers" not in labels(council)


def test_it_refuses_a_characteristic_the_act_does_not_name(client, council, council_admin):
    client.force_login(council_admin)
    response = client.post(
        reverse("assessments:settings-grid-row-add", args=[council.slug]),
        {"label": "Night workers", "covers": ["carers"]},
    )
    assert response.status_code == 200
    assert "Night workers" not in labels(council)


def test_it_moves_a_row_up(client, council, council_admin):
    before = labels(council)
    client.force_login(council_admin)
    response = client.post(
        row_url("move", council.characteristics.get(label=before[1])), {"direction": "up"}, follow=True
    )
    assert labels(council) == [before[1], before[0], *before[2:]]
    assert f"The row ‘{before[1]}’ is moved up, to place 1 of {len(before)}." in response.content.decode()


def test_it_moves_nothing_past_the_end(client, council, council_admin):
    before = labels(council)
    client.force_login(council_admin)
    response = client.post(
        row_url("move", council.characteristics.get(label=before[-1])), {"direction": "down"}, follow=True
    )
    assert labels(council) == before
    assert f"The row ‘{before[-1]}’ is already last, so it was not moved." in response.content.decode()


def test_it_removes_a_row_no_eia_has_used(client, council, council_admin):
    row = Characteristic.objects.create(council=council, label="Unused", position=99)
    client.force_login(council_admin)
    client.post(row_url("remove", row))
    assert not Characteristic.objects.filter(pk=row.pk).exists()


def test_it_retires_a_row_an_eia_has_used(client, council, council_admin, assessment, service, author):
    row = council.characteristics.get(label="Age")
    client.force_login(council_admin)
    assert "retire" in client.get(row_url("remove", row)).content.decode()
    client.post(row_url("remove", row))
    row.refresh_from_db()
    assert not row.is_active
    assert not AssessmentFactory(council=council, service=service, created_by=author).rows.filter(label="Age").exists()


def test_its_changes_are_in_the_council_settings_history(client, council, council_admin):
    row = council.characteristics.get(label="Age")
    client.force_login(council_admin)
    client.post(
        row_url("edit", row), {"label": "Age", "guidance": "", "covers": ["age", "disability"], "is_active": "False"}
    )
    response = client.get(reverse("councils:settings-history", args=[council.slug]))
    said = response.context["page"].object_list[0].changes
    assert said == [
        "Guidance of the grid row changed from ‘" + row.guidance + "’ to ‘(empty)’",
        "Characteristics the row ‘Age’ covers changed from ‘Age’ to ‘Age, Disability’",
        "Retired the row ‘Age’: new EIAs will not have it",
    ]


def test_it_answers_404_for_another_councils_row(client, council_admin, other_council):
    theirs = Characteristic.objects.create(council=other_council, label="Theirs", position=1)
    client.force_login(council_admin)
    for name in ("edit", "move", "remove"):
        assert client.post(row_url(name, theirs), {"direction": "up"}).status_code == 404
    assert Characteristic.objects.filter(pk=theirs.pk, label="Theirs").exists()


def test_it_refuses_an_author(client, council, author):
    client.force_login(author)
    assert (
        client.post(
            reverse("assessments:settings-grid-row-add", args=[council.slug]), {"label": "Night workers"}
        ).status_code
        == 403
    )
    assert "Night workers" not in labels(council)


def test_moving_takes_only_a_post(client, council, council_admin):
    client.force_login(council_admin)
    assert client.get(row_url("move", council.characteristics.first())).status_code == 405


def test_a_new_councils_grid_is_one_sentence_in_the_history(client, council, council_admin):
    client.force_login(council_admin)
    response = client.get(reverse("councils:settings-history", args=[council.slug]))
    said = [change for entry in response.context["page"].object_list for change in entry.changes]
    added = [change for change in said if "impact grid" in change]
    assert added == [
        "Added 14 rows to the council's impact grid: ‘Age’, ‘Disability’, ‘Gender reassignment’, "
        "‘Marriage and civil partnership’, ‘Pregnancy and maternity’, ‘Race’, ‘Religion or belief’, "
        "‘Sex’, ‘Sexual orientation’, ‘Carers’, ‘Rural communities’, ‘Areas of deprivation’, ‘Human "
        "rights’, ‘Health and wellbeing’"
    ]


def test_its_add_and_change_pages_lay_out_only_the_fields_they_have(client, council, council_admin, caplog):
    """Adding a row asks nothing of being retired, and changing one carries no one-time key: neither page's layout
    names the field its form does not have (crispy-forms logs an error for each it cannot find)."""
    client.force_login(council_admin)
    row = council.characteristics.get(label="Age")
    with caplog.at_level(logging.WARNING):
        add = client.get(reverse("assessments:settings-grid-row-add", args=[council.slug]))
        change = client.get(row_url("edit", row))
    assert "Is the row offered in new EIAs?" not in add.content.decode()
    assert "Is the row offered in new EIAs?" in change.content.decode()
    assert [record.getMessage() for record in caplog.records if "Could not resolve" in record.getMessage()] == []
