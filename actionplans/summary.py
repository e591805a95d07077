"""Counting a plan's actions by status, overall and per CQC theme, and what each action's status was on a past
date. Both work on what the caller has already fetched: neither runs a query of its own."""

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
    """One theme's counts (`theme` set), or the whole plan's (`theme` None)."""

    theme: object
    counts: tuple
    total: int

    @property
    def is_overall(self):
        return self.theme is None

    @property
    def short_label(self):
        """ "Theme 1" or "All actions": numbers and fixed words only, as the chart uses them."""
        return "All actions" if self.theme is None else f"Theme {int(self.theme.number)}"

    def count_of(self, status):
        return next(item.count for item in self.counts if item.status == status)


@dataclass(frozen=True)
class Summary:
    statuses: tuple  # (value, label) in ActionStatus order
    themes: tuple  # a SummaryRow per theme, in theme order
    overall: SummaryRow

    @property
    def rows(self):
        return (*self.themes, self.overall)

    @property
    def total(self):
        return self.overall.total


def _row(theme, statuses):
    counts = tuple(
        StatusCount(status, ActionStatus(status).label, statuses.count(status)) for status in ActionStatus.values
    )
    return SummaryRow(theme=theme, counts=counts, total=len(statuses))


def summarise(actions, themes, status_of=None):
    """Counts by status, overall and per theme: every theme given, in the order given, and every status, in
    ActionStatus order, zeros included. An action whose theme is not among `themes` (a plan set against another
    framework version) gets a row of its own after them, so the rows always add up to the whole.

    Each action needs `status` and `quality_statement.theme` fetched (select_related). `status_of` maps an
    action's pk to the status to count instead of its current one (a progress report's status as of a date)."""
    themes = list(themes)
    by_theme = {theme.pk: [] for theme in themes}
    extra = {}
    everything = []
    for action in actions:
        status = action.status if status_of is None else status_of.get(action.pk, action.status)
        theme = action.quality_statement.theme
        if theme.pk not in by_theme:
            extra[theme.pk] = theme
            by_theme[theme.pk] = []
        by_theme[theme.pk].append(status)
        everything.append(status)
    ordered = themes + sorted(extra.values(), key=lambda theme: (theme.number, theme.pk))
    return Summary(
        statuses=tuple(ActionStatus.choices),
        themes=tuple(_row(theme, by_theme[theme.pk]) for theme in ordered),
        overall=_row(None, everything),
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
