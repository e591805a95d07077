import hashlib
import json

from crispy_forms_gds.helper import FormHelper
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.functional import cached_property


class GDSFormMixin:
    """Every form renders through crispy-forms-gds; a form says only its layout and its button."""

    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        layout = self.get_layout()
        if layout is not None:
            self.helper.layout = layout

    def get_layout(self):
        return None


# The largest id or number a query string may name: beyond it, no row could have it.
LARGEST_ID = 2**63 - 1


class QueryForm(forms.Form):
    """A page's query string, read through a form. A value the page could not have offered (a NUL byte, "²" for a
    number, a status that does not exist) is ignored as if it had not been sent: a link mistyped or tampered
    with never gives an error page."""

    page = forms.IntegerField(required=False, min_value=1, max_value=LARGEST_ID)

    def chosen(self):
        """Each field as the page's filters show it: its value as text, "" when not sent or not valid."""
        self.is_valid()
        return {name: _as_query_text(self.cleaned_data.get(name)) for name in self.fields}

    def query_string(self):
        """The valid filters, to carry into the page links."""
        query = QueryDict(mutable=True)
        query.update({name: value for name, value in self.chosen().items() if value and name != "page"})
        return query.urlencode()


def _as_query_text(value):
    if value is None or value is False:
        return ""
    return "1" if value is True else str(value)


class RemembersWhatWasSeen(forms.Form):
    """Carries, hidden, a fingerprint of each field as the person first saw it. When somebody else saves in
    between, each field is then theirs (only they changed it), this person's (only this person did), or a
    clash (both did, differently): only clashes need the person; the rest merges."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["seen"] = json.dumps({name: _digest(_saved(self.instance, name)) for name in self.Meta.fields})

    @cached_property
    def changed_data(self):
        # The fingerprint says how the form was first seen; it is never a change the person made. Counted as
        # one, every row of a grid saved would be written, and put in its history, whether it changed or not.
        return [name for name in super().changed_data if name != "seen"]

    def _seen(self):
        try:
            return json.loads(self.data.get(self.add_prefix("seen")) or "{}")
        except ValueError:
            return {}

    def clashes(self, current):
        """The fields both this person and somebody else changed, to different values."""
        seen = self._seen()
        return [
            name for name in self.Meta.fields
            if seen.get(name) != _digest(_saved(current, name))
            and seen.get(name) != _digest(self.cleaned_data.get(name))
            and _digest(self.cleaned_data.get(name)) != _digest(_saved(current, name))
        ]

    def keep_others_changes(self, current):
        """Take somebody else's saved value for every field this person left as they first saw it."""
        seen = self._seen()
        for name in self.Meta.fields:
            if seen.get(name) == _digest(self.cleaned_data.get(name)):
                if current._meta.get_field(name).many_to_many:
                    self.cleaned_data[name] = list(getattr(current, name).all())
                else:
                    self.cleaned_data[name] = getattr(current, name)
                    setattr(self.instance, name, self.cleaned_data[name])


def _saved(instance, name):
    field = instance._meta.get_field(name)
    if field.many_to_many:
        # An object not saved yet has no links to read.
        return list(getattr(instance, name).all()) if instance.pk else []
    if field.is_relation:
        # A new object's choice is not made yet: compare its id, not the object it would fetch.
        return getattr(instance, field.attname)
    return getattr(instance, name)


def _digest(value):
    """A short fingerprint of a field's value, the same for what was saved and for what a form cleaned."""
    if isinstance(value, (list, tuple)) or hasattr(value, "all"):
        value = sorted(item.pk for item in (value.all() if hasattr(value, "all") else value))
    elif hasattr(value, "pk"):
        value = value.pk
    elif value is None:
        value = ""
    return hashlib.sha256(str(value).encode()).hexdigest()[:16]


def error_list(*forms_):
    """(message, field id) for every error of the given forms, in page order, for the error summary."""
    errors = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        fields = list(form.visible_fields())
        first_id = fields[0].id_for_label if fields else ""
        errors.extend((message, first_id) for message in form.non_field_errors())
        for bound in fields:
            for error in form.errors.as_data().get(bound.name, []):
                errors.extend((message, _error_target(bound, error)) for message in error.messages)
    return errors


def _error_target(bound, error):
    """The id of the input an error is about, so that its link in the error summary lands there."""
    widget = bound.field.widget
    if isinstance(widget, forms.MultiWidget):
        # A GOV.UK date input: the part that is wrong (day 0, month 1, year 2), else the day.
        return f"{bound.auto_id}_{(error.params or {}).get('part', 0)}"
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        # crispy-forms-gds numbers radios and checkboxes from 1; the error links to the first.
        return f"id_{bound.html_name}_1"
    return bound.id_for_label or bound.auto_id


class SignInForm(GDSFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "The username or password is not right. Check them and try again.",
        "inactive": "This account has been switched off. Ask your council admin to switch it on.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "spellcheck": "false"})
        self.helper.form_show_errors = True

    def clean_username(self):
        # AuthenticationForm sets the field's max_length after making it, so Django does not check it; a longer
        # name would reach django-axes, whose record of failed sign-ins holds 255 characters.
        username = self.cleaned_data["username"]
        if len(username) > self.username_field.max_length:
            raise ValidationError(
                f"Enter a username of {self.username_field.max_length} characters or fewer", code="max_length")
        return username
