"""Somebody else saved first: the second save merges what does not clash, and shows what does, side by side,
with everything the person typed still in the form. Shared by EIAs and action plans: every form that edits a
record with a revision is one `edit_page`."""

from functools import partial, wraps

from django import forms
from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.shortcuts import redirect, render

from councils.access import explains_not_editable
from councils.forms import error_list
from councils.lifecycle import SavedByOther, TransitionRefused
from councils.once import create_once

SAVED_BY_OTHER = (
    "Somebody else saved this {what} after you opened this page. Nothing you typed is lost, but it "
    "is not saved yet: compare it with what is saved now, below, then save again."
)
# The same person, with the record open twice: another tab, or a page left open while they saved elsewhere.
SAVED_BY_YOU = (
    "You saved this {what} in another tab or window after you opened this page. Nothing you typed here is lost, "
    "but it is not saved yet: compare it with what is saved now, below, then save again."
)
SAVED_AGAIN_LAST_BY_YOU = (
    "This {what} was saved more than once after you opened this page, last by you in another tab or window. "
    "Nothing you typed here is lost, but it is not saved yet: compare it with what is saved now, below, then save "
    "again."
)
HEADINGS = {
    SAVED_BY_OTHER: "Somebody else saved first",
    SAVED_BY_YOU: "You saved this in another tab or window",
    SAVED_AGAIN_LAST_BY_YOU: "Saved again since you opened this page, last by you",
}


def display(value):
    if hasattr(value, "all"):
        return ", ".join(str(item) for item in value.all())
    if isinstance(value, (list, tuple, set)):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


def shown(field, value):
    """A value as the form offered it: a choice by its label ("Don't know"), not as it is stored ("dont_know")."""
    if not isinstance(field, forms.ChoiceField) or isinstance(field, forms.ModelChoiceField):
        return display(value)
    labels = {}
    for key, label in field.choices:
        # A group of choices is (its name, its choices).
        labels.update(
            {str(k): str(v) for k, v in label} if isinstance(label, (list, tuple)) else {str(key): str(label)}
        )
    if isinstance(value, (list, tuple, set)):
        return ", ".join(labels.get(str(item), str(item)) for item in value)
    return "" if value is None else labels.get(str(value), str(value))


def differences(triples):
    """(what, typed, saved) for each place where what the person typed differs from what is saved now. `what` is
    the place's name, or the form's field there (a BoundField): its label names the place, and its choices show the
    values as the person chose them."""
    found = []
    for what, typed, saved in triples:
        field = getattr(what, "field", None)
        typed, saved = shown(field, typed), shown(field, saved)
        if typed != saved:
            found.append((what.label if field is not None else what, typed, saved))
    return found


def form_clashes(form, current):
    """The clashes between a RemembersWhatWasSeen form and the record as saved now."""
    return differences(
        (form[name], form.cleaned_data.get(name), getattr(current, name)) for name in form.clashes(current)
    )


def action_checks(form, find, *, named_by):
    """edit_page's compare and merge for a form that edits one action of the record: `find(current)` is the action
    as saved now, None once somebody else removed it; `named_by` is the field that names it then."""

    def compare(current):
        saved = find(current)
        if saved is None:
            return [("Action", form.cleaned_data[named_by], "Removed by somebody else")]
        return form_clashes(form, saved)

    def merge(current):
        saved = find(current)
        if saved is not None:
            form.keep_others_changes(saved)

    return {"compare": compare, "merge": merge}


def opened_revision(request, record):
    """The revision of the record the person opened the form on. A POST must say it: taking the current one
    instead would let a save overwrite, unseen, whatever somebody else saved in between."""
    if request.method != "POST":
        return record.revision
    posted = request.POST.get("revision", "")
    # A revision counts saves: ten digits are more than any record will have.
    if not (posted.isascii() and posted.isdecimal()) or len(posted) > 10:
        raise BadRequest("a save without the revision its form was opened on")
    return int(posted)


def nothing_to_save(request, to):
    """A form sent back as it was opened changes nothing: no save, no new revision, nothing in the History."""
    messages.info(request, "You did not change anything, so there was nothing to save.")
    return redirect(to)


def save_or_compare(save, compare, merge, revision):
    """Save; if somebody saved first, merge their changes and save when none clashes with this person's, else
    return (the clashes for the person to see, the record as saved now)."""
    try:
        save(revision)
    except SavedByOther as stale:
        clashes = compare(stale.current)
        if clashes:
            return clashes, stale.current
        merge(stale.current)
        save(stale.current.revision)
    return None, None


def saved_since(current, revision, person):
    """Who saved the record after the person opened it at `revision`, as the words the page tells them: they did
    themselves, in another tab or window, when the record's newest save was theirs."""
    if getattr(current, "last_edited_by_id", None) != person.pk:
        return SAVED_BY_OTHER
    return SAVED_BY_YOU if current.revision == int(revision) + 1 else SAVED_AGAIN_LAST_BY_YOU


def conflict_errors(clashes, what, saved_by=SAVED_BY_OTHER):
    """The error summary's line for a refused save, linking to the side-by-side table."""
    return [(saved_by.format(what=what), "conflict")] if clashes else []


def edit_page(request, record, form, *, save, to, message, what, template, context, compare=None, merge=None):
    """The page of a form (or formset) that edits `record`, or adds to it, checked against what was saved since
    the page was opened; the shape of Django's FormView, as a function.

    - save(revision): the write (a service), refused with SavedByOther when somebody saved since `revision`, or
      with a ValidationError that the form then shows as its own;
    - compare(current) and merge(current): the clashes with the record as saved now, and taking the rest of
      somebody else's changes; by default those of a RemembersWhatWasSeen form;
    - to: where a save, or a form sent back unchanged, goes; message: what a save says there;
    - what: the record's noun for the error summary ("assessment", "plan");
    - context: the template's, with the form in it; the page adds revision and differences, and puts the
      error summary's lines for the conflict and the form before any errors the context brings.
    `message` and `context` may be functions, called once the form is checked: its instance then holds what
    was typed.
    """
    # A new record overwrites nothing, so its save is not checked against the revision; it is made only once.
    creating = getattr(getattr(form, "instance", None), "pk", 0) is None
    revision, clashes, saved_by = opened_revision(request, record), None, SAVED_BY_OTHER
    if request.method == "POST" and form.is_valid():
        if not creating and not form.has_changed():
            return nothing_to_save(request, to)
        try:
            if creating:
                create_once(request, form, lambda: save(None))
            else:
                clashes, current = save_or_compare(
                    save, compare or partial(form_clashes, form), merge or form.keep_others_changes, revision
                )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            if not clashes:
                messages.success(request, message() if callable(message) else message)
                return redirect(to)
            saved_by = saved_since(current, revision, request.user)
            revision = current.revision
    context = context() if callable(context) else context
    return render(
        request,
        template,
        {
            **context,
            "revision": revision,
            "differences": clashes,
            "saved_first": HEADINGS[saved_by],
            "errors": conflict_errors(clashes, what, saved_by) + _error_lines(form) + context.get("errors", []),
        },
    )


def _error_lines(form):
    if hasattr(form, "forms"):  # a formset: its own errors, then each form's
        return [(message, "main-content") for message in form.non_form_errors()] + error_list(*form.forms)
    return error_list(form)


def refusals_explained(not_editable, *, to):
    """A view decorator for a record's edit and step pages: a step or an edit its status no longer allows (somebody
    moved it on) goes back to the record's page, the URL named `to`, saying why; an edit page of a record that cannot
    be changed now answers with the app's `not_editable` page (explains_not_editable). Nothing was changed."""

    def decorator(view):
        @wraps(view)
        @explains_not_editable(not_editable)
        def wrapper(request, pk, *args, **kwargs):
            try:
                return view(request, pk, *args, **kwargs)
            except TransitionRefused as refused:
                messages.error(request, refused.message)
                return redirect(to, pk=pk)

        return wrapper

    return decorator
