"""The demo councils' improvement action plans, each loaded from a file kept beside this module through the same
importer a council would use. Cheshire West and Chester's is Sefton's peer review action plan, November 2022, in
EqA's default status words, with the CQC results of Hertfordshire and Gloucestershire (docs/sources.md) as examples.
Kent's is a small plan in Kent's own words, Red, Amber, Green and Blue, one action of it verified as complete by a
second person, so that a newcomer sees a council's own words and a verification in its pages and committee PDF."""

from datetime import date
from pathlib import Path

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from actionplans import importer
from actionplans.cqc import load_example_results
from actionplans.models import ActionPlan, FrameworkVersion, Source, StatusWord
from actionplans.statuses import Colour, Meaning
from councils.demo import CHESHIRE, KENT
from councils.models import Role

PLAN_FILE = Path(__file__).parent / "demo" / "seed_001_action_plan.csv"
TITLE = "National Assurance Framework – Adult Social Care – Peer Review Action Plan"

KENT_PLAN_FILE = Path(__file__).parent / "demo" / "kent_action_plan.csv"
KENT_TITLE = "Adult Social Care Improvement Plan after the CQC assessment"
# Kent's status words, in its order: RAG, with Blue for complete and verified.
KENT_WORDS = [
    ("Not started", Meaning.NOT_STARTED, Colour.GREY),
    ("Red", Meaning.OFF_TRACK, Colour.RED),
    ("Amber", Meaning.AT_RISK, Colour.AMBER),
    ("Green", Meaning.ON_TRACK, Colour.GREEN),
    ("Awaiting verification", Meaning.COMPLETE, Colour.PURPLE),
    ("Blue", Meaning.VERIFIED, Colour.BLUE),
]
KENT_VERIFIED = "A4"
KENT_EVIDENCE = (
    "The board's minutes of February, March and April 2024, each with the monthly performance report and the actions "
    "the board agreed."
)


@transaction.atomic
def load_demo(council, people):
    if council.slug == KENT:
        return _load_kent(council, people)
    if council.slug != CHESHIRE:
        return None
    manager = people[Role.MANAGER]
    load_example_results(council, people)
    plan = _plan(
        council,
        manager,
        TITLE,
        Source.LGA_PEER_REVIEW,
        date(2022, 11, 1),
        "The council's response to the LGA peer review of adult social care, set against CQC's quality statements. "
        "Reported to committee monthly.",
    )
    _import(plan, PLAN_FILE, manager)
    return plan


def _plan(council, manager, title, source, source_date, description):
    """The demo plan of the council with this title, made by its manager the first time."""
    plan, _ = ActionPlan.objects.get_or_create(
        council=council,
        title=title,
        defaults={
            "framework": FrameworkVersion.objects.get(is_current=True),
            "source": source,
            "source_date": source_date,
            "created_by": manager,
            "last_edited_by": manager,
            "description": description,
        },
    )
    return plan


def _import(plan, path, by):
    if plan.is_signed_off:
        return
    with path.open("rb") as plan_file:
        preview = importer.check(plan, importer.read_table(plan_file))
    if preview.errors:
        raise ValueError(f"The demo plan file does not import: {preview.errors}")
    # A second load finds nothing to add or change, and changes nothing.
    if preview.has_changes:
        importer.apply(plan, preview.rows, by=by, filename=path.name)


def _kent_words(council):
    """Kent's words in Kent's order, as its council admin would set them: the defaults it never used give way."""
    words = StatusWord.objects.filter(council=council)
    if words.filter(word__in=[word for word, _, _ in KENT_WORDS]).count() == len(KENT_WORDS):
        return
    kept = {word.word.casefold(): word for word in words}
    for word in words.exclude(word__in=[word for word, _, _ in KENT_WORDS]):
        if word.in_use():
            word.retired = True
            word.save(update_fields=["retired"])
        else:
            word.delete()
    bulk_create_with_history(
        [
            StatusWord(council=council, word=word, meaning=meaning, colour=colour)
            for word, meaning, colour in KENT_WORDS
            if word.casefold() not in kept
        ],
        StatusWord,
    )
    order = [word for word, _, _ in KENT_WORDS]
    for word in StatusWord.objects.filter(council=council):
        position = order.index(word.word) + 1 if word.word in order else len(order) + word.position
        if word.position != position:
            word.position = position
            word.save(update_fields=["position"])


def _load_kent(council, people):
    _kent_words(council)
    manager = people[Role.MANAGER]
    plan = _plan(
        council,
        manager,
        KENT_TITLE,
        Source.CQC_ASSESSMENT,
        date(2023, 12, 1),
        "Kent's response to the areas for improvement in its CQC local authority assessment, reported to the Adult "
        "Social Care Cabinet Committee each quarter.",
    )
    if plan.actions.exists():
        return plan  # loaded before: the file would take the verified action back to what it says
    _import(plan, KENT_PLAN_FILE, manager)
    action = plan.actions.get(ref=KENT_VERIFIED)
    if action.status == Meaning.COMPLETE:
        # A second person checks the evidence: never a lead officer, nor whoever recorded it complete.
        action.record_update(
            by=people[Role.AUTHOR],
            word=StatusWord.objects.get(council=council, meaning=Meaning.VERIFIED),
            note="Checked the board's minutes: the report goes to every meeting.",
            evidence=KENT_EVIDENCE,
        )
    return plan
