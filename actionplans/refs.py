"""Action references sort as people read them: T1.2, T1.9, T1.10, T2.1; and 2 before 10. Plain functions, no Django."""

import re

_PARTS = re.compile(r"(\d+)|(\D+)")
# The refs most councils' plans have: letters, then numbers with dots (T1.10, R12). In the ASCII alphabet, so that
# putting one in capitals never lengthens it ("ß" would become "SS").
LETTERS_THEN_NUMBERS = re.compile(r"[A-Z]+[0-9]+(?:\.[0-9]+)*", re.I | re.ASCII)


def ref_key(ref):
    """A string that sorts refs naturally: each number is zero-padded, each run of letters lower-cased."""
    return "".join(f"{int(number):06d}" if number else text.lower() for number, text in _PARTS.findall(ref.strip()))


def as_written(ref):
    """A ref as EqA keeps it: one of letters then numbers in capitals, as councils write them ("t1.10" is T1.10); any
    other ("2.3", "Rec 4a") as typed, with single spaces."""
    ref = " ".join(ref.split())
    return ref.upper() if LETTERS_THEN_NUMBERS.fullmatch(ref) else ref


LINKED = re.compile(r"\blinked to\s+((?:[A-Z]+\d+(?:\.\d+)*)(?:\s*(?:,|and|&)\s*[A-Z]+\d+(?:\.\d+)*)*)", re.I)
REF = re.compile(r"[A-Z]+\d+(?:\.\d+)*", re.I)
NUMBER = r"\d+(?:\.\d+)*"
LINKED_NUMBERS = re.compile(rf"\blinked to\s+({NUMBER}(?:\s*(?:,|and|&)\s*{NUMBER})*)", re.I)


def linked_refs(text):
    """The refs a text says it is linked to: "(Linked to T1.5)" gives ["T1.5"]."""
    return [ref.upper() for match in LINKED.finditer(text) for ref in REF.findall(match.group(1))]


def linked_numbers(text):
    """The numbers a text says it is linked to: "(Linked to 2.3 and 4)" gives ["2.3", "4"]. Unlike a ref of letters
    and numbers, a number after "linked to" may be no ref at all ("linked to 2 other reviews"): it links only to a
    ref the plan has."""
    return [ref for match in LINKED_NUMBERS.finditer(text) for ref in re.findall(NUMBER, match.group(1))]
