"""Kent County Council's demo plan, unlike Cheshire's: made against CQC's five key questions, as a council plans its
response to a CQC inspection of a care service it runs itself, with the "must do" and "should do" actions such a
report asks for and a target date for each. An example made for the demo, not taken from a published report."""

from datetime import date

from django.db import transaction

from actionplans.models import Action, ActionPlan, ActionStatus, FrameworkKind, FrameworkVersion, Priority, Source
from councils.models import Role

TITLE = "CQC inspection action plan: the council's own day and respite service"

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


@transaction.atomic
def load_demo(council, people):
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
    plan.actions.get(ref="1").record_update(
        by=manager,
        status=ActionStatus.STARTED,
        note="Electronic medicines records are in use; handover checks start next month.",
        on=date(2025, 2, 14),
    )
    return plan
