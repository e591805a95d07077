"""Every form that creates something (an EIA, a plan, an EIA action, a status update, a CQC result) creates it
once. The form carries a one-time key, made when the form is shown; the first POST of a key records what it made
(councils.models.CreatedOnce), and a second POST of the same key (Back then Save again, or the same POST sent
twice) goes to that record, saying so, and creates nothing.

- CreatesOnce: the form's hidden key (a template renders it as {{ form.once }});
- @creates_once(landing): the view's decorator, which answers a key already used before the view runs;
- create_once(request, form, create): makes the record and remembers it under the key, in one transaction; when
  another POST of the same key won the race, nothing of this one is kept and the decorator answers as above;
- create_page(request, form, ...): the one view of a form that starts a record, made with create_once.
"""

import uuid
from functools import wraps

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render

from councils.forms import error_list
from councils.models import CreatedOnce

ALREADY_SAVED = "This was already saved. Here it is."
SAVED_THEN_DELETED = "This was already saved, and has since been deleted."
KEY = "once"


class CreatesOnce(forms.Form):
    once = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial[KEY] = uuid.uuid4()


class AlreadySaved(Exception):
    def __init__(self, made):
        super().__init__("this form's key has made a record already")
        self.made = made


def _made(request, key):
    return CreatedOnce.objects.filter(key=key, created_by=request.user).select_related("content_type").first()


def _key(request):
    try:
        return uuid.UUID(request.POST.get(KEY, ""))
    except ValueError:
        return None


def creates_once(landing=None):
    """`landing(record)`: where to go to see the record (its get_absolute_url unless said)."""

    def go_to(request, made):
        record = made.created
        if record is None:
            messages.info(request, SAVED_THEN_DELETED)
            return redirect("home")
        messages.info(request, ALREADY_SAVED)
        return redirect(landing(record) if landing else record.get_absolute_url())

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            key = _key(request) if request.method == "POST" else None
            made = _made(request, key) if key else None
            if made is not None:
                return go_to(request, made)
            try:
                return view(request, *args, **kwargs)
            except AlreadySaved as saved:
                return go_to(request, saved.made)

        return wrapper

    return decorate


def create_once(request, form, create):
    """`create()` makes the record and returns it; it runs inside the transaction that keeps the key."""
    key = form.cleaned_data.get(KEY)
    try:
        with transaction.atomic():
            record = create()
            if key is not None:
                CreatedOnce.objects.create(key=key, created_by=request.user, created=record)
    except IntegrityError:
        made = _made(request, key) if key is not None else None
        if made is None:
            raise
        raise AlreadySaved(made) from None
    return record


def create_page(request, form, *, create, message, template, context):
    """The page of a form that starts a record, as edit_page is of one that changes it: once the form is valid,
    `create()` (a service) makes the record, once, and the person goes to it, told `message(record)`; until then
    the form is shown with its errors. `context` is the template's; the page adds the form and its errors."""
    if request.method == "POST" and form.is_valid():
        record = create_once(request, form, create)
        messages.success(request, message(record))
        return redirect(record)
    return render(request, template, {**context, "form": form, "errors": error_list(form)})
