"""The screening rule, read directly: any Yes or Don't know means a full EIA; all No lets the officer conclude."""

from assessments.screening_rule import DONT_KNOW, NO, YES, Answer, outcome, problems


def test_a_dont_know_means_a_full_eia_is_needed_and_names_the_row():
    found = outcome([Answer("Age", NO), Answer("Disability", DONT_KNOW, "No data yet")])
    assert found.full_eia_needed
    assert [a.label for a in found.leading] == ["Disability"]
    assert "Disability (Don't know)" in found.explain()


def test_a_yes_means_a_full_eia_is_needed():
    assert outcome([Answer("Age", YES, "Fewer visits"), Answer("Sex", NO)]).full_eia_needed


def test_every_answer_no_lets_the_officer_conclude_no_full_eia_is_needed():
    found = outcome([Answer("Age", NO), Answer("Sex", NO)])
    assert not found.full_eia_needed
    assert found.all_no
    # What the answers say, to whoever reads them: what the author may do next is the page's to say, to them.
    assert found.explain() == "No adverse impact is likely for any row."


def test_unanswered_rows_are_neither_screened_in_nor_all_no():
    found = outcome([Answer("Age", NO), Answer("Sex", "")])
    assert not found.full_eia_needed and not found.all_no
    assert "not known yet whether a full EIA is needed" in found.explain()


def test_problems_name_unanswered_rows_and_yes_or_dont_know_without_a_reason():
    found = problems([Answer("Age", ""), Answer("Sex", YES, "  "), Answer("Race", DONT_KNOW), Answer("Carers", NO)])
    assert [index for index, _ in found] == [0, 1, 2]
    assert "Answer whether an adverse impact on Age is likely" in found[0][1]
    assert found[1][1] == "Give the reason for your answer on Sex"


def test_a_no_needs_no_reason():
    assert problems([Answer("Age", NO)]) == []
