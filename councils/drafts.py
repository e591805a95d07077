"""The page that deletes a draft never submitted, an EIA's or a plan's: an "Are you sure" page, then the deletion
(councils.lifecycle.DraftDeletionMixin). Written once for both apps."""

from django.contrib import messages
from django.shortcuts import redirect, render

from councils.access import refuse
from councils.lifecycle import TransitionRefused


def delete_draft_page(request, record, *, noun, crumbs, done_url):
    """A request the pages never offer (a person who may never delete it) is refused: 403, logged."""
    refused = record.deletion_refusal(request.user)
    if refused is None and request.method == "POST":
        try:
            record.delete_draft(by=request.user)
        except TransitionRefused as moved_on:
            refused = moved_on
        else:
            messages.success(request, f"The draft ‘{record.title}’ is deleted.")
            return redirect(done_url)
    if refused is not None:
        if refused.forbidden:
            refuse(request, record, "delete")
        messages.error(request, refused.message)
        return redirect(record)
    return render(request, "councils/delete_draft.html", {"record": record, "noun": noun, "crumbs": crumbs})
