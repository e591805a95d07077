"""Somebody else saved first: the second save merges what does not clash, and shows what does, side by side,
with everything the person typed still in the form. Shared by EIAs and action plans."""

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.shortcuts import redirect

from councils.lifecycle import SavedByOther

SAVED_BY_OTHER = (
    "Somebody else saved this {what} after you opened this page. Nothing you typed is lost, but it "
    "is not saved yet: compare it with what is saved now, below, then save again."
)


def display(value):
    if hasattr(value, "all"):
        return ", ".join(str(item) for item in value.all())
    if isinstance(value, (list, tuple, set)):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


def differences(triples):
    """(what, typed, saved) for each place where what the person typed differs from what is saved now."""
    return [
        (what, display(typed), display(saved)) for what, typed, saved in triples if display(typed) != display(saved)
    ]


def form_clashes(form, current):
    """The clashes between a RemembersWhatWasSeen form and the record as saved now."""
    return differences(
        (form[name].label, form.cleaned_data.get(name), getattr(current, name)) for name in form.clashes(current)
    )


def opened_revision(request, record):
    """The revision of the record the person opened the form on. A POST must say it: taking the current one
    instead would let a save overwrite, unseen, whatever somebody else saved in between."""
    if request.method != "POST":
        return record.revision
    posted = request.POST.get("revision", "")
    if not (posted.isascii() and posted.isdecimal()):
        raise BadRequest("a save without the revision its form was opened on")
    return int(posted)


def nothing_to_save(request, to):
    """A form sent back as it was opened changes nothing: no save, no new revision, nothing in the History."""
    messages.info(request, "You did not change anything, so there was nothing to save.")
    return redirect(to)


def save_or_compare(save, compare, merge, revision):
    """Save; if somebody saved first, merge their changes and save when none clashes with this person's, else
    return (the clashes for the person to see, the revision the page should now carry)."""
    try:
        save(revision)
    except SavedByOther as stale:
        clashes = compare(stale.current)
        if clashes:
            return clashes, stale.current.revision
        merge(stale.current)
        save(stale.current.revision)
    return None, None


def conflict_errors(clashes, what):
    """The error summary's line for a refused save, linking to the side-by-side table."""
    return [(SAVED_BY_OTHER.format(what=what), "conflict")] if clashes else []
