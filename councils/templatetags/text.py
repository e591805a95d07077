from django import template

register = template.Library()


@register.filter
def shorten(text, length):
    """The text cut to at most `length` characters at the end of a word, ending "…", for headings and long lists.

    Django's truncatechars cuts words in pieces ("Carers' assess…"), and on a plan's 60 actions it cost 2 ms of
    the page's 30: it looks at each character for combining marks and translates its ellipsis on every call."""
    text = str(text)
    if len(text) <= length:
        return text
    cut = text[: length - 1]  # and the ellipsis makes `length`
    # Where the cut falls inside a word, drop that word; a text of one long word is cut where it must be.
    if not text[length - 1].isspace() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return f"{cut.rstrip(' ,;:.-–')}…"


@register.filter
def mid_sentence(label):
    """A label as it reads inside a sentence: "The EIA's details" → "the EIA's details", "Signed off" → "signed off".

    Labels are written in sentence case, so at most their first letter needs lowering, and never the first letter
    of an acronym (EIA, CQC, ASC): lowering the whole label made "the meeting the eia goes to"."""
    text = str(label)
    words = text.split(maxsplit=1)
    if words and len(words[0]) > 1 and words[0][1].isupper():
        return text
    return text[:1].lower() + text[1:]


@register.filter
def with_article(word):
    """A word a council chose, such as what a framework calls its themes, after "a" or "an": "an area", "a key
    question". By its first letter, which is right for the words councils use."""
    text = str(word)
    return f"{'an' if text[:1].lower() in 'aeiou' else 'a'} {text}"
