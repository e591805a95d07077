"""What the equality duties of each nation ask an EIA's grid to consider: the coverage check and the grid a new
council of that nation starts with."""

from assessments.characteristics import (
    DEFAULT_CHARACTERISTICS,
    ProtectedCharacteristic,
    covers_text,
    default_characteristics,
    duties,
    uncovered,
)
from councils.models import Nation

NINE = [c.value for c in ProtectedCharacteristic]


def codes(items):
    return [item.value for item in items]


def test_an_english_council_considers_the_nine_protected_characteristics():
    assert codes(duties(Nation.ENGLAND)) == NINE


def test_a_welsh_council_considers_the_nine_the_socio_economic_duty_and_the_welsh_language():
    assert codes(duties(Nation.WALES)) == [*NINE, "socio_economic", "welsh_language"]


def test_a_scottish_council_considers_the_nine_and_the_fairer_scotland_duty():
    items = duties(Nation.SCOTLAND)
    assert codes(items) == [*NINE, "socio_economic"]
    assert "Fairer Scotland Duty" in items[-1].source


def test_a_council_in_northern_ireland_considers_section_75_good_relations_and_the_disability_duties():
    items = duties(Nation.NORTHERN_IRELAND)
    assert [item.label for item in items] == [
        "Religious belief",
        "Political opinion",
        "Racial group",
        "Age",
        "Marital status",
        "Sexual orientation",
        "Men and women generally",
        "Disability",
        "Persons with dependants and persons without",
        "Good relations",
        "Disability duties",
    ]
    assert all("Northern Ireland Act 1998" in item.source for item in items[:10])


def test_every_item_names_its_legal_source():
    for nation in Nation:
        assert all(item.source for item in duties(nation))


def test_the_coverage_check_asks_only_for_what_the_councils_nation_names():
    rows = [[code] for code in NINE]
    assert uncovered(rows, Nation.ENGLAND) == []
    assert codes(uncovered(rows, Nation.WALES)) == ["socio_economic", "welsh_language"]
    assert codes(uncovered(rows, Nation.SCOTLAND)) == ["socio_economic"]
    assert codes(uncovered(rows, Nation.NORTHERN_IRELAND)) == [
        "religious_belief",
        "political_opinion",
        "racial_group",
        "marital_status",
        "men_and_women",
        "dependants",
        "good_relations",
        "disability_duties",
    ]


def test_an_english_councils_default_grid_is_as_it_always_was():
    assert default_characteristics(Nation.ENGLAND) == DEFAULT_CHARACTERISTICS
    assert [label for label, _, _ in DEFAULT_CHARACTERISTICS][-5:] == [
        "Carers",
        "Rural communities",
        "Areas of deprivation",
        "Human rights",
        "Health and wellbeing",
    ]


def test_each_nations_default_grid_covers_all_it_asks_for_then_the_common_local_rows():
    for nation in Nation:
        grid = default_characteristics(nation)
        assert uncovered((covers for _, _, covers in grid), nation) == []
        assert [label for label, _, _ in grid][-5:] == [label for label, _, _ in DEFAULT_CHARACTERISTICS][-5:]


def test_a_welsh_councils_default_grid_adds_socio_economic_disadvantage_and_the_welsh_language():
    labels = [label for label, _, _ in default_characteristics(Nation.WALES)]
    assert labels[9:11] == ["Socio-economic disadvantage", "Welsh language"]


def test_a_row_covering_an_item_of_another_nation_keeps_its_name():
    assert covers_text(["age", "welsh_language"], Nation.ENGLAND) == "Age, Welsh language"
