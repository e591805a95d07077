"""The page that deletes a draft never submitted, an EIA's, a screening's or a plan's: an "Are you sure" page, then
the deletion (councils.lifecycle.DraftDeletionMixin). Written once for both apps."""

from django.contrib import messages
from django.shortcuts import redirect, render

from councils.access import refuse
from councils.lifecycle import TransitionRefused
from councils.models import Role


def offers_deletion(record, standing, timeline):
    """Whether a record's page offers "Delete this draft", from what the page already has (its timeline of status
    changes), so it asks no more; the deletion itself checks again (DraftDeletionMixin.deletion_refusal)."""
    statuses = record.Status
    if record.status != statuses.DRAFT or any(change.to_status == statuses.SUBMITTED for change in timeline):
        return False
    return standing.has(Role.COUNCIL_ADMIN) or record.created_by_id == standing.person.pk


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
