"""Kent County Council's demo plan, unlike Cheshire's: made against CQC's five key questions, as a council plans its
response to a CQC inspection of a care service it runs itself, with the "must do" and "should do" actions such a
report asks for and a target date for each. It is worded in Kent's own status words, Red, Amber, Green and Blue, and one
action of it is verified as complete by a second person, so that a newcomer sees a council's own words and a
verification in its pages and committee PDF. An example made for the demo, not taken from a published report."""

from datetime import date

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from actionplans.models import Action, ActionPlan, FrameworkKind, FrameworkVersion, Priority, Source, StatusWord
from actionplans.statuses import Colour, Meaning
from councils.models import Role

TITLE = "CQC inspection action plan: the council's own day and respite service"

# Kent's status words, in its order: RAG, with Blue for complete and verified.
WORDS = [
    ("Not started", Meaning.NOT_STARTED, Colour.GREY),
    ("Red", Meaning.OFF_TRACK, Colour.RED),
    ("Amber", Meaning.AT_RISK, Colour.AMBER),
    ("Green", Meaning.ON_TRACK, Colour.GREEN),
    ("Awaiting verification", Meaning.COMPLETE, Colour.PURPLE),
    ("Blue", Meaning.VERIFIED, Colour.BLUE),
]
VERIFIED = "5"
EVIDENCE = (
    "The medicines audits of February and March 2025 by the manager of another service, each with the Head of "
    "Service's notes of what was put right."
)
# (ref, the word the manager recorded, on, note): the plan's progress so far, oldest first.
UPDATES = [
    ("1", "Green", date(2025, 2, 14), "Electronic medicines records are in use; handover checks start next month."),
    ("2", "Amber", date(2025, 3, 3), "Falls reviews are happening, but not always within 48 hours at weekends."),
    ("3", "Red", date(2025, 3, 3), "Training places are short: a third of staff are still waiting for a date."),
    ("5", "Awaiting verification", date(2025, 3, 28), "The second monthly audit is done and reported."),
]

# (ref, key question, priority, target date, area of focus, actions we are taking, lead officers)
ACTIONS = [
    (
        "1",
        "Safe",
        Priority.MUST_DO,
        date(2025, 3, 31),
        "Medicines were not always recorded when they were given.",
        "Every medicine given is signed for on the electronic record; a senior checks the record at each handover.",
        "Registered Manager",
    ),
    (
        "2",
        "Safe",
        Priority.SHOULD_DO,
        date(2025, 4, 30),
        "Risk assessments for people at risk of falls were not reviewed after a fall.",
        "A falls review within 48 hours of any fall, recorded in the person's care plan.",
        "Registered Manager\nFalls Prevention Lead",
    ),
    (
        "3",
        "Effective",
        Priority.SHOULD_DO,
        date(2025, 6, 30),
        "Not every member of staff had completed their dementia training.",
        "Dementia training booked for every member of staff, and checked in supervision.",
        "Learning and Development Manager",
    ),
    (
        "4",
        "Responsive",
        Priority.SHOULD_DO,
        date(2025, 5, 31),
        "Care plans did not always say how people liked to spend their day.",
        "Each care plan is reviewed with the person and their family, starting with what matters to them.",
        "Deputy Manager",
    ),
    (
        "5",
        "Well-led",
        Priority.MUST_DO,
        date(2025, 3, 31),
        "The provider's audits had not found the gaps in medicines records.",
        "A monthly medicines audit by a manager from another service, reported to the Head of Service.",
        "Head of Service, Older People and Physical Disability",
    ),
]


def _words(council):
    """Kent's words in Kent's order, as its council admin would set them: the defaults it never used give way."""
    words = StatusWord.objects.filter(council=council)
    if words.filter(word__in=[word for word, _, _ in WORDS]).count() == len(WORDS):
        return
    kept = {word.word.casefold(): word for word in words}
    for word in words.exclude(word__in=[word for word, _, _ in WORDS]):
        if word.in_use():
            word.retired = True
            word.save(update_fields=["retired"])
        else:
            word.delete()
    bulk_create_with_history(
        [
            StatusWord(council=council, word=word, meaning=meaning, colour=colour)
            for word, meaning, colour in WORDS
            if word.casefold() not in kept
        ],
        StatusWord,
    )
    order = [word for word, _, _ in WORDS]
    for word in StatusWord.objects.filter(council=council):
        position = order.index(word.word) + 1 if word.word in order else len(order) + word.position
        if word.position != position:
            word.position = position
            word.save(update_fields=["position"])


@transaction.atomic
def load_demo(council, people):
    _words(council)
    manager = people[Role.MANAGER]
    framework = FrameworkVersion.objects.get(council=None, kind=FrameworkKind.CQC_KEY_QUESTIONS)
    plan, made = ActionPlan.objects.get_or_create(
        council=council,
        title=TITLE,
        defaults={
            "framework": framework,
            "source": Source.CQC_ASSESSMENT,
            "source_date": date(2025, 1, 15),
            "created_by": manager,
            "last_edited_by": manager,
            "description": "The council's response to a CQC inspection of a care service it runs itself, set against "
            "CQC's five key questions: what the report says the service must do, and what it should do.",
        },
    )
    if not made:
        return plan
    themes = {theme.name: theme for theme in framework.themes.all()}
    for ref, question, priority, target, focus, taking, leads in ACTIONS:
        action = Action(
            plan=plan,
            ref=ref,
            theme=themes[question],
            priority=priority,
            target_date=target,
            area_of_focus=focus,
            actions_taken=taking,
            lead_officers=leads,
        )
        action._history_user = manager
        action.save()
    words = {word.word: word for word in StatusWord.objects.filter(council=council)}
    for ref, word, on, note in UPDATES:
        plan.actions.get(ref=ref).record_update(by=manager, word=words[word], note=note, on=on)
    # A second person checks the evidence: never a lead officer, nor whoever recorded it complete.
    plan.actions.get(ref=VERIFIED).record_update(
        by=people[Role.AUTHOR],
        word=words["Blue"],
        note="Checked both audits and the notes: every gap found was put right within the week.",
        evidence=EVIDENCE,
        on=date(2025, 4, 7),
    )
    return plan
