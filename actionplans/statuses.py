"""How the words councils write in a plan's Status column map to EqA's statuses. Loose spellings of the same
status are the same status; anything else is an error for a person to fix, never a guess."""

import re

TO_BE_STARTED, STARTED, ON_TRACK, OFF_TRACK, COMPLETE = "to_be_started", "started", "on_track", "off_track", "complete"

SPELLINGS = {
    "to be started": TO_BE_STARTED,
    "not started": TO_BE_STARTED,
    "not yet started": TO_BE_STARTED,
    "started": STARTED,
    "in progress": STARTED,
    "on track": ON_TRACK,
    "ontrack": ON_TRACK,
    "off track": OFF_TRACK,
    "offtrack": OFF_TRACK,
    "complete": COMPLETE,
    "completed": COMPLETE,
}


def normalise(text):
    return re.sub(r"[\s_\-]+", " ", text.strip().lower()).strip(" .")


def read_status(text):
    """The status a cell names, or None when it names none (or several different ones)."""
    words = normalise(text)
    if words in SPELLINGS:
        return SPELLINGS[words]
    # A cell that repeats one status for several milestones ("On Track On Track") still names one status.
    found = {status for spelling, status in SPELLINGS.items() if re.search(rf"\b{re.escape(spelling)}\b", words)}
    leftover = words
    for spelling in sorted(SPELLINGS, key=len, reverse=True):
        leftover = re.sub(rf"\b{re.escape(spelling)}\b", " ", leftover)
    if len(found) == 1 and not leftover.strip():
        return found.pop()
    return None
