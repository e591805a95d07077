"""The annual equality report's parts that come from a council's EIAs and screenings (councils/reports.py gives their
shape; the report's page, PDF and spreadsheet show them). The records behind each figure are annual_records.py's.

- Coverage, on the period's last day: of the council's services, by directorate (a top-level service), those with an
  in-date EIA or screened-out decision (the rule is assessments/service_coverage.py), those with none, and the
  reviews overdue, by how late.
- What the assessments found: the EIAs signed off in the period (each version signed off counts), their negative
  impacts by characteristic and level and how many have an action of the EIA addressing them, and their positive
  impacts by characteristic.
- What was done: the actions of the EIAs standing at the period's end whose review date falls in it, by priority,
  those recorded as done (ActionDone) and those late.

Each figure is also counted for the period before, of the same length. Every part is a fixed number of aggregate
queries, however many records there are."""

from datetime import timedelta

from django.db.models import Case, CharField, Count, Exists, F, Min, OuterRef, Q, Value, When
from django.db.models.functions import Left, StrIndex
from django.utils import timezone

from assessments.models import AssessmentAction, ImpactLevel, ImpactRow
from assessments.service_coverage import SOURCES, covered_q, eia_standing_q
from councils.models import Service
from councils.reports import Chart, Figure, Row, Table

LEVELS = [ImpactLevel.HIGH, ImpactLevel.MEDIUM, ImpactLevel.LOW]
# How late a review is on the period's last day: (key, words, fewest days, most days).
LATENESS = [
    ("3m", "Up to 3 months", 1, 91),
    ("12m", "3 to 12 months", 92, 365),
    ("older", "More than a year", 366, None),
]
ANY = Q(pk__isnull=False)
WHEN = ("now", "before")  # the period, and the one before it
ALL_SERVICES = "All services"
ALL_CHARACTERISTICS = "All characteristics"


def parts(council, period):
    return [coverage(council, period), *findings(council, period), actions_due(council, period)]


# Coverage


def directorates(council):
    return list(Service.objects.filter(council=council, parent=None).order_by("name", "pk"))


def under(directorate, prefix=""):
    if directorate is None:
        return ANY
    return Q(**{f"{prefix}path": directorate.path}) | Q(**{f"{prefix}path__startswith": f"{directorate.path} > "})


def late_q(source, on, key):
    _, _, fewest, most = next(band for band in LATENESS if band[0] == key)
    late = Q(**{f"{source.review_field}__lte": on - timedelta(days=fewest)})
    return late & Q(**{f"{source.review_field}__gte": on - timedelta(days=most)}) if most else late


def _ends(period):
    return (("now", period.end), ("before", period.previous.end))


def _directorate_of(prefix=""):
    """The name of the directorate a service is under, the first part of its path, for counting by directorate in
    the database. Directorates are told apart by name, as their people tell them apart."""
    path = F(f"{prefix}path")
    return Case(
        When(**{f"{prefix}path__contains": " > "}, then=Left(path, StrIndex(path, Value(" > ")) - 1)),
        default=path,
        output_field=CharField(),
    )


def _by_directorate(found, counts):
    for row in found:
        for name, count in row.items():
            if name != "under":
                counts[row["under"], name] = counts.get((row["under"], name), 0) + count


def _coverage_row(heading, names, asks, counts):
    def value(key):
        return sum(counts.get((name, key), 0) for name in names)

    def figure(now, before, **kind):
        return Figure(now, before, {**kind, **asks})

    services = value("services")
    return Row(
        heading,
        (
            figure(services, services, figure="services"),
            figure(value("covered_now"), value("covered_before"), figure="covered"),
            figure(services - value("covered_now"), services - value("covered_before"), figure="uncovered"),
            *(figure(value(f"{key}_now"), value(f"{key}_before"), figure="overdue", late=key) for key, *_ in LATENESS),
        ),
        is_total=not asks,
    )


def coverage(council, period):
    """The services of each directorate (as they are now: EqA keeps no history of the council's services), those
    covered at each period's end and the reviews then overdue: a query for the services and one for each kind of
    record, each counting by directorate."""
    counts = {}
    _by_directorate(
        Service.objects.filter(council=council)
        .annotate(under=_directorate_of())
        .values("under")
        .annotate(
            services=Count("pk"), **{f"covered_{when}": Count("pk", filter=covered_q(on)) for when, on in _ends(period)}
        )
        .order_by(),
        counts,
    )
    for source in SOURCES:
        # Only the records overdue at either end are counted: the others are left out before any is looked at.
        overdue_at_either = source.overdue_q(period.end) | source.overdue_q(period.previous.end)
        _by_directorate(
            source.model.objects.filter(overdue_at_either, council=council)
            .annotate(under=_directorate_of("service__"))
            .values("under")
            .annotate(
                **{
                    f"{key}_{when}": Count("pk", filter=source.overdue_q(on) & late_q(source, on, key))
                    for key, *_ in LATENESS
                    for when, on in _ends(period)
                }
            )
            .order_by(),
            counts,
        )
    roots = directorates(council)
    rows = [_coverage_row(root.name, [root.name], {"directorate": root.pk}, counts) for root in roots]
    rows.append(_coverage_row(ALL_SERVICES, [root.name for root in roots], {}, counts))
    return Table(
        key="coverage",
        title="Which services have an in-date EIA or screening",
        about=f"On {period.end.day} {period.end:%B %Y}, the period's last day: the council's services by directorate, "
        "those with an EIA signed off or a decision that no full EIA is needed whose review date had not passed, "
        "those with none, and the reviews then overdue, by how late they were. A directorate counts as one of its "
        "own services.",
        row_label="Directorate",
        columns=(
            "Services",
            "With an in-date EIA or screening",
            "With none",
            *(f"Reviews overdue: {words.lower()}" for _, words, *_ in LATENESS),
        ),
        rows=tuple(rows),
        chart=Chart(column=1, whole=0, caption="Services with an in-date EIA or screening, out of all services"),
        empty="The council has no services yet.",
    )


# What the assessments found


def signed_off_in(period, prefix="assessment__"):
    return Q(**{f"{prefix}approved_at__date__gte": period.start, f"{prefix}approved_at__date__lte": period.end})


def mitigated_q():
    return Q(Exists(AssessmentAction.mitigates.through.objects.filter(impactrow_id=OuterRef("pk"))))


def _impacts(council, period):
    """Per grid row label, in the order of the council's grid (rows authors added after), the counts of each
    period: negative at each level, those mitigated, and positive. One query, grouped by label and by the period
    each row's EIA was signed off in, so that each row's date is read once, not once a figure."""
    period_of = Case(
        When(signed_off_in(period), then=Value("now")),
        When(signed_off_in(period.previous), then=Value("before")),
        output_field=CharField(),
    )
    counts = {"positive": Count("pk", filter=~Q(positive=""))}
    for level in LEVELS:
        counts[level] = Count("pk", filter=Q(negative_level=level))
        counts[f"{level}_mitigated"] = Count("pk", filter=Q(negative_level=level) & mitigated_q())
    found = (
        ImpactRow.objects.filter(assessment__council=council)
        .filter(signed_off_in(period) | signed_off_in(period.previous))
        .filter(~Q(negative_level="") | ~Q(positive=""))
        .annotate(when=period_of)
        .values("label", "when")
        .annotate(order=Min("characteristic__position"), **counts)
        .order_by()
    )
    labels = {}
    for group in found:
        row = labels.setdefault(
            group["label"], {"label": group["label"], "order": None, **{f"{n}_{w}": 0 for n in counts for w in WHEN}}
        )
        if group["order"] is not None and (row["order"] is None or group["order"] < row["order"]):
            row["order"] = group["order"]
        for name in counts:
            row[f"{name}_{group['when']}"] = group[name]
    # Labels outside the council's grid after, in the order a reader would look for them.
    return sorted(
        labels.values(),
        key=lambda row: (row["order"] is None, row["order"] or 0, row["label"].casefold(), row["label"]),
    )


def _total(rows, heading, drop):
    """The row of totals, its figures asking for the records of every row: without `drop`."""
    if not rows:
        return []
    return [
        Row(
            heading,
            tuple(
                Figure(
                    sum(f.now for f in column),
                    sum(f.before for f in column),
                    {name: value for name, value in column[0].asks.items() if name != drop},
                )
                for column in zip(*(row.figures for row in rows), strict=True)
            ),
            is_total=True,
        )
    ]


def findings(council, period):
    found = _impacts(council, period)

    def figure(row, name, **asks):
        return Figure(row[f"{name}_now"], row[f"{name}_before"], asks)

    negative, positive = [], []
    for row in found:
        label = row["label"]
        by_level = []
        for level in LEVELS:
            by_level += [
                figure(row, level, figure="negative", label=label, level=level),
                figure(row, f"{level}_mitigated", figure="negative", label=label, level=level, mitigated="1"),
            ]
        if any(f.now or f.before for f in by_level):
            every = Figure(
                sum(f.now for f in by_level[::2]),
                sum(f.before for f in by_level[::2]),
                {"figure": "negative", "label": label},
            )
            mitigated = Figure(
                sum(f.now for f in by_level[1::2]),
                sum(f.before for f in by_level[1::2]),
                {"figure": "negative", "label": label, "mitigated": "1"},
            )
            negative.append(Row(label, (every, mitigated, *by_level)))
        if row["positive_now"] or row["positive_before"]:
            positive.append(Row(label, (figure(row, "positive", figure="positive", label=label),)))
    levels = [ImpactLevel(level).label for level in LEVELS]
    return [
        Table(
            key="negative",
            title="Negative impacts the assessments found",
            about="In the EIAs signed off in the period (each version signed off counts), the negative impacts "
            "on each group, at each level, and how many of them an action of the EIA addresses (mitigated).",
            row_label="Characteristic",
            columns=(
                "All levels",
                "Mitigated",
                *(words for level in levels for words in (level, f"{level}, mitigated")),
            ),
            rows=(*negative, *_total(negative, ALL_CHARACTERISTICS, "label")),
            chart=Chart(column=0, caption="Negative impacts on each group, all levels"),
            empty="No EIA signed off in the period rates a negative impact.",
        ),
        Table(
            key="positive",
            title="Positive impacts the assessments found",
            about="In the EIAs signed off in the period, the positive impacts on each group.",
            row_label="Characteristic",
            columns=("Positive impacts",),
            rows=(*positive, *_total(positive, ALL_CHARACTERISTICS, "label")),
            chart=Chart(column=0, caption="Positive impacts on each group"),
            empty="No EIA signed off in the period records a positive impact.",
        ),
    ]


# What was to be done


def due_q(period):
    return Q(review_date__gte=period.start, review_date__lte=period.end) & eia_standing_q(period.end, "assessment__")


# What became of an action due: done by the period's end; late, if its review date had passed by the period's end (or
# today, for a period still under way) without its being done by then.
STATES = {
    "done": lambda period: Q(done__done_on__lte=period.end),
    "late": lambda period: (
        Q(review_date__lt=min(period.end + timedelta(days=1), timezone.localdate()))
        & (Q(done__isnull=True) | Q(done__done_on__gt=F("review_date")))
    ),
}


def actions_due(council, period):
    states = {"": ANY, **{state: q(period) for state, q in STATES.items()}}
    before = {"": ANY, **{state: q(period.previous) for state, q in STATES.items()}}
    # Only the actions whose review dates fall in either period can be due in one: the others are left out before
    # any figure's test is made of them.
    in_either = Q(review_date__gte=period.previous.start, review_date__lte=period.end)
    counts = AssessmentAction.objects.filter(in_either, assessment__council=council).aggregate(
        **{
            f"{level}_{state}_{when}": Count("pk", filter=Q(priority=level) & due_q(each) & which[state])
            for level in LEVELS
            for state in states
            for when, each, which in (("now", period, states), ("before", period.previous, before))
        }
    )

    def figure(level, state):
        asks = {"figure": "actions-due", "priority": level, **({"state": state} if state else {})}
        return Figure(counts[f"{level}_{state}_now"], counts[f"{level}_{state}_before"], asks)

    rows = [Row(ImpactLevel(level).label, tuple(figure(level, state) for state in states)) for level in LEVELS]
    return Table(
        key="actions",
        title="EIA actions due in the period",
        about="The actions of the EIAs standing at the period's end whose review date falls in the period, by "
        "priority: how many were recorded as done by the period's end, and how many were late (their review date "
        "passed without their being done by it).",
        row_label="Priority",
        columns=("Due in the period", "Done", "Late"),
        rows=(*rows, *_total(rows, "All priorities", "priority")),
        chart=Chart(column=1, whole=0, caption="EIA actions done of those due in the period, by priority"),
    )
