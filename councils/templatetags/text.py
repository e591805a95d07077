from django import template

register = template.Library()


@register.filter
def shorten(text, length):
    """The text cut to `length` characters, ending "…", as Django's truncatechars does for plain English text.
    Long lists (a plan's 60 actions) use this instead: truncatechars looks at each character for combining
    marks and translates its ellipsis on every call, which cost a plan page 2 ms of its 30."""
    text = str(text)
    return text if len(text) <= length else f"{text[:length - 1].rstrip()}…"
