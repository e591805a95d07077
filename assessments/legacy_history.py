"""The history of an old EIA brought in from Word, in sentences: who brought it in, from which file, and when a review
of it was started in EqA. One query of history, however many changes."""

from assessments.models import LegacyAssessment
from councils.audit import Change, Said, consecutive, entries, read


def legacy_history(legacy):
    """The record's changes as entries, newest first."""
    said = []
    for prev, record in consecutive(
        read(LegacyAssessment.history.filter(id=legacy.pk).select_related("service", "review"))
    ):
        if prev is None:
            text = (
                f"Brought in from Word, from the file ‘{record.original_filename}’ (SHA-256 {record.sha256}), for "
                f"{record.service.path}, with the review date {record.review_due:%-d %B %Y}"
            )
            said.append(Said.of(record, Change((LegacyAssessment, record.id, "+"), text=text)))
        elif record.review_id and record.review_id != prev.review_id:
            text = f"Started its review in EqA, as the draft EIA {record.review.reference}"
            said.append(Said.of(record, Change((LegacyAssessment, record.id, "review"), text=text)))
    return entries(said)
