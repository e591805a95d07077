import hashlib
import json

from crispy_forms_gds.helper import FormHelper
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
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


NEW_PASSWORD_HINT = ("Use 12 characters or more. It must not be a common password, only numbers, or like your name "
                     "or username.")
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
            field.validators.append(MaxLengthValidator(
                PASSWORD, message=f"Enter a password of {PASSWORD} characters or fewer"))

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("new_password1")
        if password and not self.has_error("new_password2") and self.user.check_password(password):
            self.add_error("new_password1", ValidationError(self.error_messages["same_as_before"],
                                                            code="same_as_before"))
        return cleaned


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
