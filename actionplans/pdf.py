"""An improvement action plan as a committee paper (A4 landscape), and its dated progress reports.

The plan's PDF: a title page, a summary page (chart and table of actions by status), the actions grouped by the
theme and item (quality statement) of the plan's framework in ref order, and the sign-off block; DRAFT on every page
until it is signed off. At sign-off actionplans.services.plan_approve renders it once and keeps the bytes; every
download after that serves them.

A progress report is rendered fresh, never stored: the signed-off plan with each action's status and latest
update as they stood at the end of a given day.

Everything is fetched in a fixed number of queries, however many actions the plan has.
"""

from django.db.models import Prefetch
from django.utils import dateformat, timezone
from django.utils.text import slugify

from actionplans.chart import status_chart
from actionplans.grouping import grouped
from actionplans.milestones import counts_as_done, is_overdue
from actionplans.models import Action, Milestone, PlanIssuedPdf, StatusUpdate, StatusWord, Theme
from actionplans.statuses import FINISHED, Meaning
from actionplans.summary import as_of as words_as_of
from actionplans.summary import latest_updates, summarise, verifications
from assessments.models import Assessment
from councils.pdf import pdf_response, render_pdf

# Characters of a cell that fill most of a landscape page at the table's width and type size: such a row may
# break across pages (it then repeats the column headings on each), any other row is kept on one page.
LONG_CELL = 900


def plan_pdf_response(plan):
    """A signed-off plan downloads as the bytes issued at sign-off, unchanged; any other is rendered now, DRAFT."""
    if plan.is_signed_off:
        issued = _issued(plan)
        if issued is not None:
            return pdf_response(issued.read(), _filename(plan, "signed-off"))
        return pdf_response(render_plan_pdf(plan), _filename(plan, "signed-off"))
    return pdf_response(render_plan_pdf(plan), _filename(plan, "draft"))


def progress_report_response(plan, when):
    """The signed-off plan's progress as of the end of the day `when`, rendered now and not kept."""
    if not plan.is_signed_off:
        raise ValueError("A progress report needs a signed-off plan.")
    pdf = render_plan_pdf(plan, issued=_issued(plan), as_of=when)
    return pdf_response(pdf, _filename(plan, f"progress-report-{when:%Y-%m-%d}"))


def _issued(plan):
    try:
        return plan.issued_pdf
    except PlanIssuedPdf.DoesNotExist:
        return None


def _filename(plan, kind):
    return f"action-plan-{plan.pk}-{slugify(plan.title)[:80]}-{kind}.pdf"


def document_title(plan, when=None):
    if when is not None:
        return f"Progress report as of {_day(when)}: {plan.title}"
    return f"Improvement action plan: {plan.title}"


def render_plan_pdf(plan, issued=None, as_of=None):
    """The PDF's bytes. With `issued` (the plan's PlanIssuedPdf), the first page and every footer carry the
    sign-off and the record's fingerprint. With `as_of` (a date), a progress report as of the end of that day."""
    actions, themes, words = _fetch(plan)
    updates = [update for action in actions for update in action.updates.all()]
    word_of = words_as_of(actions, updates, as_of, _starting(words)) if as_of is not None else None
    latest = latest_updates(updates, as_of)
    # Only an action whose word means complete and verified is reported as verified, with who, when and what.
    verified = verifications(updates, as_of)
    by_id = {word.pk: word for word in words}
    today = timezone.localdate()
    for action in actions:
        action.shown_word = by_id[word_of[action.pk] if word_of is not None else action.status_word_id]
        action.latest = latest.get(action.pk)
        action.verified = verified.get(action.pk) if action.shown_word.is_verified else None
        action.shown_milestones = [
            _milestone(m, as_of or today, as_of, action.shown_word.meaning) for m in action.milestones.all()
        ]
        action.linked_refs = [linked.ref for linked in action.linked_actions.all()]
        action.linked_eias = list(action.linked_assessments.all())
        action.breaks_across_pages = (
            max(
                len(action.area_of_focus) + sum(len(name) + len(value) + 2 for name, value in action.extra_fields),
                len(action.actions_taken),
                len(action.success_measures),
                len(action.latest.note) + len(action.verified.evidence if action.verified else "")
                if action.latest
                else 0,
                sum(len(m["description"]) + 30 for m in action.shown_milestones),
            )
            > LONG_CELL
        )
    summary = summarise(actions, themes, words, word_of=word_of, framework=plan.framework)
    is_draft = not plan.is_signed_off
    context = {
        "plan": plan,
        "council": plan.council,
        "document_title": document_title(plan, as_of),
        "framework": plan.framework,
        "groups": grouped(actions, plan.framework),
        "action_count": len(actions),
        "summary": summary,
        "chart": status_chart(summary),
        "summary_caption": f"Actions by status as of {_day(as_of)}" if as_of else "Actions by status",
        "is_draft": is_draft,
        "issued": issued,
        "when": as_of,
        "printed": today,
    }
    return render_pdf("actionplans/pdf.html", context, issuing=issued is not None)


def _fetch(plan):
    """The plan's actions with everything the PDF shows of them, its framework's themes and its council's status
    words: seven queries."""
    actions = list(
        Action.objects.filter(plan=plan)
        .select_related("theme", "quality_statement", "lead_officer_user")
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("position", "id")),
            # A withdrawn update was entered in error: reports go by the updates that stand.
            Prefetch("updates", queryset=StatusUpdate.objects.standing().select_related("by").order_by("at", "id")),
            Prefetch("linked_actions", queryset=Action.objects.only("id", "ref", "ref_key").order_by("ref_key")),
            # Only EIAs of the plan's own council, whatever a link says.
            Prefetch(
                "linked_assessments",
                queryset=Assessment.objects.filter(council_id=plan.council_id)
                .only("id", "title", "version")
                .order_by("title", "version"),
            ),
        )
        .order_by("ref_key", "id")
    )
    themes = list(Theme.objects.filter(framework_id=plan.framework_id).order_by("number"))
    words = list(StatusWord.objects.filter(council_id=plan.council_id).in_order())
    return actions, themes, words


def _starting(words):
    """The word of an action not started yet: the council's first offered word that means so."""
    return next(
        (word.pk for word in words if word.meaning == Meaning.NOT_STARTED and not word.retired),
        next((word.pk for word in words if word.meaning == Meaning.NOT_STARTED), None),
    )


def _milestone(milestone, today, as_of, action_meaning):
    """A milestone as the PDF prints it: words, when it is due ("April 2023"), done (by `as_of`) or overdue, by
    the same rule as the plan's pages, judged by what the action's status as shown means."""
    due = None
    if milestone.due_date:
        due = (
            _month(milestone.due_date)
            if milestone.due_precision == Milestone.Precision.MONTH
            else _day(milestone.due_date)
        )
    ticked = milestone.done and (as_of is None or milestone.done_on is None or milestone.done_on <= as_of)
    text = milestone.source_text or milestone.description
    return {
        "description": milestone.description,
        "due": due,
        # The words often say the date already ("Framework April 2023"): no need to say it twice.
        "show_due": bool(due) and due.lower() not in milestone.description.lower(),
        "done": counts_as_done(done=ticked, text=text),
        "overdue": is_overdue(
            deadline=milestone.deadline,
            done=ticked,
            text=text,
            action_complete=action_meaning in FINISHED,
            today=today,
        ),
    }


def _day(day):
    return dateformat.format(day, "j F Y")


def _month(day):
    return dateformat.format(day, "F Y")


# The signed-off record, in a fixed order: the words of the plan, its actions and their milestones, and the
# sign-off. Statuses, updates and milestones' "done" go on moving after sign-off, so they are not part of it.
PLAN_FIELDS = [
    "pk",
    "council_id",
    "framework_id",
    "title",
    "source",
    "source_date",
    "description",
    "approved_by_id",
    "approved_at",
]
ACTION_FIELDS = ["ref", "quality_statement_id", "area_of_focus", "actions_taken", "success_measures", "lead_officers"]
# What an action may say besides: only where it says it, so that a plan signed off before actions could say it keeps
# the fingerprint it was issued with. An action's theme is said by its item, where it has one.
FURTHER_ACTION_FIELDS = ["theme_id", "priority", "target_date"]
MILESTONE_FIELDS = ["position", "description", "due_date", "due_precision", "source_text"]


def fingerprint_parts(plan):
    """Everything the signed-off plan says, in a fixed order, for its record fingerprint."""
    actions = (
        Action.objects.filter(plan=plan)
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("position", "id")),
            Prefetch("linked_actions", queryset=Action.objects.only("id", "ref", "ref_key").order_by("ref_key")),
            Prefetch("linked_assessments", queryset=Assessment.objects.only("id").order_by("id")),
        )
        .order_by("ref_key", "id")
    )
    parts = [getattr(plan, field) for field in PLAN_FIELDS]
    for action in actions:
        parts.append(tuple(getattr(action, field) for field in ACTION_FIELDS))
        further = {
            field: getattr(action, field)
            for field in FURTHER_ACTION_FIELDS
            if getattr(action, field) and not (field == "theme_id" and action.quality_statement_id)
        }
        if further:
            parts.append(("further", sorted(further.items())))
        if action.extra_fields:  # so that a plan without any has the fingerprint it had before there were any
            parts.append(("extra", action.extra_fields))
        parts.extend(tuple(getattr(m, field) for field in MILESTONE_FIELDS) for m in action.milestones.all())
        parts.append(
            (
                "linked",
                [linked.ref for linked in action.linked_actions.all()],
                [eia.pk for eia in action.linked_assessments.all()],
            )
        )
    return parts
