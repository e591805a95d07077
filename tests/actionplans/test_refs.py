"""Action refs sort as people read them, and "Linked to T1.5" links actions."""

import pytest

from actionplans.refs import as_written, linked_numbers, linked_refs, ref_key


def test_refs_sort_naturally():
    refs = ["T1.10", "T2.1", "T1.9", "T1.2", "T10.1", "T1.1"]
    assert sorted(refs, key=ref_key) == ["T1.1", "T1.2", "T1.9", "T1.10", "T2.1", "T10.1"]


def test_numbered_refs_sort_as_numbers():
    refs = ["10", "2.3", "2", "R12", "1", "2.10", "R2"]
    assert sorted(refs, key=ref_key) == ["1", "2", "2.3", "2.10", "10", "R2", "R12"]


@pytest.mark.parametrize(
    ("typed", "kept"), [("t1.10", "T1.10"), ("r12", "R12"), ("2.3", "2.3"), ("Rec  4a", "Rec 4a"), (" 1 ", "1")]
)
def test_a_ref_is_kept_as_written_with_letters_then_numbers_in_capitals(typed, kept):
    assert as_written(typed) == kept


def test_case_and_spaces_do_not_change_the_order():
    assert ref_key(" t1.10 ") == ref_key("T1.10")


def test_it_reads_the_refs_a_text_is_linked_to():
    assert linked_refs("Consider a reablement offer across the borough. (Linked to T1.5)") == ["T1.5"]
    assert linked_refs("linked to T1.5 and T2.3") == ["T1.5", "T2.3"]
    assert linked_refs("No links here, not even T1.5") == []


def test_it_reads_the_numbers_a_text_is_linked_to():
    assert linked_numbers("See the carers' review (Linked to 2.3 and 4)") == ["2.3", "4"]
    assert linked_numbers("Linked to T1.5") == []


def test_a_milestone_naming_year_0_is_kept_as_text():
    from actionplans.milestones import read_milestone

    assert read_milestone("Framework 1/0000").due is None
