"""Counting a plan's actions by status, overall and per theme of its framework, and what each action's status was on a
past date. Both work on what the caller has already fetched: neither runs a query of its own.

Counts go by meaning (actionplans/statuses.py), so that the plans of councils with different words compare; the
chart draws the same actions in the council's own words, so each row also counts them by word."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from actionplans.statuses import Meaning, moved_into


@dataclass(frozen=True)
class StatusCount:
    status: str  # a meaning
    label: str
    count: int


@dataclass(frozen=True)
class WordCount:
    word: object  # a StatusWord
    count: int


@dataclass(frozen=True)
class SummaryRow:
    """One theme's counts (`theme` set), those of the actions under no theme, or the whole plan's (`is_overall`)."""

    theme: object
    counts: tuple  # a StatusCount per meaning of Summary.meanings
    words: tuple  # a WordCount per word of Summary.words
    total: int
    # "Theme 1: Working with people", "Key question: Safe", "Actions with no key question", "All actions".
    heading: str
    # The chart's label, a line each: "Theme 1" over the theme's name, or the name alone ("Safe").
    label_lines: tuple = ()
    is_overall: bool = False

    def count_of(self, status):
        """The actions of a meaning: none when no word the council offers or an action has means it."""
        return next((item.count for item in self.counts if item.status == status), 0)


@dataclass(frozen=True)
class Summary:
    meanings: tuple  # (value, label) of the meanings counted, in Meaning's order
    words: tuple  # the council's words the chart shows, in the council's order
    themes: tuple  # a SummaryRow per theme, in theme order; then one for the actions under no theme, if any
    overall: SummaryRow
    theme_label: str = "Theme"  # what the framework calls its themes: the table's first heading
    theme_word: str = ""  # the same inside a sentence ("for each key question"); empty when it has no themes

    @property
    def rows(self):
        return (*self.themes, self.overall)

    @property
    def total(self):
        return self.overall.total


def _row(word_ids, meanings, words, **labels):
    by_word = {word.pk: word for word in words}
    counted = [by_word[word_id].meaning for word_id in word_ids]
    return SummaryRow(
        counts=tuple(StatusCount(value, label, counted.count(value)) for value, label in meanings),
        words=tuple(WordCount(word, word_ids.count(word.pk)) for word in words),
        total=len(word_ids),
        **labels,
    )


def summarise(actions, themes, words, word_of=None, *, framework):
    """Counts by meaning and by word, overall and per theme of the framework: every theme given, in the order given
    (a retired one only when an action has it); every meaning the council's words offered have, in Meaning's order,
    and every word offered, in the council's order, zeros included, with any retired word or other meaning an action
    has. An action whose theme is not among `themes` (a plan set against another framework version) gets a row of
    its own after them, and so do the actions under no theme, so the rows always add up to the whole; a framework
    with no themes has the whole plan's row alone.

    `words` are all the council's words (StatusWord), in its order. Each action needs `status_word_id` and `theme`
    fetched (select_related). `word_of` maps an action's pk to the word to count instead of its current one (a
    progress report's status as of a date)."""
    themes = list(themes)
    by_theme = {theme.pk: [] for theme in themes}
    extra, unthemed, everything = {}, [], []
    for action in actions:
        word_id = action.status_word_id if word_of is None else word_of.get(action.pk, action.status_word_id)
        theme = action.theme
        if theme is None:
            unthemed.append(word_id)
        else:
            if theme.pk not in by_theme:
                extra[theme.pk] = theme
                by_theme[theme.pk] = []
            by_theme[theme.pk].append(word_id)
        everything.append(word_id)
    counted = set(everything)
    shown = [word for word in words if not word.retired or word.pk in counted]
    meanings = tuple((value, label) for value, label in Meaning.choices if any(w.meaning == value for w in shown))
    ordered = [theme for theme in themes if not theme.retired or by_theme[theme.pk]]
    ordered += sorted(extra.values(), key=lambda theme: (theme.number, theme.pk))
    rows = []
    for theme in ordered:
        short = framework.theme_short_label(theme)
        rows.append(
            _row(
                by_theme[theme.pk],
                meanings,
                shown,
                theme=theme,
                heading=framework.theme_heading(theme),
                label_lines=((short,) if short else ()) + (theme.name,),
            )
        )
    if unthemed and framework.has_themes:
        heading = framework.no_theme_heading
        rows.append(_row(unthemed, meanings, shown, theme=None, heading=heading, label_lines=(heading,)))
    everyone = ("All actions",)
    return Summary(
        meanings=meanings,
        words=tuple(shown),
        themes=tuple(rows),
        overall=_row(
            everything, meanings, shown, theme=None, heading=everyone[0], label_lines=everyone, is_overall=True
        ),
        theme_label=framework.theme_label or "Theme",
        theme_word=framework.theme_word if framework.has_themes else "",
    )


def end_of(day):
    """The first moment after `day` ends, in the site's time zone."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def updates_by_action(updates, when=None):
    """Each action's updates, oldest first, up to the end of `when` (all of them when None):
    {action pk: [update, ...]}."""
    cutoff = None if when is None else end_of(when)
    grouped = {}
    for update in sorted(updates, key=lambda u: (u.at, u.pk or 0)):
        if cutoff is None or update.at < cutoff:
            grouped.setdefault(update.action_id, []).append(update)
    return grouped


def latest_updates(updates, when=None):
    """Each action's latest update up to the end of `when` (of all time when None): {action pk: update}."""
    return {action_id: found[-1] for action_id, found in updates_by_action(updates, when).items()}


def _added_after(action, cutoff):
    # Only when it was fetched: looking at a deferred field would run a query.
    if "created_at" in action.get_deferred_fields() or action.created_at is None:
        return False
    return action.created_at >= cutoff


def as_of(actions, updates, when, starting_word_id):
    """The word each action had at the end of the day `when`: {action pk: word id}.

    It is the word of the action's latest update at or before then. With none by then, it is the council's word
    for not started (`starting_word_id`), unless the history says otherwise: an action whose first update came
    later had that update's previous word (an imported plan may start with actions already under way), and an
    action never updated at all has the word it has now, for only an update changes a status. An action added
    after `when` was not started. `updates` are the actions' StatusUpdates, already fetched (a prefetch): no query
    per action."""
    cutoff = end_of(when)
    history = updates_by_action(updates)
    words = {}
    for action in actions:
        own = history.get(action.pk, [])
        before = [update for update in own if update.at < cutoff]
        if before:
            words[action.pk] = before[-1].word_id
        elif own:
            words[action.pk] = own[0].previous_word_id
        elif _added_after(action, cutoff):
            words[action.pk] = starting_word_id
        else:
            words[action.pk] = action.status_word_id
    return words


def verifications(updates, when=None):
    """Each action verified by the end of `when` (of all time when None), with the update that verified it:
    {action pk: update}. Only an action whose updates leave it complete and verified is in it."""
    found = {}
    for action_id, own in updates_by_action(updates, when).items():
        verified = moved_into(own, {Meaning.VERIFIED})
        if verified is not None:
            found[action_id] = verified
    return found
