"""The annual equality report's parts that come from a council's EIAs and screenings, and the records behind each
of their figures (councils/reports.py gives their shape; the report's page, PDF and spreadsheet show them).

- Coverage, on the period's last day: of the council's services, by directorate (a top-level service), those with an
  in-date EIA or screened-out decision (the rule is assessments/service_coverage.py), those with none, and the
  reviews overdue, by how late.
- What the assessments found: the EIAs signed off in the period (each version signed off counts), their negative
  impacts by characteristic and level and how many have an action of the EIA addressing them, and their positive
  impacts by characteristic.
- What was to be done: the actions of the EIAs standing at the period's end whose review date falls in it, by
  priority. EqA keeps when an EIA's action is to be reviewed, not when it is done.

Each figure is also counted for the period before, of the same length. Every part is a fixed number of aggregate
queries, however many records there are."""

from datetime import timedelta

from django.db.models import Case, CharField, Count, Exists, F, Min, OuterRef, Q, Value, When
from django.db.models.functions import Left, StrIndex
from django.urls import reverse

from assessments.models import Assessment, AssessmentAction, ImpactLevel, ImpactRow
from assessments.service_coverage import SOURCES, covered_q, eia_standing_q
from councils.models import Service
from councils.reports import Chart, Figure, Record, Records, Row, Table

LEVELS = [ImpactLevel.HIGH, ImpactLevel.MEDIUM, ImpactLevel.LOW]
# How late a review is on the period's last day: (key, words, fewest days, most days).
LATENESS = [
    ("3m", "Up to 3 months", 1, 91),
    ("12m", "3 to 12 months", 92, 365),
    ("older", "More than a year", 366, None),
]
ANY = Q(pk__isnull=False)
ALL_SERVICES = "All services"
ALL_CHARACTERISTICS = "All characteristics"


def parts(council, period):
    return [coverage(council, period), *findings(council, period), actions_due(council, period)]


# Coverage


def directorates(council):
    return list(Service.objects.filter(council=council, parent=None).order_by("name", "pk"))


def _under(directorate, prefix=""):
    if directorate is None:
        return ANY
    return Q(**{f"{prefix}path": directorate.path}) | Q(**{f"{prefix}path__startswith": f"{directorate.path} > "})


def _late_q(source, on, key):
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
                    f"{key}_{when}": Count("pk", filter=source.overdue_q(on) & _late_q(source, on, key))
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


def _signed_off_in(period, prefix="assessment__"):
    return Q(**{f"{prefix}approved_at__date__gte": period.start, f"{prefix}approved_at__date__lte": period.end})


def _mitigated():
    return Q(Exists(AssessmentAction.mitigates.through.objects.filter(impactrow_id=OuterRef("pk"))))


def _impacts(council, period):
    """Per grid row label, in the order of the council's grid (rows authors added after), the counts of each
    period: negative at each level, those mitigated, and positive. One query."""
    periods = (("now", period), ("before", period.previous))
    counts = {}
    for when, each in periods:
        signed = _signed_off_in(each)
        counts[f"positive_{when}"] = Count("pk", filter=signed & ~Q(positive=""))
        for level in LEVELS:
            negative = signed & Q(negative_level=level)
            counts[f"{level}_{when}"] = Count("pk", filter=negative)
            counts[f"{level}_mitigated_{when}"] = Count("pk", filter=negative & _mitigated())
    return list(
        ImpactRow.objects.filter(assessment__council=council)
        .filter(_signed_off_in(period) | _signed_off_in(period.previous))
        .filter(~Q(negative_level="") | ~Q(positive=""))
        .values("label")
        .annotate(order=Min("characteristic__position"), **counts)
        .order_by(F("order").asc(nulls_last=True), "label")
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


def _due_q(period):
    return Q(review_date__gte=period.start, review_date__lte=period.end) & eia_standing_q(period.end, "assessment__")


def actions_due(council, period):
    counts = AssessmentAction.objects.filter(assessment__council=council).aggregate(
        **{
            f"{level}_{when}": Count("pk", filter=Q(priority=level) & _due_q(each))
            for level in LEVELS
            for when, each in (("now", period), ("before", period.previous))
        }
    )
    rows = [
        Row(
            ImpactLevel(level).label,
            (Figure(counts[f"{level}_now"], counts[f"{level}_before"], {"figure": "actions-due", "priority": level}),),
        )
        for level in LEVELS
    ]
    return Table(
        key="actions",
        title="EIA actions due in the period",
        about="The actions of the EIAs standing at the period's end whose review date falls in the period, by "
        "priority. An EIA's action plan records when each action is to be reviewed, not when it is done.",
        row_label="Priority",
        columns=("Due in the period",),
        rows=(*rows, *_total(rows, "All priorities", "priority")),
        chart=Chart(column=0, caption="EIA actions due in the period, by priority"),
    )


# The records behind each figure


def _day(value):
    return f"{value.day} {value:%B %Y}"


def _directorate(council, asked):
    """The directorate asked for: None for all of them; False for one that is not the council's."""
    pk = asked.get("directorate", "")
    if not pk:
        return None
    if not pk.isdecimal() or len(pk) > 18:
        return False
    return Service.objects.filter(council=council, parent=None, pk=pk).first() or False


def _chosen(asked, name, allowed):
    """A value the page's links give (a level, a band of lateness): "" for any; None for one they never give."""
    value = asked.get(name, "")
    return value if value == "" or value in allowed else None


def _titled(record):
    return f"{record.reference}: {record.title}" if record.reference else record.title


def _record(record, detail, *, version=False):
    """A record as the records pages list it, and its reference for the PDF's appendix."""
    title, short = _titled(record), record.reference or record.title
    if version:
        title, short = f"{title} (version {record.version})", f"{short} (version {record.version})"
    return Record(title, record.get_absolute_url(), record.service.path, detail, short)


def _in(directorate):
    return f" in {directorate.name}" if directorate else ""


def _services(council, period, asked, *, where, title):
    directorate = _directorate(council, asked)
    if directorate is False:
        return None
    found = Service.objects.filter(council=council).filter(where(period) & _under(directorate))
    list_url = reverse("assessments:list")
    return Records(
        f"{title}{_in(directorate)}", [Record(service.path, f"{list_url}?service={service.pk}") for service in found]
    )


def _covered(council, period, asked):
    directorate = _directorate(council, asked)
    if directorate is False:
        return None
    found = []
    for source in SOURCES:
        for record in (
            source.model.objects.filter(source.in_date_q(period.end), council=council)
            .filter(_under(directorate, "service__"))
            .select_related("service")
            .order_by("service__path", "reference", "pk")
        ):
            detail = f"{source.kind}, review due {_day(source.review_date(record))}"
            found.append(_record(record, detail))
    return Records(
        f"In-date EIAs and screenings on {_day(period.end)}{_in(directorate)}",
        sorted(found, key=lambda record: (record.service, record.title)),
        note="The figure counts services: a service with more than one in-date record is listed with each.",
    )


def _overdue(council, period, asked):
    directorate, late = _directorate(council, asked), _chosen(asked, "late", [key for key, *_ in LATENESS])
    if directorate is False or late is None:
        return None
    on = period.end
    found = []
    for source in SOURCES:
        records = source.model.objects.filter(source.overdue_q(on), council=council)
        if late:
            records = records.filter(_late_q(source, on, late))
        for record in (
            records.filter(_under(directorate, "service__"))
            .select_related("service")
            .order_by(source.review_field, "pk")
        ):
            due = source.review_date(record)
            days = (on - due).days
            detail = f"{source.kind}, review was due {_day(due)}: {days} day{'s' * (days != 1)} late"
            found.append(_record(record, detail))
    band = next((f" ({words.lower()} late)" for key, words, *_ in LATENESS if key == late), "")
    return Records(f"Reviews overdue on {_day(on)}{band}{_in(directorate)}", found)


def _impact_rows(council, period, asked, *, negative):
    level = _chosen(asked, "level", LEVELS) if negative else ""
    if level is None:
        return None
    rows = ImpactRow.objects.filter(_signed_off_in(period), assessment__council=council)
    rows = rows.exclude(negative_level="") if negative else rows.exclude(positive="")
    if asked.get("label"):
        rows = rows.filter(label=asked["label"])
    if level:
        rows = rows.filter(negative_level=level)
    mitigated = asked.get("mitigated") == "1" if negative else False
    if mitigated:
        rows = rows.filter(_mitigated())
    rows = rows.annotate(addressed_by=Count("actions")).select_related("assessment__service")
    found = []
    for row in rows.order_by("assessment__reference", "assessment__version", "position"):
        if negative:
            detail = f"{row.label}: {row.get_negative_level_display().lower()} negative impact, " + (
                f"addressed by {row.addressed_by} action{'s' * (row.addressed_by != 1)}"
                if row.addressed_by
                else "no action addresses it"
            )
        else:
            detail = f"{row.label}: positive impact"
        eia = row.assessment
        found.append(
            Record(f"{_titled(eia)} (version {eia.version})", eia.get_absolute_url(), eia.service.path, detail)
        )
    what = "Negative" if negative else "Positive"
    words = [f"{ImpactLevel(level).label.lower()} " if level else "", f"{what.lower()} impacts"]
    title = f"{''.join(words).capitalize()}{' mitigated' if mitigated else ''}"
    if asked.get("label"):
        title += f" on {asked['label']}"
    return Records(f"{title} in the EIAs signed off from {period.dates}", found)


def _actions(council, period, asked):
    priority = _chosen(asked, "priority", LEVELS)
    if priority is None:
        return None
    actions = AssessmentAction.objects.filter(_due_q(period), assessment__council=council)
    if priority:
        actions = actions.filter(priority=priority)
    found = [
        Record(
            action.action_required,
            action.assessment.get_absolute_url(),
            action.assessment.service.path,
            f"{action.get_priority_display()} priority, review {_day(action.review_date)}; "
            f"{_titled(action.assessment)}",
        )
        for action in actions.select_related("assessment__service").order_by("review_date", "pk")
    ]
    level = f" of {ImpactLevel(priority).label.lower()} priority" if priority else ""
    return Records(f"EIA actions{level} due from {period.dates}", found)


RECORDS = {
    "services": lambda council, period, asked: _services(
        council, period, asked, where=lambda _: ANY, title="The council's services"
    ),
    "covered": _covered,
    "uncovered": lambda council, period, asked: _services(
        council,
        period,
        asked,
        where=lambda each: ~covered_q(each.end),
        title=f"Services with no in-date EIA or screening on {_day(period.end)}",
    ),
    "overdue": _overdue,
    "negative": lambda council, period, asked: _impact_rows(council, period, asked, negative=True),
    "positive": lambda council, period, asked: _impact_rows(council, period, asked, negative=False),
    "actions-due": _actions,
}


def records(council, period, asked):
    """The records behind the figure `asked` names (the records page's query), or None when it names none."""
    found = RECORDS.get(asked.get("figure", ""))
    return found(council, period, asked) if found else None


def appendices(council, period):
    """The records behind every figure of these parts, for the PDF's appendix: each record once, with what it
    counts for (a committee paper of thousands of impact rows, one a line, would be hundreds of pages)."""
    return [
        *(RECORDS[kind](council, period, {}) for kind in ("covered", "uncovered", "overdue")),
        _eias_found(council, period),
        _eias_with_actions_due(council, period),
    ]


def _eias(council, pks):
    return (
        Assessment.objects.filter(council=council, pk__in=pks)
        .select_related("service")
        .order_by("reference", "version", "pk")
    )


def _eias_found(council, period):
    """Each EIA signed off in the period, with the negative impacts it found (their level, and whether an action
    addresses them) and the positive ones. Two queries."""
    found = {}
    for assessment_id, label, level, positive, mitigated in (
        ImpactRow.objects.filter(_signed_off_in(period), assessment__council=council)
        .filter(~Q(negative_level="") | ~Q(positive=""))
        .annotate(mitigated=Exists(AssessmentAction.mitigates.through.objects.filter(impactrow_id=OuterRef("pk"))))
        .order_by("assessment", "position")
        .values_list("assessment_id", "label", "negative_level", "positive", "mitigated")
    ):
        negatives, positives = found.setdefault(assessment_id, ([], []))
        if level:
            negatives.append(f"{label} ({ImpactLevel(level).label.lower()}{', mitigated' if mitigated else ''})")
        if positive:
            positives.append(label)
    records = []
    for eia in _eias(council, list(found)):
        negatives, positives = found[eia.pk]
        detail = "; ".join(
            words
            for words in (
                f"Negative: {', '.join(negatives)}" if negatives else "",
                f"Positive: {', '.join(positives)}" if positives else "",
            )
            if words
        )
        records.append(
            Record(f"{_titled(eia)} (version {eia.version})", eia.get_absolute_url(), eia.service.path, detail)
        )
    return Records(f"EIAs signed off from {period.dates} and the impacts they found", records)


def _eias_with_actions_due(council, period):
    """Each EIA with actions due in the period, and how many of each priority. Two queries."""
    due = {
        row["assessment"]: row
        for row in AssessmentAction.objects.filter(_due_q(period), assessment__council=council)
        .values("assessment")
        .annotate(**{level: Count("pk", filter=Q(priority=level)) for level in LEVELS})
        .order_by()
    }
    records = []
    for eia in _eias(council, list(due)):
        counts = [f"{due[eia.pk][level]} {ImpactLevel(level).label.lower()}" for level in LEVELS if due[eia.pk][level]]
        detail = f"Actions due, by priority: {', '.join(counts)}"
        records.append(_record(eia, detail))
    return Records(f"EIAs with actions due from {period.dates}", records)
