"""The records behind each figure of the annual equality report's parts that come from a council's EIAs and
screenings (annual_report.py): the records page of a figure, and the PDF's appendix of them all."""

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from assessments.annual_report import ANY, LATENESS, LEVELS, STATES, due_q, late_q, mitigated_q, signed_off_in, under
from assessments.models import Assessment, AssessmentAction, ImpactLevel, ImpactRow
from assessments.service_coverage import SOURCES, covered_q
from councils.models import Service
from councils.reports import Record, Records


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
    found = Service.objects.filter(council=council).filter(where(period) & under(directorate))
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
            .filter(under(directorate, "service__"))
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
            records = records.filter(late_q(source, on, late))
        for record in (
            records.filter(under(directorate, "service__"))
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
    rows = ImpactRow.objects.filter(signed_off_in(period), assessment__council=council)
    rows = rows.exclude(negative_level="") if negative else rows.exclude(positive="")
    if asked.get("label"):
        rows = rows.filter(label=asked["label"])
    if level:
        rows = rows.filter(negative_level=level)
    mitigated = asked.get("mitigated") == "1" if negative else False
    if mitigated:
        rows = rows.filter(mitigated_q())
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
    priority, state = _chosen(asked, "priority", LEVELS), _chosen(asked, "state", list(STATES))
    if priority is None or state is None:
        return None
    actions = AssessmentAction.objects.filter(due_q(period), assessment__council=council)
    if priority:
        actions = actions.filter(priority=priority)
    if state:
        actions = actions.filter(STATES[state](period))
    found = []
    for action in actions.select_related("assessment__service", "done").order_by("review_date", "pk"):
        done = getattr(action, "done", None)
        done_words = f", done {_day(done.done_on)}" if done else ", not recorded as done"
        found.append(
            Record(
                action.action_required,
                action.assessment.get_absolute_url() + f"#action-{action.pk}",
                action.assessment.service.path,
                f"{action.get_priority_display()} priority, review {_day(action.review_date)}{done_words}; "
                f"{_titled(action.assessment)}",
            )
        )
    level = f" of {ImpactLevel(priority).label.lower()} priority" if priority else ""
    which = {"": "due", "done": "due and done", "late": "due and late"}[state]
    return Records(f"EIA actions{level} {which} from {period.dates}", found)


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
        ImpactRow.objects.filter(signed_off_in(period), assessment__council=council)
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
    """Each EIA with actions due in the period, how many of each priority, and how many were done and late. Two
    queries."""
    due = {
        row["assessment"]: row
        for row in AssessmentAction.objects.filter(due_q(period), assessment__council=council)
        .values("assessment")
        .annotate(
            **{level: Count("pk", filter=Q(priority=level)) for level in LEVELS},
            **{f"{state}_count": Count("pk", filter=q(period)) for state, q in STATES.items()},
        )
        .order_by()
    }
    records = []
    for eia in _eias(council, list(due)):
        found = due[eia.pk]
        counts = [f"{found[level]} {ImpactLevel(level).label.lower()}" for level in LEVELS if found[level]]
        done, late = found["done_count"], found["late_count"]
        detail = f"Actions due, by priority: {', '.join(counts)}; {done} done, {late} late"
        records.append(_record(eia, detail))
    return Records(f"EIAs with actions due from {period.dates}", records)
