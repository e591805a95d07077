"""Action references sort as people read them: T1.2, T1.9, T1.10, T2.1. Plain functions, no Django."""

import re

_PARTS = re.compile(r"(\d+)|(\D+)")


def ref_key(ref):
    """A string that sorts refs naturally: each number is zero-padded, each run of letters lower-cased."""
    return "".join(f"{int(number):06d}" if number else text.lower() for number, text in _PARTS.findall(ref.strip()))


LINKED = re.compile(r"\blinked to\s+((?:[A-Z]+\d+(?:\.\d+)*)(?:\s*(?:,|and|&)\s*[A-Z]+\d+(?:\.\d+)*)*)", re.I)
REF = re.compile(r"[A-Z]+\d+(?:\.\d+)*", re.I)


def linked_refs(text):
    """The refs a text says it is linked to: "(Linked to T1.5)" gives ["T1.5"]."""
    return [ref.upper() for match in LINKED.finditer(text) for ref in REF.findall(match.group(1))]
