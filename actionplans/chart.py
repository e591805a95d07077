"""A plan's actions by status as a chart: a server-rendered SVG that browsers and WeasyPrint both draw.

One horizontal stacked bar per theme of the plan's framework and one for the whole plan, a segment per status word of
the council, in the council's order and colours. It is built from numbers, the council's status words, and the
framework's words for its themes ("Theme 1", "Working with people"; a framework of the council's own is worded by its
council admin); every value is escaped. It reads without colour: each word has its own
pattern, the legend names the words, and every segment carries its number (inside it, or just above it when it is
too narrow). No script and no external resource. The table beside it (includes/status_summary.html) counts the
same actions by what each word means; on a narrow screen the chart gives way to it (eqa.css). The chart's
description says each word's count and meaning, so nothing of it is only in the drawing.
"""

import textwrap

from django.utils.html import format_html
from django.utils.safestring import mark_safe

TEXT = "#0b0c0c"
FONT = "Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"

# The drawing's units; it scales to the width it is given.
WIDTH = 720
LABEL_WIDTH = 150
BAR_X = LABEL_WIDTH + 8
BAR_WIDTH = 450
TOTAL_X = BAR_X + BAR_WIDTH + 10
LEGEND_LINE = 24
LEGEND_GAP = 10
CALLOUT_BAND = 16
BAR_HEIGHT = 26
ROW_GAP = 12
# A theme's label: "Theme 1" over its name, the name wrapped to the label's width.
LINE_HEIGHT = 14
NAME_CHARACTERS = 21
OVERALL_GAP = 10
# A segment never drawn thinner than this, so that its pattern shows.
MIN_SEGMENT = 4
DIGIT_WIDTH = 7.5
BADGE_PADDING = 6


def _number(value):
    """A number for an attribute, without trailing zeros."""
    return format(round(float(value), 2), "g")


# White marks laid over a word's colour, so the words differ without colour too: plain, stripes, dots,
# cross-hatching, rows and columns; the council's words take them in turn.
MARKS = [
    "",
    '<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="#ffffff" stroke-width="1.6"/>',
    '<circle cx="2" cy="2" r="1.3" fill="#ffffff"/><circle cx="6" cy="6" r="1.3" fill="#ffffff"/>',
    '<path d="M0,0 l8,8 M8,0 l-8,8" stroke="#ffffff" stroke-width="1.4"/>',
    '<path d="M0,2 l8,0 M0,6 l8,0" stroke="#ffffff" stroke-width="1.4"/>',
    '<path d="M2,0 l0,8 M6,0 l0,8" stroke="#ffffff" stroke-width="1.4"/>',
]


def _marks(index):
    return MARKS[index % len(MARKS)]


def _patterns(prefix, words):
    return mark_safe(
        "".join(
            format_html(
                '<pattern id="{}-{}" patternUnits="userSpaceOnUse" x="0" y="0" width="8" height="8">{}</pattern>',
                prefix,
                index,
                mark_safe(_marks(index)),
            )
            for index, _ in enumerate(words)
            if _marks(index)
        )
    )


def _swatch(prefix, index, word, x, y, width, height):
    """A word's colour, its marks over it, and a dark outline that shows against the page and its neighbours."""
    shape = format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
        _number(x),
        _number(y),
        _number(width),
        _number(height),
        word.hex,
    )
    if _marks(index):
        shape += format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{}-{})"/>',
            _number(x),
            _number(y),
            _number(width),
            _number(height),
            prefix,
            index,
        )
    shape += format_html(
        '<rect class="eqa-chart-line" x="{}" y="{}" width="{}" height="{}" fill="none" stroke="{}" stroke-width="1"/>',
        _number(x),
        _number(y),
        _number(width),
        _number(height),
        TEXT,
    )
    return shape


def _legend_items(words):
    """(index, word, x, line) of each word in the legend: a line holds the words that fit the chart's width."""
    placed, x, line = [], 0, 0
    for index, word in enumerate(words):
        width = 22 + len(word.word) * 7 + 22
        if x and x + width - 22 > WIDTH:
            x, line = 0, line + 1
        placed.append((index, word, x, line))
        x += width
    return placed


def _legend_height(words):
    lines = max((line for _, _, _, line in _legend_items(words)), default=0) + 1
    return lines * LEGEND_LINE + LEGEND_GAP


def _legend(prefix, words):
    items = []
    for index, word, x, line in _legend_items(words):
        y = line * LEGEND_LINE
        items.append(
            _swatch(prefix, index, word, x, y + 6, 16, 16)
            + format_html(
                '<text x="{}" y="{}" font-size="13" fill="{}">{}</text>', _number(x + 22), y + 19, TEXT, word.word
            )
        )
    return format_html('<g class="legend" aria-hidden="true">{}</g>', mark_safe("".join(items)))


def _badge_width(count):
    return len(str(count)) * DIGIT_WIDTH + 2 * BADGE_PADDING


def _label_lines(row):
    """The row's label wrapped to the label's width: "Theme 1" over the theme's name, or the name alone ("Safe"),
    or "All actions". Its first line is bold."""
    return [line for text in row.label_lines for line in textwrap.wrap(text, NAME_CHARACTERS, break_long_words=False)]


def _row_height(row):
    """The height of the bar's band: the bar, or its label where that has more lines than the bar holds."""
    return max(BAR_HEIGHT, len(_label_lines(row)) * LINE_HEIGHT)


def _bar(prefix, row, y, places):
    """A row's label, its stacked bar (each segment's share of the row's actions) and its total."""
    lines = _label_lines(row)
    middle = y + CALLOUT_BAND + _row_height(row) / 2
    first = middle - len(lines) * LINE_HEIGHT / 2 + 11
    parts = [
        format_html(
            '<text x="{}" y="{}" font-size="{}" font-weight="{}" text-anchor="end" fill="{}">{}</text>',
            LABEL_WIDTH,
            _number(first + index * LINE_HEIGHT),
            13 if index == 0 else 12,
            "bold" if index == 0 else "normal",
            TEXT,
            line,
        )
        for index, line in enumerate(lines)
    ]
    bar_y = middle - BAR_HEIGHT / 2
    if row.total == 0:
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="#ffffff" stroke="{}" stroke-width="1" '
                'stroke-dasharray="4 3"/><text x="{}" y="{}" font-size="12" fill="{}">No actions</text>',
                BAR_X,
                bar_y,
                BAR_WIDTH,
                BAR_HEIGHT,
                "#505a5f",
                BAR_X + 8,
                _number(bar_y + BAR_HEIGHT / 2 + 4),
                TEXT,
            )
        )
        return mark_safe("".join(parts))

    shown = [item for item in row.words if item.count]
    # Each segment gets at least MIN_SEGMENT; the rest of the width is shared out by count.
    spare = BAR_WIDTH - MIN_SEGMENT * len(shown)
    x, last_callout_end = BAR_X, None
    for item in shown:
        width = MIN_SEGMENT + spare * item.count / row.total
        parts.append(_swatch(prefix, places[item.word.pk], item.word, x, bar_y, width, BAR_HEIGHT))
        badge = _badge_width(item.count)
        centre = x + width / 2
        if badge + 4 <= width:
            # The number on a white badge inside the segment: readable on every fill and pattern.
            parts.append(
                format_html(
                    '<rect class="eqa-chart-badge" x="{}" y="{}" width="{}" height="16" rx="3" fill="#ffffff"/>'
                    '<text x="{}" y="{}" font-size="12" font-weight="bold" text-anchor="middle" fill="{}">{}</text>',
                    _number(centre - badge / 2),
                    _number(bar_y + BAR_HEIGHT / 2 - 8),
                    _number(badge),
                    _number(centre),
                    _number(bar_y + BAR_HEIGHT / 2 + 4),
                    TEXT,
                    item.count,
                )
            )
        else:
            # Too narrow: the number just above the segment, moved right of the last one so none overlap.
            left = centre - badge / 2
            if last_callout_end is not None:
                left = max(left, last_callout_end + 2)
            label_centre = left + badge / 2
            parts.append(
                format_html(
                    '<path class="eqa-chart-line" d="M{},{} L{},{}" stroke="{}" stroke-width="1"/>'
                    '<text x="{}" y="{}" font-size="12" font-weight="bold" text-anchor="middle" fill="{}">{}</text>',
                    _number(centre),
                    bar_y,
                    _number(label_centre),
                    _number(bar_y - 3),
                    TEXT,
                    _number(label_centre),
                    _number(bar_y - 5),
                    TEXT,
                    item.count,
                )
            )
            last_callout_end = left + badge
        x += width
    parts.append(
        format_html(
            '<text x="{}" y="{}" font-size="13" font-weight="{}" fill="{}">{} in all</text>',
            TOTAL_X,
            _number(bar_y + BAR_HEIGHT / 2 + 4.5),
            "bold" if row.is_overall else "normal",
            TEXT,
            row.total,
        )
    )
    return mark_safe("".join(parts))


def describe(summary):
    """The chart in words, for its <desc>: "Actions by status: 29 in all; 4 Red (off track), ... Theme 1, Working
    with people: ..."."""

    def counts(row):
        if row.total == 0:
            return "no actions"
        listed = ", ".join(f"{item.count} {item.word.phrase}" for item in row.words)
        return f"{row.total} in all; {listed}"

    sentences = [f"Actions by status: {counts(summary.overall)}."]
    sentences += [f"{', '.join(row.label_lines)}: {counts(row)}." for row in summary.themes]
    return " ".join(sentences)


def status_chart(summary, id_prefix="status-chart"):
    """The SVG, as a SafeString to put in a <figure>. `id_prefix` keeps ids unique if a page had two charts."""
    prefix = "".join(ch for ch in str(id_prefix) if ch.isalnum() or ch in "-_") or "status-chart"
    rows = summary.rows
    places = {word.pk: index for index, word in enumerate(summary.words)}
    bars, y = [], _legend_height(summary.words)
    for index, row in enumerate(rows):
        if row.is_overall and index:
            y += OVERALL_GAP
            bars.append(
                format_html(
                    '<path class="eqa-chart-line" d="M0,{0} L{1},{0}" stroke="{2}" stroke-width="1"/>',
                    _number(y - OVERALL_GAP / 2 - 2),
                    WIDTH,
                    "#b1b4b6",
                )
            )
        bars.append(_bar(prefix, row, y, places))
        y += CALLOUT_BAND + _row_height(row) + ROW_GAP
    height = y - ROW_GAP + 4
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="eqa-status-chart" role="img" '
        'aria-labelledby="{p}-title {p}-desc" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'font-family="{font}">'
        '<title id="{p}-title">{title}</title><desc id="{p}-desc">{desc}</desc>'
        '<defs>{patterns}</defs>{legend}<g aria-hidden="true">{bars}</g></svg>',
        p=prefix,
        w=WIDTH,
        h=_number(height),
        font=FONT,
        title=(
            f"Chart of the plan's actions by status, for each {summary.theme_word} and for the whole plan"
            if summary.theme_word
            else "Chart of the plan's actions by status, for the whole plan"
        ),
        desc=describe(summary),
        patterns=_patterns(prefix, summary.words),
        legend=_legend(prefix, summary.words),
        bars=mark_safe("".join(bars)),
    )
