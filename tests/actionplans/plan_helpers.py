"""An action plan's records as the tests make and read them: back-dated updates, the plan fetched afresh, signed
off, and its PDF's pages as text."""

import io
from datetime import datetime, time

from django.utils import timezone
from pypdf import PdfReader

from actionplans.models import ActionPlan, StatusUpdate, StatusWord
from actionplans.services import plan_approve
from actionplans.statuses import Colour, Meaning
from tests.factories import status_word


def at(day, hour=12, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def record(action, wording, day, by, note, hour=12, minute=0, evidence=""):
    """An update to the council's word `wording` ("On track") as if recorded on `day`: status updates are never
    changed, so it is made with its time."""
    word = status_word(action.plan.council, wording)
    update = StatusUpdate.objects.create(
        action=action,
        status=word.meaning,
        word=word,
        previous_status=action.status,
        previous_word_id=action.status_word_id,
        note=note,
        evidence=evidence,
        by=by,
        at=at(day, hour, minute),
    )
    action.status, action.status_word, action.last_update_at = word.meaning, word, update.at
    action.save(update_fields=["status", "status_word", "last_update_at", "updated_at"])
    return update


def fresh(plan):
    return ActionPlan.objects.select_related("council", "framework", "approved_by").get(pk=plan.pk)


def read(data):
    return PdfReader(io.BytesIO(data))


def page_texts(reader):
    # Cells wrap anywhere: compare with the whitespace collapsed.
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def sign_off(plan, manager, approver):
    plan.submit(by=manager)
    plan_approve(plan=ActionPlan.objects.get(pk=plan.pk), by=approver)
    return fresh(plan)


# A council's own words, as many councils say them: RAG, with Blue for complete and verified.
RAG = [
    ("Not started", Meaning.NOT_STARTED, Colour.GREY),
    ("Red", Meaning.OFF_TRACK, Colour.RED),
    ("Amber", Meaning.AT_RISK, Colour.AMBER),
    ("Green", Meaning.ON_TRACK, Colour.GREEN),
    ("Done", Meaning.COMPLETE, Colour.PURPLE),
    ("Blue", Meaning.VERIFIED, Colour.BLUE),
]


def use_words(council, words=RAG):
    """The council's words, in place of the defaults it has not used: (word, meaning, colour) in order."""
    StatusWord.objects.filter(council=council).delete()
    for position, (word, meaning, colour) in enumerate(words, start=1):
        StatusWord.objects.create(council=council, position=position, word=word, meaning=meaning, colour=colour)
    return council
