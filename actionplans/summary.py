"""Counting a plan's actions by status, overall and per theme of its framework, and what each action's status was on a
past date. Both work on what the caller has already fetched: neither runs a query of its own."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from actionplans.models.actions import ActionStatus


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class SummaryRow:
    """One theme's counts (`theme` set), those of the actions under no theme, or the whole plan's (`is_overall`)."""

    theme: object
    counts: tuple
    total: int
    # "Theme 1: Working with people", "Key question: Safe", "Actions with no key question", "All actions".
    heading: str
    # The chart's label, a line each: "Theme 1" over the theme's name, or the name alone ("Safe").
    label_lines: tuple = ()
    is_overall: bool = False

    def count_of(self, status):
        return next(item.count for item in self.counts if item.status == status)


@dataclass(frozen=True)
class Summary:
    statuses: tuple  # (value, label) in ActionStatus order
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


def _counts(statuses):
    return tuple(
        StatusCount(status, ActionStatus(status).label, statuses.count(status)) for status in ActionStatus.values
    )


def _theme_row(framework, theme, statuses):
    short = framework.theme_short_label(theme)
    return SummaryRow(
        theme=theme,
        counts=_counts(statuses),
        total=len(statuses),
        heading=framework.theme_heading(theme),
        label_lines=((short,) if short else ()) + (theme.name,),
    )


def summarise(actions, themes, status_of=None, *, framework):
    """Counts by status, overall and per theme of the framework: every theme given, in the order given (a retired
    one only when an action has it), and every status, in ActionStatus order, zeros included. An action whose theme
    is not among `themes` (a plan set against another framework version) gets a row of its own after them, and so do
    the actions under no theme, so the rows always add up to the whole; a framework with no themes has the whole
    plan's row alone.

    Each action needs `status` and `theme` fetched (select_related). `status_of` maps an action's pk to the status to
    count instead of its current one (a progress report's status as of a date)."""
    themes = list(themes)
    by_theme = {theme.pk: [] for theme in themes}
    extra, unthemed, everything = {}, [], []
    for action in actions:
        status = action.status if status_of is None else status_of.get(action.pk, action.status)
        theme = action.theme
        if theme is None:
            unthemed.append(status)
        else:
            if theme.pk not in by_theme:
                extra[theme.pk] = theme
                by_theme[theme.pk] = []
            by_theme[theme.pk].append(status)
        everything.append(status)
    ordered = [theme for theme in themes if not theme.retired or by_theme[theme.pk]]
    ordered += sorted(extra.values(), key=lambda theme: (theme.number, theme.pk))
    rows = [_theme_row(framework, theme, by_theme[theme.pk]) for theme in ordered]
    if unthemed and framework.has_themes:
        heading = framework.no_theme_heading
        rows.append(SummaryRow(None, _counts(unthemed), len(unthemed), heading, (heading,)))
    return Summary(
        statuses=tuple(ActionStatus.choices),
        themes=tuple(rows),
        overall=SummaryRow(None, _counts(everything), len(everything), "All actions", ("All actions",), True),
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


def as_of(actions, updates, when):
    """The status each action had at the end of the day `when`: {action pk: status}.

    It is the status of the action's latest update at or before then. With none by then, it is "To be started",
    unless the history says otherwise: an action whose first update came later had that update's previous
    status (an imported plan may start with actions already under way), and an action never updated at all has
    the status it has now, for only an update changes a status. An action added after `when` was to be started.
    `updates` are the actions' StatusUpdates, already fetched (a prefetch): no query per action."""
    cutoff = end_of(when)
    history = updates_by_action(updates)
    statuses = {}
    for action in actions:
        own = history.get(action.pk, [])
        before = [update for update in own if update.at < cutoff]
        if before:
            statuses[action.pk] = before[-1].status
        elif own:
            statuses[action.pk] = own[0].previous_status
        elif _added_after(action, cutoff):
            statuses[action.pk] = ActionStatus.TO_BE_STARTED.value
        else:
            statuses[action.pk] = action.status
    return statuses
