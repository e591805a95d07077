"""Action refs sort as people read them, and "Linked to T1.5" links actions."""

from actionplans.refs import linked_refs, ref_key


def test_refs_sort_naturally():
    refs = ["T1.10", "T2.1", "T1.9", "T1.2", "T10.1", "T1.1"]
    assert sorted(refs, key=ref_key) == ["T1.1", "T1.2", "T1.9", "T1.10", "T2.1", "T10.1"]


def test_case_and_spaces_do_not_change_the_order():
    assert ref_key(" t1.10 ") == ref_key("T1.10")


def test_it_reads_the_refs_a_text_is_linked_to():
    assert linked_refs("Consider a reablement offer across the borough. (Linked to T1.5)") == ["T1.5"]
    assert linked_refs("linked to T1.5 and T2.3") == ["T1.5", "T2.3"]
    assert linked_refs("No links here, not even T1.5") == []


def test_a_milestone_naming_year_0_is_kept_as_text():
    from actionplans.milestones import read_milestone

    assert read_milestone("Framework 1/0000").due is None
