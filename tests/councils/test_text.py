"""Shortened text, as headings and long lists show it: whole words, and never longer than asked."""

import pytest

from councils.templatetags.text import mid_sentence, shorten


@pytest.mark.parametrize(
    ("text", "length", "shown"),
    [
        ("Carers' assessments", 40, "Carers' assessments"),
        ("Carers' assessments and reviews", 26, "Carers' assessments and…"),
        ("Carers' assessments and reviews", 20, "Carers' assessments…"),
        ("Carers' assessments, reviews", 21, "Carers' assessments…"),
        ("Reablement", 6, "Reabl…"),
    ],
)
def test_it_cuts_at_the_end_of_a_word_within_the_length(text, length, shown):
    assert shorten(text, length) == shown
    assert len(shown) <= length


@pytest.mark.parametrize(
    ("label", "said"),
    [
        ("The EIA's details", "the EIA's details"),
        ("Meeting the EIA goes to", "meeting the EIA goes to"),
        ("Screened out: no full EIA needed", "screened out: no full EIA needed"),
        ("CQC assessment", "CQC assessment"),
        ("EIA", "EIA"),
        ("A draft", "a draft"),
        ("", ""),
    ],
)
def test_a_label_inside_a_sentence_lowers_only_its_first_letter_and_never_an_acronym(label, said):
    assert mid_sentence(label) == said
