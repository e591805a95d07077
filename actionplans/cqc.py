"""CQC local authority assessment results: who may record one, the scores a plan page shows beside its
actions, another council's to compare them with, and the two published results the demo loads as examples."""

from datetime import date

from django.db import transaction
from django.db.models import F, OuterRef, Subquery

from actionplans.framework_data import EXAMPLE_RESULTS
from actionplans.models import CqcResult, FrameworkVersion, QualityStatement, StatementScore
from actionplans.rating import BANDS
from councils.models import Role

# Who may record a council's CQC assessment result; everyone of the council may read it.
RECORDERS = (Role.COUNCIL_ADMIN, Role.MANAGER, Role.APPROVER)


def current_framework():
    return FrameworkVersion.objects.get(is_current=True)


def current_statements(framework):
    """The framework's quality statements CQC scores today, in theme order, with their themes."""
    return (
        QualityStatement.objects.filter(theme__framework=framework, retired=False)
        .select_related("theme")
        .order_by("theme__number", "position", "pk")
    )


def latest_scores(council, framework, assessed=""):
    """{quality statement id: StatementScore} for each statement of the framework that the council's CQC results
    of one assessed council scored (its own, or with `assessed` another's by name), from the most recent result (by
    date of the assessment, then the last recorded) that scored it. Each score comes with its .result and
    .quality_statement. One query, however many results and statements there are."""
    theirs = {"result__council": council, "result__assessed_council": assessed}
    newest = (
        StatementScore.objects.filter(**theirs, quality_statement=OuterRef("quality_statement"))
        .order_by("-result__assessed_on", "-result_id")
        .values("pk")[:1]
    )
    scores = StatementScore.objects.filter(
        **theirs, quality_statement__theme__framework=framework, pk=Subquery(newest)
    ).select_related("result", "quality_statement")
    return {score.quality_statement_id: score for score in scores}


def comparison_councils(council, framework):
    """The names of the other councils whose results `council` keeps against `framework`, the most recently
    published first."""
    names = (
        CqcResult.objects.filter(council=council, framework=framework)
        .comparisons()
        .order_by(F("published_on").desc(nulls_last=True), "-assessed_on", "-id")
        .values_list("assessed_council", flat=True)
    )
    return list(dict.fromkeys(names))


def in_words(score):
    """A score as its number and CQC's words, shortly: "3: good standard"."""
    return f"{score}: {SHORT_WORDS[score]}"


SHORT_WORDS = {1: "significant shortfalls", 2: "some shortfalls", 3: "good standard", 4: "exceptional standard"}


def where_in_band(result):
    """Where a Rating sits in its band, in words, e.g. "50% is 11 points above the bottom of Requires
    improvement (39% to 62%) and 13 points below Good (63%)"."""
    low, high = result.band
    above = result.percentage - low
    text = (
        f"{result.percentage}% is {_points(above)} above the bottom of {result.rating} ({low}% to {high}%)"
        if above
        else f"{result.percentage}% is the bottom of {result.rating} ({low}% to {high}%)"
    )
    better = [(floor, name) for floor, name in BANDS if floor > high]
    if better:
        floor, name = min(better)
        return f"{text} and {_points(floor - result.percentage)} below {name} ({floor}%)"
    if result.percentage < 100:
        return f"{text} and {_points(100 - result.percentage)} below 100%, the top score"
    return f"{text}: the top score"


def _points(n):
    return "1 point" if n == 1 else f"{n} points"


# The published results of Hertfordshire and Gloucestershire, kept by the demo council to compare with. The seeds
# give no dates. CQC's press releases give the days the reports were published: Hertfordshire's on 17 May 2024 (the
# council was assessed in January 2024), Gloucestershire's on 31 January 2025. Where the day of the assessment is not
# known, a placeholder stands in, and the summary says so.
EXAMPLES = {
    "Hertfordshire County Council": {
        "assessed_on": date(2024, 1, 1),
        "published_on": date(2024, 5, 17),
        "about": (
            "Hertfordshire County Council's published score and key findings for one quality statement, "
            "Equity in experience and outcomes. Only that statement is recorded here, so EqA gives no overall "
            "rating: it rates a result when all nine statements are scored."
        ),
        "dates": (
            "CQC assessed the council in January 2024 (1 January 2024 stands in for the day) and published its "
            "report on 17 May 2024."
        ),
    },
    "Gloucestershire County Council": {
        "assessed_on": date(2024, 10, 1),
        "published_on": date(2025, 1, 31),
        "about": (
            "Gloucestershire County Council's published scores for all nine quality statements (each 2) "
            "and its overall rating, Requires improvement."
        ),
        "dates": (
            "CQC published its report on 31 January 2025. The date of the assessment is not recorded here: "
            "1 October 2024 stands in for it."
        ),
        "then": "Below is CQC's summary of people's experiences, as published.",
    },
}


def example_title(council_name):
    return f"Example: {council_name}, CQC local authority assessment"


def _example_summary(result):
    example = EXAMPLES[result["council_name"]]
    text = (
        "This is an example for the demo: another council's published result, kept to compare with. "
        f"{example['about']} {example['dates']}"
    )
    if result["summary"]:
        return f"{text} {example['then']}\n\n{result['summary']}"
    return text


def load_example_results(council, people):
    """Record Hertfordshire's and Gloucestershire's CQC results for the demo council to compare with (Gloucestershire's
    nine scores, Hertfordshire's one), against the current framework. `people` maps a Role to the demo user of that
    role; the example is recorded by the manager (else the council admin, else any of them). Running it again changes
    nothing: an example already there, by its title, is left as it is, except that one recorded before results said
    whose they were is marked as the other council's. Returns the examples' results."""
    recorder = people.get(Role.MANAGER) or people.get(Role.COUNCIL_ADMIN) or next(iter(people.values()))
    framework = current_framework()
    statements = {}
    for statement in QualityStatement.objects.filter(theme__framework=framework):
        for name in (statement.name, *statement.aliases):
            statements.setdefault(name, statement)
    results = []
    with transaction.atomic():
        for example in EXAMPLE_RESULTS:
            name, dates = example["council_name"], EXAMPLES[example["council_name"]]
            result, created = CqcResult.objects.get_or_create(
                council=council,
                title=example_title(name),
                defaults={
                    "framework": framework,
                    "assessed_council": name,
                    "assessed_on": dates["assessed_on"],
                    "published_on": dates["published_on"],
                    "summary": _example_summary(example),
                    "created_by": recorder,
                },
            )
            if not result.assessed_council:
                result.assessed_council, result.published_on = name, dates["published_on"]
                result._history_user = recorder
                result.save(update_fields=["assessed_council", "published_on"])
            if created:
                StatementScore.objects.bulk_create(
                    StatementScore(
                        result=result,
                        quality_statement=statements[name],
                        score=score,
                        key_findings=example["key_findings"].get(name, ""),
                    )
                    for name, score in example["scores"].items()
                )
            results.append(result)
    return results
