"""Reading old EIAs from Word: the details and the impact grid of three layouts councils use, and the words of
ratings, groups and dates as old EIAs write them."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.word_import import Refused, read_upload
from assessments.word_import.document import EARLIEST, LATEST, read_document
from assessments.word_import.words import date_in, group_of, level_of, rating_of
from tests.assessments import word_files


def ratings(found):
    return {row.code: row.rating.words for row in found.rows}


def test_it_reads_a_grid_with_a_rating_column():
    found, _ = read_document("old.docx", word_files.rating_column_eia())
    assert (found.title, found.reference, found.owner) == (
        "Day opportunities for older people",
        "ASC-2019-014",
        "Priya Shah",
    )
    assert (found.assessed_on, found.review_due) == ("2023-04-03", "2026-04-01")
    assert ratings(found) == {
        "age": "Negative (High)",
        "disability": "Negative (High)",
        "race": "Negative (Low)",
        "sex": "Neutral",
        "religion": "Positive",
    }
    assert found.unknown == ["Armed forces veterans"]


def test_it_reads_a_grid_of_positive_neutral_and_negative_columns():
    found, _ = read_document("care.docx", word_files.tick_columns_eia())
    assert (found.title, found.owner, found.assessed_on, found.review_due) == (
        "Care at home recommissioning",
        "Jamaila Tausif",
        "2014-07-14",
        "",
    )
    assert ratings(found) == {
        "race": "Positive",
        "sexual_orientation": "Neutral",
        "pregnancy": "Negative (Medium)",
        "carers": "Positive",
    }
    pregnancy = next(row for row in found.rows if row.code == "pregnancy")
    assert pregnancy.negative_text == "Fewer visits at short notice."
    assert found.unrated == ["Marriage and civil partnership"]
    assert "a review date" in found.missing


def test_it_reads_a_narrative_with_no_table():
    found, _ = read_document("brook.docx", word_files.narrative_eia())
    assert (found.title, found.owner, found.assessed_on) == (
        "Closing the Brook Street day centre",
        "Sam Okafor, Head of Provider Services",
        "2022-01-12",
    )
    assert found.rows == []
    assert found.missing == ["a reference", "a review date", "an impact grid with ratings"]


def test_it_reads_an_equality_analysis_with_what_was_found_written_under_each_heading():
    found, _ = read_document("analysis.docx", word_files.analysis_eia())
    assert (found.title, found.owner, found.assessed_on) == (
        "Joint commissioning of care at home services (domiciliary care)",
        "Jamaila Tausif",
        "2014-07-14",
    )
    assert ratings(found) == {
        "race": "Positive, neutral and negative (Low)",
        "religion": "Neutral",  # its negative column says there is none
        "carers": "Positive",
    }
    race = found.rows[0]
    assert race.neutral_text == "No barriers perceived as the service is available to all."


def test_a_date_that_cannot_be_true_is_not_read_as_another():
    found, _ = read_document("x.docx", word_files.rating_column_eia(review="Review date: 31/02/2026"))
    assert found.review_due == ""
    assert found.problems == ["The review date was not read: ‘31/02/2026’ is not a real date."]


@pytest.mark.parametrize(
    ("words", "said"),
    [
        ("Negative - High", "Negative (High)"),
        ("High negative", "Negative (High)"),
        ("-ve (H)", "Negative (High)"),
        ("Negative (M)", "Negative (Medium)"),
        ("Low negative impact", "Negative (Low)"),
        ("+ve", "Positive"),
        ("Positive", "Positive"),
        ("Neutral", "Neutral"),
        ("No negative impact", "Neutral"),
        ("Negative", "Negative (level not given)"),
        ("Negative (High/Med/Low?)", "Negative (level not given)"),
        ("Some people may find it harder to reach the centre by bus", "Not rated"),
    ],
)
def test_it_recognises_the_usual_spellings_of_a_rating(words, said):
    assert rating_of(words).words == said


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("Race", "race"),
        ("Ethnicity", "race"),
        ("Race and ethnicity (including Gypsies and Travellers)", "race"),
        ("Disability", "disability"),
        ("Sex", "sex"),
        ("Gender", "sex"),
        ("Gender reassignment", "gender_reassignment"),
        ("Sexual orientation", "sexual_orientation"),
        ("Religion or belief", "religion"),
        ("Pregnancy and maternity", "pregnancy"),
        ("Marriage and civil partnership", "marriage"),
        ("Age", "age"),
        ("Carers/those with caring responsibility", "carers"),
        ("Health and wellbeing", None),
    ],
)
def test_it_knows_the_groups_by_their_common_names(cell, code):
    assert group_of(cell) == code


def test_dates_are_read_in_the_usual_ways():
    assert date_in("14 July 2014", EARLIEST, LATEST).on == date(2014, 7, 14)
    assert date_in("14th of July, 2014", EARLIEST, LATEST).on == date(2014, 7, 14)
    assert date_in("14/07/14", EARLIEST, LATEST).on == date(2014, 7, 14)
    assert date_in("2014-07-14", EARLIEST, LATEST).on == date(2014, 7, 14)
    assert date_in("1 January 1900", EARLIEST, LATEST).problem == "‘1 january 1900’ is not a date an EIA could have"
    assert level_of("High/Med/Low") == ""


def Upload(name, data):  # noqa: N802 (a file as a page receives it)
    return SimpleUploadedFile(name, data)


def test_a_zip_of_files_keeps_the_good_beside_the_bad():
    zipped = word_files.zipped(
        [
            ("eias/one.docx", word_files.rating_column_eia()),
            ("eias/old.doc", word_files.old_doc()),
            ("eias/two.docx", word_files.narrative_eia()),
            ("__MACOSX/eias/._one.docx", b"junk"),
        ]
    )
    read = read_upload([Upload("eias.zip", zipped)])
    assert [(file.name, bool(file.found)) for file in read] == [
        ("one.docx", True),
        ("old.doc", False),
        ("two.docx", True),
    ]
    assert read[1].refused.startswith("The file is an old-style Word or Office file (.doc).")


def test_more_than_a_hundred_files_are_refused_at_once():
    with pytest.raises(Refused, match="EqA reads at most 100 at once"):
        read_upload([Upload(f"{n}.docx", b"x") for n in range(101)])
