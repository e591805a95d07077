"""The largest EIA and plan EqA allows, and how long their committee PDFs take: sign-off renders the PDF inside
the request, so it must finish well inside a worker's time limit, or a record at the limits could never be signed.

The EIA holds EIA_TEXT_LIMIT characters, shared equally among its text boxes, with every one-line field at its
most, on the standard grid, with an action for each row. The plan has MAX_ACTIONS_PER_PLAN actions, each with three
milestones and an update, and holds PLAN_TEXT_LIMIT characters, shared equally among its description and its
actions' text boxes, milestones and latest notes. The records are made in a transaction that is rolled back, so the
scale data is left as it was.

    .venv/bin/python -m benchmarks.largest
"""

# Run as a script, which sets Django up in main(): what needs Django's settings or EqA's models is imported inside
# the functions that run after that.
import os
import time

from benchmarks import words as pool

NAME = "Largest allowed PDFs"
WORKER_TIMEOUT_S = 30  # gunicorn's default worker timeout, which a deployment keeps unless it says otherwise.
TARGET_S = WORKER_TIMEOUT_S / 3  # "well inside": a third of it, leaving room for a busy machine.


def words(limit, seed):
    """Officers' words, in paragraphs, to exactly `limit` characters."""
    sentences = pool.EVIDENCE + pool.NEGATIVE + pool.AIMS + pool.ACTIONS_TAKEN + pool.SUCCESS_MEASURES
    paragraphs, length, n = [], 0, seed
    while length < limit:
        paragraph = " ".join(sentences[(n + k) % len(sentences)] for k in range(4))
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
        n += 4
    return "\n\n".join(paragraphs)[:limit].rstrip().ljust(limit, ".")


def full(model, name, seed):
    """The one-line field filled to its limit."""
    return words(model._meta.get_field(name).max_length, seed)


def shares(total, boxes):
    """`total` characters shared among `boxes` text boxes as equally as whole characters allow."""
    share, rest = divmod(total, boxes)
    return iter([share + 1] * rest + [share] * (boxes - rest))


def largest_eia(council, service, author):
    from assessments.models import Assessment, AssessmentAction, ImpactRow
    from councils.forms import EIA_TEXT_LIMIT
    from councils.services import reference_take

    eia = Assessment.objects.create(
        council=council,
        reference=reference_take(council=council),
        service=service,
        created_by=author,
        last_edited_by=author,
        subject_type="service",
        decision="continue",
        **{
            name: full(Assessment, name, seed)
            for seed, name in enumerate(["title", "lead_officer", "commissioning_officers", "head_of_service"])
        },
    )
    eia.copy_grid_from_council()
    rows = list(eia.rows.all())
    text = shares(
        EIA_TEXT_LIMIT,
        len(Assessment.text_boxes) + len(rows) * (len(ImpactRow.text_boxes) + len(AssessmentAction.text_boxes)),
    )
    for seed, name in enumerate(Assessment.text_boxes):
        setattr(eia, name, words(next(text), seed))
    eia.save()
    for seed, row in enumerate(rows):
        for name in ImpactRow.text_boxes:
            setattr(row, name, words(next(text), seed))
        row.negative_level = "high"
    ImpactRow.objects.bulk_update(rows, [*ImpactRow.text_boxes, "negative_level"])
    for seed, row in enumerate(rows):
        action = AssessmentAction.objects.create(
            assessment=eia,
            priority="high",
            **{name: words(next(text), seed) for name in AssessmentAction.text_boxes},
            **{name: full(AssessmentAction, name, seed) for name in ("officer_responsible", "review_date_note")},
        )
        action.mitigates.set([row])
    assert eia.text_length() == EIA_TEXT_LIMIT
    return eia


def largest_plan(council, manager):
    from actionplans.models import (
        Action,
        ActionPlan,
        FrameworkVersion,
        Milestone,
        QualityStatement,
        StatusUpdate,
        StatusWord,
    )
    from actionplans.models.plan import MAX_ACTIONS_PER_PLAN
    from councils.forms import PLAN_TEXT_LIMIT

    milestones = 3
    text = shares(PLAN_TEXT_LIMIT, 1 + MAX_ACTIONS_PER_PLAN * (len(Action.text_boxes) + milestones + 1))
    framework = FrameworkVersion.objects.get(is_current=True)
    plan = ActionPlan.objects.create(
        council=council,
        framework=framework,
        source="lga_peer_review",
        created_by=manager,
        last_edited_by=manager,
        title=full(ActionPlan, "title", 0),
        description=words(next(text), 1),
    )
    statements = list(QualityStatement.objects.filter(theme__framework=framework))
    words_of = StatusWord.objects.filter(council=council)
    start, on_track = words_of.get(word="To be started"), words_of.get(word="On track")
    actions = Action.objects.bulk_create(
        Action(
            plan=plan,
            status=on_track.meaning,
            status_word=on_track,
            ref=f"T{n % 4 + 1}.{n}",
            ref_key=f"T{n % 4 + 1:04}.{n:04}",
            quality_statement=statements[n % len(statements)],
            theme_id=statements[n % len(statements)].theme_id,
            **{name: words(next(text), n) for name in Action.text_boxes},
        )
        for n in range(1, MAX_ACTIONS_PER_PLAN + 1)
    )
    Milestone.objects.bulk_create(
        Milestone(action=action, position=position, description=words(next(text), position))
        for action in actions
        for position in range(1, milestones + 1)
    )
    StatusUpdate.objects.bulk_create(
        StatusUpdate(
            action=action,
            by=manager,
            status=on_track.meaning,
            word=on_track,
            previous_status=start.meaning,
            previous_word=start,
            note=words(next(text), 2),
        )
        for action in actions
    )
    assert plan.text_length() == PLAN_TEXT_LIMIT
    return plan


def timed(render):
    started = time.perf_counter()
    pdf = render()
    return time.perf_counter() - started, len(pdf)


def measure():
    """[(what, seconds, bytes)] for the largest EIA's and plan's PDFs, rendered as sign-off renders them."""
    from django.db import transaction

    from actionplans.models.plan import MAX_ACTIONS_PER_PLAN
    from actionplans.pdf import render_plan_pdf
    from assessments.pdf import render_assessment_pdf
    from councils.forms import EIA_TEXT_LIMIT, PLAN_TEXT_LIMIT
    from councils.models import Council, Membership, Role

    council = Council.objects.filter(slug__startswith="scale-").order_by("slug").first()
    author = Membership.objects.filter(council=council, role=Role.AUTHOR).first().user
    service = council.services.first()
    with transaction.atomic():
        eia = largest_eia(council, service, author)
        plan = largest_plan(council, author)
        results = [
            (f"Largest EIA's PDF ({EIA_TEXT_LIMIT:,} characters)", *timed(lambda: render_assessment_pdf(eia))),
            (
                f"Largest plan's PDF ({MAX_ACTIONS_PER_PLAN} actions, {PLAN_TEXT_LIMIT:,} characters)",
                *timed(lambda: render_plan_pdf(plan)),
            ),
        ]
        transaction.set_rollback(True)
    return results


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("generate_scale_data")
    for what, seconds, size in measure():
        verdict = "meets" if seconds < TARGET_S else "misses"
        print(
            f"{what}: {seconds:.1f} s, {size / 1e6:.1f} MB ({verdict} {TARGET_S:.0f} s, a third of the "
            f"{WORKER_TIMEOUT_S} s worker time limit)"
        )


if __name__ == "__main__":
    main()
