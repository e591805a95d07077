"""The demo councils' improvement action plans. Cheshire West and Chester's: Sefton's peer review action plan,
November 2022, loaded from the file kept beside this module through the same importer a council would use, in EqA's
default status words, with the CQC results of Hertfordshire and Gloucestershire (docs/sources.md) as examples. Kent's:
a plan made against CQC's five key questions, in Kent's own status words, one action of it verified (demo_kent.py)."""

from datetime import date
from pathlib import Path

from django.db import transaction

from actionplans import demo_kent, importer
from actionplans.cqc import load_example_results
from actionplans.models import ActionPlan, FrameworkVersion, Source
from councils.demo import CHESHIRE, KENT
from councils.models import Role

PLAN_FILE = Path(__file__).parent / "demo" / "seed_001_action_plan.csv"
TITLE = "National Assurance Framework – Adult Social Care – Peer Review Action Plan"


@transaction.atomic
def load_demo(council, people):
    if council.slug == KENT:
        return demo_kent.load_demo(council, people)
    if council.slug != CHESHIRE:
        return None
    manager = people[Role.MANAGER]
    load_example_results(council, people)
    plan, _ = ActionPlan.objects.get_or_create(
        council=council,
        title=TITLE,
        defaults={
            "framework": FrameworkVersion.objects.get(is_current=True),
            "source": Source.LGA_PEER_REVIEW,
            "source_date": date(2022, 11, 1),
            "created_by": manager,
            "last_edited_by": manager,
            "description": "The council's response to the LGA peer review of adult social care, set against CQC's "
            "quality statements. Reported to committee monthly.",
        },
    )
    if plan.is_signed_off:
        return plan
    with PLAN_FILE.open("rb") as plan_file:
        preview = importer.check(plan, importer.read_table(plan_file))
    if preview.errors:
        raise ValueError(f"The demo plan file does not import: {preview.errors}")
    # A second load finds nothing to add or change, and changes nothing.
    if preview.has_changes:
        importer.apply(plan, preview.rows, by=manager, filename=PLAN_FILE.name)
    return plan
