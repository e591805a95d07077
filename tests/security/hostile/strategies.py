"""What Hypothesis types into the forms: hostile text, impossible dates and huge numbers, and how many examples a
test tries."""

from datetime import date

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

SCRIPT = "<script>alert(1)</script>"
# Pieces a person (or an attacker) may paste; each is checked literally in the PDF when the text holds it.
MARKERS = [SCRIPT, "{{ 7*7 }}", "{% csrf_token %}", "' OR 1=1 --", "=cmd|' /C calc'!A0"]
NASTY = [
    "\x00",
    "\x1b[31m",
    "\u202e",
    "\u200b",
    "\U0001f642",
    *MARKERS,
    "\x07",
    "\x7f",
    "\ufeff",
    "\u2028",
    "\r\n",
    "\r",
    "\t",
    "  ",
    "\u00a0",
    "&amp;",
    '"',
    "'",
    "</textarea>",
    # Upper-casing that grows a string, and digits int() does not read.
    "\u00df",
    "\ufb03",
    "\u00b2",
    "\u0663",
    # Impossible dates and huge numbers, as text.
    "31/02/2024",
    "1/0000",
    "1 April 0000",
    "31 February 2024",
    "April 99999",
    "99999",
    "-1",
    "1e9",
    "9" * 40,
    "1" * 400,
]
# Characters that make a line right to left, or whose direction the PDF renderer must guess (unassigned, private).
RIGHT_TO_LEFT = {"R", "AL", "AN", "RLE", "RLO", "LRE", "LRO", "PDF", "RLI", "LRI", "FSI", "PDI"}

piece = st.one_of(st.text(max_size=12), st.sampled_from(NASTY))
short_hostile = st.lists(piece, max_size=6).map("".join)
# Beyond every max_length of the forms (200, 300, 500): a nasty piece repeated to 150-620 characters.
long_hostile = st.tuples(
    st.sampled_from(["x", "\u00e9", "\U0001f642", SCRIPT, "{{ 7*7 }}", "\u202e", "\u00df"]), st.integers(150, 620)
).map(lambda t: (t[0] * t[1])[: t[1]])


def hostile():
    return st.one_of(short_hostile, short_hostile, long_hostile, st.tuples(long_hostile, short_hostile).map("".join))


def field(plain="Plain words"):
    """For a form of many fields: hostile text or plain words, so that the other fields are often valid and the
    form gets as far as saving."""
    return st.one_of(st.just(plain), st.just(plain), hostile())


DATE_PARTS = [
    "31",
    "2",
    "2024",
    "0",
    "99999",
    "-1",
    "1e9",
    "",
    " 7 ",
    "+5",
    "5_0",
    "1.5",
    "\x00",
    "2024\x00",
    "0000000002024",
    "1" * 30,
    "9" * 5000,
    "0" * 4297 + "2024",
    # Digits that are not decimal digits (superscripts, circled), and decimal digits of other scripts.
    "\u00b2",
    "\u00b9\u2079",
    "\u2460",
    "\u0663",
    "\u0662\u0660\u0662\u0664",
    "\U0001d7d0",
]
date_part = st.one_of(
    st.sampled_from(DATE_PARTS),
    st.sampled_from(DATE_PARTS),
    st.integers(-(10**20), 10**20).map(str),
    st.integers(0, 40).map(str),
    st.integers(1890, 2210).map(str),
    short_hostile,
)
real_date = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)).map(
    lambda d: (str(d.day), str(d.month), str(d.year))
)
past_date = st.dates(min_value=date(1900, 1, 1), max_value=date(2024, 12, 31)).map(
    lambda d: (str(d.day), str(d.month), str(d.year))
)
# Numbers as people never type them: digits int() does not read, more digits than it reads, more than a C int.
ODD_NUMBERS = [
    "\u00b2",
    "\u00b9\u2079",
    "\u2460",
    "9" * 5000,
    "0" * 4297 + "2024",
    "1" * 30,
    "99999999999",
    "\u0663",
    "\U0001d7d0",
]
digitish = st.one_of(
    st.sampled_from(ODD_NUMBERS), st.text(st.characters(categories=("Nd", "No")), min_size=1, max_size=4)
)
# A real date with one box hostile, so that the other boxes pass and the hostile one is what is checked.
one_box_wrong = st.tuples(past_date, st.integers(0, 2), st.one_of(digitish, digitish, date_part)).map(
    lambda t: tuple(t[2] if index == t[1] else part for index, part in enumerate(t[0]))
)
date_parts = st.one_of(
    real_date, past_date, one_box_wrong, one_box_wrong, one_box_wrong, st.tuples(date_part, date_part, date_part)
)

# Milestones are read one a line, with a month and year as the due date: impossible dates among them.
MILESTONE_LINES = [
    "Framework April 2023",
    "Completed",
    "Evaluation of impact May-Sep 2023",
    "Review 03/2024",
    "Review 1/0000",
    "Review 13/2024",
    "Report 31 February 2024",
    "Launch 1 April 0000",
    "April 99999",
    "Audit 00/0000",
    "y" * 501,
    SCRIPT + " April 2025",
    "{{ 7*7 }} 1 May 2025",
]
milestone_line = st.one_of(st.sampled_from(MILESTONE_LINES), st.sampled_from(MILESTONE_LINES), short_hostile)
milestone_lines = st.lists(milestone_line, min_size=1, max_size=4).map("\n".join)
milestone_texts = st.one_of(hostile(), milestone_lines, milestone_lines)
MILESTONE_MAX = 500

# Each example makes a few requests, so a failure is costly to shrink: one bug a test is shrunk and reported, and
# the explain phase (which reruns the failing example many times) is left out. No example database is written.
HOSTILE = settings(
    max_examples=25,
    deadline=None,
    database=None,
    print_blob=True,
    report_multiple_bugs=False,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
# Forms whose success renders a PDF (a second or more each): fewer examples, and a failure is reported as found,
# unshrunk, so the file runs in a few minutes even while a bug is open.
WITH_PDF = settings(HOSTILE, max_examples=10, phases=[Phase.explicit, Phase.generate])
