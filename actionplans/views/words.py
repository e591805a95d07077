"""Council settings, status words: the council's own words for an action's status, each with what it means and a
colour, in the order updates offer them. A council admin adds, rewords, orders, retires and offers them again; a word
actions have had keeps its meaning and is never deleted, so what was reported stays true."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from actionplans import services
from actionplans.forms import StatusWordForm
from actionplans.forms.words import LAST_START, is_last_start
from actionplans.models import StatusWord
from actionplans.statuses import Meaning
from councils.access import get_council_to_manage
from councils.conflicts import edit_page
from councils.forms import error_list
from councils.once import create_once, creates_once
from councils.settings_views import confirm_page, move_in_list, settings_crumbs

TITLE = "Status words"
FORM_INTRO = (
    "Updates offer the council's words in its order, each with its colour beside it. Reports count actions by what "
    "their words mean, so that plans of different councils compare."
)


def _list_url(council):
    return reverse("actionplans:settings-status-words", args=[council.slug])


def _word(council, word_pk):
    return get_object_or_404(StatusWord, council=council, pk=word_pk)


@require_http_methods(["GET", "POST"])
def status_words(request, slug):
    """The council's status words. Its POST offers a retired word again (`restore`, the word's id); sent empty, it
    changes nothing and shows the list again."""
    council = get_council_to_manage(request, slug)
    if request.method == "POST":
        return _restore(request, council)
    words = list(StatusWord.objects.filter(council=council).in_order())
    starts = [word for word in words if word.meaning == Meaning.NOT_STARTED and not word.retired]
    return render(
        request,
        "actionplans/settings/status_words.html",
        {
            "council": council,
            "words": words,
            # The only word a new action could start with cannot be retired.
            "keeps": starts[0].pk if len(starts) == 1 else None,
            "crumbs": settings_crumbs(council, (TITLE, None)),
        },
    )


def _restore(request, council):
    pk = request.POST.get("restore", "")
    if not pk.isdigit():
        return redirect(_list_url(council))
    word = _word(council, pk)
    if word.retired:
        word.retired = False
        word.save(update_fields=["retired"])
    messages.success(request, f"The status word ‘{word}’ is offered again: updates can choose it from now on.")
    return redirect(f"{_list_url(council)}#word-{word.pk}")


def _form_context(council, form, title, word=None):
    return {
        "council": council,
        "form": form,
        "word": word,
        "title": title,
        "intro": FORM_INTRO,
        "back_url": _list_url(council),
        "button_label": "Save",
        "crumbs": settings_crumbs(council, (TITLE, _list_url(council)), (title, None)),
    }


@require_http_methods(["GET", "POST"])
@creates_once(landing=lambda word: _list_url(word.council))
def status_word_add(request, slug):
    council = get_council_to_manage(request, slug)
    form = StatusWordForm(request.POST or None, council=council)
    if request.method == "POST" and form.is_valid():
        try:
            word = create_once(request, form, lambda: services.status_word_add(council=council, form=form))
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, f"The status word ‘{word}’ is added, last in the list.")
            return redirect(f"{_list_url(council)}#word-{word.pk}")
    context = _form_context(council, form, "Add a status word")
    return render(request, "actionplans/settings/status_word_form.html", {**context, "errors": error_list(form)})


@require_http_methods(["GET", "POST"])
def status_word_edit(request, slug, word_pk):
    """Reword a status word, or change its colour, or its meaning while no action has had it: the one
    conflict-checking edit, so that two council admins changing it at once each keep what they typed."""
    council = get_council_to_manage(request, slug)
    word = _word(council, word_pk)
    title = f"Change the status word ‘{word.word}’"
    form = StatusWordForm(request.POST or None, instance=word, council=council)
    return edit_page(
        request,
        word,
        form,
        save=lambda revision: services.status_word_update(word=word, form=form, by=request.user, revision=revision),
        to=f"{_list_url(council)}#word-{word.pk}",
        message=lambda: f"The status word ‘{form.instance.word}’ is saved. The History of changes keeps what it was.",
        what="status word",
        template="actionplans/settings/status_word_form.html",
        context=_form_context(council, form, title, word),
    )


def status_word_move(request, slug, word_pk):
    """Move a word one place up or down the list. Only by POST, but the council is checked first, so that another
    council's word answers 404 to any method, as every record does."""
    council = get_council_to_manage(request, slug)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    move_in_list(request, StatusWord.objects.filter(council=council), word_pk, noun="status word")
    return redirect(f"{_list_url(council)}#word-{word_pk}")


@require_http_methods(["GET", "POST"])
def status_word_retire(request, slug, word_pk):
    """Stop offering a word. Actions that have it keep it until their next update, and reports count them as
    before; it can be offered again."""
    council = get_council_to_manage(request, slug)
    word = _word(council, word_pk)
    if request.method == "POST":
        with transaction.atomic():
            # Locked, so that two council admins retiring the last two words that mean not started cannot both.
            list(StatusWord.objects.filter(council=council).select_for_update())
            word.refresh_from_db()
            if not word.retired and word.meaning == Meaning.NOT_STARTED and is_last_start(word):
                messages.error(request, f"{LAST_START.format(change='retire this one')}.")
                return redirect(_list_url(council))
            if not word.retired:
                word.retired = True
                word.save(update_fields=["retired"])
        messages.success(
            request,
            f"The status word ‘{word}’ is retired: updates no longer offer it. Actions that have it keep it until "
            f"their next update.",
        )
        return redirect(f"{_list_url(council)}#word-{word.pk}")
    return confirm_page(
        request,
        council,
        "Retire a status word",
        f"Are you sure you want to retire the status word ‘{word}’?",
        "Updates will no longer offer it, and an import will not give it. Actions that have it keep it until their "
        "next update, and reports count them as before. You can offer it again from the list.",
        button_label="Retire the word",
        keep_url=_list_url(council),
        crumbs=[(TITLE, _list_url(council))],
    )
