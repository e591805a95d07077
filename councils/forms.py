import hashlib
import json

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.http import QueryDict
from django.utils.functional import cached_property

from councils.models import Delivery, NoticeKind
from councils.password_resets import password_reset_send

# The most one text box holds: far beyond any council's EIA or plan, and small enough that the largest EIA and plan
# allowed still print well inside a worker's time limit (`make bench` measures them).
TEXT_LIMIT = 20_000
# The most text one EIA, and one plan, hold in all their text boxes: several times any council's (an EIA of 200,000
# characters prints on about 60 pages), and as much as the committee PDF lays out well inside a worker's time limit.
# Every box full could not be: 100 boxes of TEXT_LIMIT made a 558-page PDF in 53 seconds. `make bench` measures the
# largest EIA and plan (docs/performance.md).
EIA_TEXT_LIMIT = 200_000
PLAN_TEXT_LIMIT = 150_000


def refuse_beyond_record_limit(record, changes, *, limit, what):
    """Refuse a save that would take the whole record's text (an EIA's, a plan's: `record.text_length()`) past
    `limit`, saying by how much to shorten it. `changes` are the (saved, new) lengths of the text the save writes:
    one that leaves every length as it was asks nothing of the database."""
    if all(saved == new for saved, new in changes):
        return
    length = (record.text_length() if record.pk else 0) + sum(new - saved for saved, new in changes)
    if length > limit:
        over = length - limit
        raise ValidationError(
            f"The {what}'s text would be {length:,} characters in all, and one {what} can hold {limit:,}. "
            f"Shorten this text, or other text in the {what}, by {over:,} character{'s' if over > 1 else ''}",
            code="record_too_long",
        )


def saved_and_new_length(form, names):
    """Characters in the model form's fields `names` as saved, and as typed. What was saved is read from the form's
    initial values: its instance takes what was typed as soon as the form itself is cleaned, before a formset's
    clean()."""
    saved = sum(len(form.initial.get(name) or "") for name in names) if form.instance.pk else 0
    new = sum(len(form.cleaned_data.get(name) or "") for name in names)
    return saved, new


class TextLimits:
    """Every text field has a limit, says it, and refuses beyond it with a message; nothing is ever cut.

    A browser cuts a paste at an input's `maxlength` without a word, so no field carries one: the GOV.UK character
    count says the limit before and while typing, and the server refuses beyond it. `limit_names` names each field
    in its message: {"title": "a title"} says "Enter a title of 300 characters or fewer"."""

    limit_names = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = _one_kind_of_line_break(self.data)
        self.limit_text()

    @cached_property
    def changed_data(self):
        # Text saved before line breaks were read as LF may still hold CRLF: sent back, it is the same text.
        return [name for name in super().changed_data if not self._same_text(name)]

    def _same_text(self, name):
        field, initial = self.fields[name], self[name].initial
        if not isinstance(field, forms.CharField) or not isinstance(initial, str) or "\r" not in initial:
            return False
        return field.to_python(self[name].data) == field.to_python(initial.replace("\r\n", "\n"))

    def limit_text(self):
        for name, field in self.fields.items():
            if (
                not isinstance(field, forms.CharField)
                or field.widget.is_hidden
                or isinstance(field.widget, forms.PasswordInput)
            ):
                continue
            if field.max_length is None:
                field.max_length = TEXT_LIMIT
                field.validators.append(MaxLengthValidator(TEXT_LIMIT))
            field.widget.attrs.pop("maxlength", None)
            if "max_length" not in field.error_messages or getattr(field, "limit_said_here", False):
                # A field that words its own message keeps it; one worded here is worded again with `limit_names`.
                what = self.limit_names.get(name, "text")
                field.error_messages["max_length"] = f"Enter {what} of {field.max_length:,} characters or fewer"
                field.limit_said_here = True


def _one_kind_of_line_break(data):
    """A browser sends a text area's line breaks as CRLF; saved text breaks lines with LF. Read as LF, text saved
    back unchanged is unchanged, and counts as long as the character count in the browser said."""

    def read(value):
        return value.replace("\r\n", "\n") if isinstance(value, str) else value

    if not hasattr(data, "lists"):
        return {key: read(value) for key, value in data.items()}
    if not any("\r" in value for _, values in data.lists() for value in values if isinstance(value, str)):
        return data
    data = data.copy()
    for key, values in data.lists():
        data.setlist(key, [read(value) for value in values])
    return data


class GDSFormMixin(TextLimits):
    """Every form renders through crispy-forms-gds; a form says only its layout and its button."""

    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.lay_out()

    def get_layout(self):
        return None

    def lay_out(self):
        """Lay the form out; again after adding fields to it, so that they too have their limits."""
        self.limit_text()
        layout = self.get_layout()
        if layout is not None:
            self.helper.layout = layout
            self.count_characters(layout)

    def count_characters(self, layout):
        """Give each text field of the layout GOV.UK's character count, which says its limit as the person types."""
        for item in layout.fields:
            if not isinstance(item, Field):
                if hasattr(item, "fields"):
                    self.count_characters(item)
                continue
            field = self.fields.get(item.fields[0]) if len(item.fields) == 1 else None
            if (
                isinstance(field, forms.CharField)
                and field.max_length
                and isinstance(field.widget, (forms.TextInput, forms.EmailInput, forms.Textarea))
            ):
                item.context["max_characters"] = field.max_length
                _add_class(field.widget, "govuk-js-character-count")
                if "class" in item.attrs:  # a layout's class (a width) takes the place of the widget's
                    item.attrs["class"] = f"{item.attrs['class']} govuk-js-character-count"
                # crispy-forms-gds adds the count's message to what describes the field, and expects a value there.
                field.widget.attrs.setdefault("aria-describedby", "")

    def full_clean(self):
        super().full_clean()
        # crispy-forms-gds marks only text inputs and text areas in error: a select gets the text input's class,
        # which GOV.UK's select border overrides, and a password gets none.
        for name in self.errors:
            widget = self.fields[name].widget if name in self.fields else None
            if isinstance(widget, forms.Select):
                _add_class(widget, "govuk-select--error")
            elif isinstance(widget, forms.PasswordInput):
                _add_class(widget, "govuk-input--error")


class ReturnForm(GDSFormMixin, forms.Form):
    """Why an approver returns a record for changes. Each app's form says who reads the reason."""

    limit_names = {"reason": "a reason"}
    seen_by = "The author sees this"
    so_that = "so the author knows"

    reason = forms.CharField(label="Why are you returning it?", widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        reason = self.fields["reason"]
        reason.help_text = f"{self.seen_by}. Say what needs to change before you can sign it off."
        reason.error_messages["required"] = f"Say why you are returning it, {self.so_that} what to change"

    def get_layout(self):
        return Layout(Field.textarea("reason", rows=5, label_size=Size.SMALL))


class NotificationChoicesForm(GDSFormMixin, forms.Form):
    """How a person hears of each kind of email EqA sends: at once, in a daily digest, or not at all."""

    submit_label = "Save your choices"

    def __init__(self, *args, chosen, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in NoticeKind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                initial=chosen.get(kind.value, Delivery.AT_ONCE),
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose how you hear that {kind.label[0].lower()}{kind.label[1:]}"},
            )
        self.lay_out()

    def get_layout(self):
        return Layout(*(Field.radios(kind.value, legend_size=Size.SMALL, small=True) for kind in NoticeKind))


def _add_class(widget, css_class):
    classes = widget.attrs.get("class", "").split()
    if css_class not in classes:
        widget.attrs["class"] = " ".join([*classes, css_class])


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

    @classmethod
    def chosen_in(cls, query):
        """`chosen()` of the form bound to `query`. A query naming none of the fields (a list's first page, as most
        visitors ask for it) chooses nothing, which is known without building the form: on a page a crowd may read,
        building it would cost more than the rest of an answer kept in the cache."""
        if not any(name in query for name in cls.base_fields):
            return dict.fromkeys(cls.base_fields, "")
        return cls(query).chosen()

    def query_string(self, turning="page"):
        """The valid filters, to carry into the links that turn the pages of one list (`turning` names its page
        field); on a page of several lists, the page each other list is on too, so it stays there."""
        query = QueryDict(mutable=True)
        query.update({name: value for name, value in self.chosen().items() if value and name != turning})
        return query.urlencode()


def _as_query_text(value):
    if value is None or value is False:
        return ""
    return "1" if value is True else str(value)


class RemembersWhatWasSeen(forms.Form):
    """Carries, hidden, a fingerprint of each field as the person first saw it. When somebody else saves in
    between, each field is then theirs (only they changed it), this person's (only this person did), or a
    clash (both did, differently): only clashes need the person; the rest merges.

    A model form remembers its Meta.fields as its instance has them; another form says which fields it remembers,
    and how a record has them saved, in `saved_values`, and takes one in `keep_saved`."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["seen"] = json.dumps(
                {name: _digest(value) for name, value in self.saved_values(self.instance).items()}
            )

    def saved_values(self, record):
        """{field name: its value as `record` has it saved}, for every field the form remembers."""
        return {name: _saved(record, name) for name in self.Meta.fields}

    def keep_saved(self, record, name, value):
        """Take `value`, the field's value as `record` has it saved, in place of what the person left unchanged."""
        if record._meta.get_field(name).many_to_many:
            self.cleaned_data[name] = value
        else:
            self.cleaned_data[name] = getattr(record, name)
            setattr(self.instance, name, self.cleaned_data[name])

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
            name
            for name, saved in self.saved_values(current).items()
            if seen.get(name) != _digest(saved)
            and seen.get(name) != _digest(self.cleaned_data.get(name))
            and _digest(self.cleaned_data.get(name)) != _digest(saved)
        ]

    def keep_others_changes(self, current):
        """Take somebody else's saved value for every field this person left as they first saw it."""
        seen = self._seen()
        for name, saved in self.saved_values(current).items():
            if seen.get(name) == _digest(self.cleaned_data.get(name)):
                self.keep_saved(current, name, saved)


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


def offer_services(field, services, *, several=False):
    """A choice of the services a record may be for; each named with its council when the person works with
    several councils, as the lists' service filters name them."""
    field.queryset = services
    field.empty_label = "Choose a service"
    if several:
        field.label_from_instance = lambda service: service.in_council


def error_list(*forms_):
    """(message, field id) for every error of the given forms, in page order, for the error summary."""
    errors = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        fields = _in_page_order(form)
        first_id = fields[0].id_for_label if fields else ""
        errors.extend((message, first_id) for message in form.non_field_errors())
        for bound in fields:
            for error in form.errors.as_data().get(bound.name, []):
                errors.extend((message, _error_target(bound, error)) for message in error.messages)
    return errors


def _in_page_order(form):
    """The form's visible fields in the order its page shows them: its layout's, which may differ from the order
    the fields are declared in. A field the layout does not name comes last."""
    fields = list(form.visible_fields())
    layout = getattr(getattr(form, "helper", None), "layout", None)
    if layout is None:
        return fields
    place = {pointer.name: index for index, pointer in enumerate(layout.get_field_names())}
    return sorted(fields, key=lambda bound: place.get(bound.name, len(place)))


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


def typed_work(form):
    """What the person typed into a bound form (or formset, or anything with `forms`) where it differs from what is
    saved now, as (label, text): for a page that cannot save it, so that nothing typed is lost."""
    typed = []
    for one in getattr(form, "forms", [form]):
        for name in one.changed_data:
            bound = one[name]
            if not bound.is_hidden:
                typed.append((bound.label, _as_typed(bound)))
    return typed


def _as_typed(bound):
    """A field's value as it was sent, in words: a choice by its label, a date by its parts."""
    data, field = bound.data, bound.field
    values = data if isinstance(data, (list, tuple)) else [data]
    values = [value for value in values if value not in (None, "")]
    if isinstance(field, forms.MultiValueField):
        return "/".join(str(value) for value in values)
    if isinstance(data, bool):
        return "Yes" if data else "No"
    if hasattr(field, "choices"):
        labels = {str(value): label for value, label in field.choices}
        return ", ".join(str(labels.get(str(value), value)) for value in values)
    return "" if data is None else str(data)


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
                f"Enter a username of {self.username_field.max_length} characters or fewer", code="max_length"
            )
        return username


NEW_PASSWORD_HINT = (
    "Use 12 characters or more. It must not be a common password, only numbers, or like your name or username."
)
PASSWORD = 128  # characters: far more than a pass phrase needs; refused beyond, never cut


class ChooseNewPasswordForm(GDSFormMixin, SetPasswordForm):
    """A new password, typed twice and checked by Django's password validators (AUTH_PASSWORD_VALIDATORS)."""

    error_messages = {
        "password_mismatch": "Enter the same new password in both boxes",
        "same_as_before": "Choose a password different from the one you signed in with",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        new, again = self.fields["new_password1"], self.fields["new_password2"]
        new.label, new.help_text = "New password", NEW_PASSWORD_HINT
        again.label, again.help_text = "Type the new password again", ""
        new.error_messages["required"] = "Enter a new password"
        again.error_messages["required"] = "Enter the new password again"
        for field in self.fields.values():
            field.widget.attrs.pop("autofocus", None)
            field.widget.attrs["spellcheck"] = "false"
            # A validator, not the field's max_length: a browser would cut what was typed, unseen.
            field.validators.append(
                MaxLengthValidator(PASSWORD, message=f"Enter a password of {PASSWORD} characters or fewer")
            )

    # Whether a new password the same as the current one is refused: not from a reset link, whose holder does not
    # know the current password and must learn nothing of it.
    refuses_the_current = True

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("new_password1")
        if (
            self.refuses_the_current
            and password
            and not self.has_error("new_password2")
            and self.user.check_password(password)
        ):
            self.add_error(
                "new_password1", ValidationError(self.error_messages["same_as_before"], code="same_as_before")
            )
        return cleaned


class ResetPasswordForm(ChooseNewPasswordForm):
    """A new password chosen from the link of a "Forgotten your password?" email. Any password the validators accept,
    the old one included: refusing the old one would tell whoever holds the link what it is."""

    refuses_the_current = False


class ForgottenPasswordForm(GDSFormMixin, PasswordResetForm):
    """The email address a link to choose a new password is sent to, if an account has it."""

    limit_names = {"email": "an email address"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = "Email address"
        email.help_text = "The email address your council gave EqA for you, usually your work address."
        email.error_messages["required"] = "Enter your email address"
        email.error_messages["invalid"] = "Enter an email address like name@council.gov.uk"
        email.widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})

    def save(self, **kwargs):
        """Each account with the address is sent a link by the email worker (Django's own form sends it here)."""
        for user in self.get_users(self.cleaned_data["email"]):
            password_reset_send(user)


class ChangePasswordForm(ChooseNewPasswordForm, PasswordChangeForm):
    """The person's current password, then a new one."""

    error_messages = {
        **ChooseNewPasswordForm.error_messages,
        "password_incorrect": "The current password is not right. Enter the password you signed in with",
        "same_as_before": "Choose a password different from your current one",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
