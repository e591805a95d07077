"""Edits of a draft plan that span it, its actions and their milestones: each locks the plan, refuses a stale
save, and records who edited it last (an approver may not sign off what they last edited). And the council's status
words, added and changed on the council settings pages.

And the lifecycle steps that set something off: the step itself is the model's (ActionPlan.approve), what it sets
off (the issued PDF, the security log) is here, in one transaction with the step: a PDF that cannot be issued
leaves the plan as it was; the PDF's file is written with it, and the log line once the sign-off has committed."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from simple_history.utils import bulk_create_with_history

from actionplans.forms.words import MEANING_KEPT
from actionplans.milestones import numbered
from actionplans.models import Action, Milestone, PlanIssuedPdf, PlanStatus, StatementScore, StatusWord, Theme
from actionplans.pdf import fingerprint_parts, render_plan_pdf
from councils.lifecycle import content_fingerprint, editing
from councils.logs import log_sign_off


def plan_start(*, form, by):
    """A new draft plan from the start form, on the framework it chose."""
    plan = form.save(commit=False)
    plan.created_by = plan.last_edited_by = by
    plan.save()
    return plan


def _editing(plan, *, by, revision):
    return editing(plan, by=by, revision=revision, editable=lambda locked: locked.status == PlanStatus.DRAFT)


def plan_update(*, plan, form, by, revision):
    with _editing(plan, by=by, revision=revision):
        form.instance.last_edited_by = by
        form.instance.save(update_fields=[*form.Meta.fields, "last_edited_by", "updated_at"])


def action_save(*, plan, form, by, revision):
    """Save an action of the plan with its milestones as the form has them. Two people may choose the same new
    reference at once: both pass the form's check, and the database's one-ref-per-plan constraint refuses the
    second, which is then told so on its form."""
    action = form.instance
    try:
        with _editing(plan, by=by, revision=revision):
            form.save()
            _replace_milestones(action, form.milestones(), by)
    except IntegrityError:
        ref = form.cleaned_data["ref"]
        if not plan.actions.filter(ref=ref).exclude(pk=action.pk).exists():
            raise
        raise ValidationError(
            {
                "ref": ValidationError(
                    f"Somebody else has just added an action {ref} to this plan: that reference was just taken. "
                    f"Choose another reference",
                    code="taken",
                )
            }
        ) from None
    return action


def _replace_milestones(action, read, by):
    """The milestones as the person now wrote them; one they had ticked done stays done."""
    done = {m.description: m for m in action.milestones.filter(done=True)}
    action.milestones.all().delete()
    bulk_create_with_history(
        [
            Milestone(
                action=action,
                position=position,
                description=m.description,
                due_date=m.due,
                due_precision=m.precision,
                source_text=m.source_text,
                done=m.done or m.description in done,
                done_on=done[m.description].done_on if m.description in done else None,
            )
            for position, m in numbered(read)
        ],
        Milestone,
        default_user=by,
    )


def plan_approve(*, plan, by):
    """Sign the plan off, issue its committee PDF as it now stands, and log the sign-off."""
    with transaction.atomic():
        approved = plan.approve(by=by)
        issued = PlanIssuedPdf(
            plan=approved, issued_by=by, fingerprint=content_fingerprint(fingerprint_parts(approved))
        )
        issued.store(render_plan_pdf(approved, issued=issued), f"action-plan-{approved.pk}-signed-off.pdf")
        issued.save()
        log_sign_off(approved, by=by)
    return approved


def cqc_result_correct(*, result, form, by, revision):
    """Correct a CQC result as the form has it; refused with SavedByOther when somebody corrected it since
    `revision`. A result has no sign-off, so it may be corrected at any time."""
    with editing(result, by=by, revision=revision, editable=lambda locked: True) as locked:
        form.save_correction(locked, by=by)


# A framework of the council's own: every write locks the framework and counts the edit on it, so that a page opened
# before somebody else changed it, its themes or its items, is told (councils.conflicts.edit_page).


def _editing_framework(framework, *, by, revision):
    return editing(framework, by=by, revision=revision, editable=lambda locked: True)


def framework_create(*, council, form):
    framework = form.save(commit=False)
    framework.council = council
    framework.save()
    return framework


def framework_update(*, framework, form, by, revision):
    with _editing_framework(framework, by=by, revision=revision):
        # Not its revision, which the edit counts.
        form.instance.save(update_fields=form.Meta.fields)


def framework_part_save(*, framework, form, by, revision):
    """Save a theme or an item of the framework as the form has them; a new one goes last among its siblings."""
    with _editing_framework(framework, by=by, revision=revision):
        part = form.save(commit=False)
        if part.pk is None:
            if isinstance(part, Theme):
                part.framework = framework
                part.number = (framework.themes.aggregate(last=Max("number"))["last"] or 0) + 1
            else:
                part.theme = form.theme
                part.position = (form.theme.statements.aggregate(last=Max("position"))["last"] or 0) + 1
        part.save()
    return part


def part_in_use(part):
    """Whether an action has the theme or item, or a CQC result scores the item: then it is retired, never removed."""
    if isinstance(part, Theme):
        return (
            Action.objects.filter(theme=part).exists()
            or StatementScore.objects.filter(quality_statement__theme=part).exists()
        )
    return Action.objects.filter(quality_statement=part).exists() or part.scores.exists()


def framework_part_remove(*, framework, part, by):
    """Remove a theme (with its items) or an item that nothing uses, and close the gap it leaves; retire one in use.
    Returns whether it was removed."""
    with _editing_framework(framework, by=by, revision=None):
        if part_in_use(part):
            if not part.retired:
                part.retired = True
                part.save(update_fields=["retired"])
            return False
        if isinstance(part, Theme):
            for item in part.statements.all():
                item.delete()
            part.delete()
            _renumber(list(framework.themes.order_by("number")), "number")
        else:
            part.delete()
            _renumber(list(part.theme.statements.order_by("position", "id")), "position")
    return True


def framework_part_move(*, framework, part, step, by):
    """Move a theme or an item one place up (step -1) or down (+1) among its siblings. Returns (its place now, how
    many there are), or None when it is already first or last."""
    with _editing_framework(framework, by=by, revision=None):
        if isinstance(part, Theme):
            siblings, field = list(framework.themes.select_for_update().order_by("number")), "number"
        else:
            siblings = list(part.theme.statements.select_for_update().order_by("position", "id"))
            field = "position"
        index = next(index for index, sibling in enumerate(siblings) if sibling.pk == part.pk)
        if not 0 <= index + step < len(siblings):
            return None
        siblings.insert(index + step, siblings.pop(index))
        _renumber(siblings, field)
    return index + step + 1, len(siblings)


# Far above any place a theme can have (MAX_THEMES): where themes are renumbered, each first moves out of the way, as
# no two themes of a framework may have the same number at any moment.
OUT_OF_THE_WAY = 1000


def _renumber(ordered, field):
    """Number the themes or items 1, 2, 3 … in the order given; each that moves is saved once, for its history."""
    moving = [(place, part) for place, part in enumerate(ordered, start=1) if getattr(part, field) != place]
    if not moving:
        return
    model = type(ordered[0])
    model.objects.filter(pk__in=[part.pk for _, part in moving]).update(**{field: F(field) + OUT_OF_THE_WAY})
    for place, part in moving:
        setattr(part, field, place)
        part.save(update_fields=[field])


def _word_saved(save):
    """Save a status word; two people giving two words the same wording at once both pass the form's check, and the
    database's one-wording-per-council constraint refuses the second, who is then told so on their form."""
    try:
        with transaction.atomic():
            save()
    except IntegrityError:
        raise ValidationError(
            {"word": ValidationError(WORD_TAKEN, code="taken")},
        ) from None


WORD_TAKEN = "Somebody else has just given another status word that wording. Choose another word"


def status_word_add(*, council, form):
    """A new status word of the council, last in its list."""
    word = form.save(commit=False)
    word.council = council
    word.position = (StatusWord.objects.filter(council=council).aggregate(last=Max("position"))["last"] or 0) + 1
    _word_saved(word.save)
    return word


def status_word_update(*, word, form, by, revision):
    """Change a status word as the form has it; refused with SavedByOther when somebody changed it since `revision`.
    Only what the form changes is written, onto the word as saved now (its place and whether it is retired may have
    moved since the page was opened). A word actions have had keeps its meaning."""
    fields = [name for name in form.Meta.fields if name in form.fields]
    with editing(word, by=by, revision=revision, editable=lambda locked: True) as locked:
        if "meaning" in fields and form.cleaned_data["meaning"] != locked.meaning and locked.in_use():
            raise ValidationError({"meaning": ValidationError(MEANING_KEPT, code="in_use")})
        for name in fields:
            setattr(locked, name, form.cleaned_data[name])
        _word_saved(lambda: locked.save(update_fields=fields))
    return locked
