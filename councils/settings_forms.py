"""The forms of the council settings pages, with which a council admin manages their own council."""

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.text import capfirst

from councils.audit import person
from councils.forms import GDSFormMixin
from councils.models import GROUP_NAME, REGISTER_NAME_ROLES, Council, GroupRole, Invitation, Membership, Role, Service
from councils.once import CreatesOnce
from councils.references import HINT, PATTERN_LIMIT, PatternError, validate_pattern
from councils.templatetags.text import mid_sentence

USERNAME = 150  # Django's User.username
NAME = 150  # Django's User.first_name and last_name
INVITED_EMAIL = 150  # it becomes the username
MONTHS = 120  # a review period longer than ten years is a mistake


def _bounded(label, limit, what, required=None, **kwargs):
    """A text field of at most `limit` characters; longer is refused, never cut."""
    return forms.CharField(
        label=label,
        max_length=limit,
        required=bool(required),
        error_messages={"required": required or "", "max_length": f"Enter {what} of {limit} characters or fewer"},
        **kwargs,
    )


class AddPersonForm(GDSFormMixin, forms.Form):
    username = _bounded(
        "Username",
        USERNAME,
        "a username",
        required="Enter the person's username",
        validators=[UnicodeUsernameValidator(message="Enter a username of letters, numbers and @ . + - _ only")],
        help_text="If they already use EqA, enter the username they sign in with: their name and "
        "email stay as they are.",
    )
    first_name = _bounded(
        "First name", NAME, "a first name", help_text="Only for a new account, as are the last name and email address."
    )
    last_name = _bounded("Last name", NAME, "a last name")
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        required=False,
        error_messages={
            "invalid": "Enter an email address like name@council.gov.uk",
            "max_length": "Enter an email address of 254 characters or fewer",
        },
    )
    role = forms.ChoiceField(
        label="Which role do they have in the council?",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the person's role"},
    )

    def __init__(self, *args, council, **kwargs):
        self.council = council
        super().__init__(*args, **kwargs)
        # The details are somebody else's: the browser must not fill in the admin's own.
        for name in ("username", "first_name", "last_name", "email"):
            self.fields[name].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def get_layout(self):
        return Layout(
            Field.text("username", field_width=20),
            Field.text("first_name", field_width=20),
            Field.text("last_name", field_width=20),
            Field.text("email", field_width=30),
            Field.radios("role", legend_size=Size.SMALL),
        )

    def clean(self):
        cleaned = super().clean()
        username, role = cleaned.get("username"), cleaned.get("role")
        if not username:
            return cleaned
        existing = get_user_model().objects.filter(username=username).first()
        if existing is None:
            for name in ("first_name", "last_name"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(
                        name,
                        ValidationError(
                            f"Enter the person's {mid_sentence(self.fields[name].label)}: there is no account with "
                            f"that username yet",
                            code="required",
                        ),
                    )
        elif not existing.is_active:
            self.add_error(
                "username",
                ValidationError(
                    f"{username}'s account is closed, as they left. If they left this council by mistake, restore "
                    f"their account under ‘People who have left’; if not, ask whoever runs EqA",
                    code="inactive",
                ),
            )
        elif role and Membership.objects.filter(user=existing, council=self.council, role=role).exists():
            self.add_error(
                "role",
                ValidationError(
                    f"{username} already has the role {Role(role).label} in this council. Choose another role",
                    code="unique",
                ),
            )
        return cleaned


class ApproverServicesForm(GDSFormMixin, forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["services"]
        labels = {"services": "Which services do they sign off?"}
        help_texts = {
            "services": "Choose none to let them sign off every service's assessments. Choosing a "
            "service includes the teams under it."
        }
        widgets = {"services": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].queryset = Service.objects.filter(council=self.instance.council)

    def get_layout(self):
        return Layout(Field.checkboxes("services", legend_size=Size.SMALL, small=True))


def _months(label):
    message = f"Enter the months before review {label}, as a whole number from 1 to {MONTHS}"
    # A text box with a numeric keypad, as GOV.UK asks, not the browser's number spinner.
    return forms.IntegerField(
        min_value=1,
        max_value=MONTHS,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"required": message, "invalid": message, "min_value": message, "max_value": message},
    )


class ReviewPeriodsForm(GDSFormMixin, forms.ModelForm):
    review_months_high = _months("after a High negative impact")
    review_months_medium = _months("after a Medium negative impact")
    review_months_low = _months("after a Low negative impact")
    review_months_none = _months("when there is no negative impact")
    eia_moderation_required = forms.TypedChoiceField(
        label="Are EIAs moderated before they are published?",
        help_text="When they are, an equality group must record its moderation before an EIA can be published.",
        choices=[("True", "Yes"), ("False", "No")],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether EIAs are moderated before they are published"},
    )

    class Meta:
        model = Council
        fields = [
            "review_months_high",
            "review_months_medium",
            "review_months_low",
            "review_months_none",
            "eia_moderation_required",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.Meta.fields[:4]:
            self.fields[name].label = capfirst(Council._meta.get_field(name).verbose_name)
        self.initial["eia_moderation_required"] = str(self.instance.eia_moderation_required)

    def get_layout(self):
        return Layout(
            *[Field.text(name, field_width=3) for name in self.Meta.fields[:4]],
            Field.radios("eia_moderation_required", legend_size=Size.SMALL, inline=True),
        )


class ReferencePatternForm(GDSFormMixin, forms.ModelForm):
    class Meta:
        model = Council
        fields = ["reference_pattern"]
        labels = {"reference_pattern": "Pattern for reference numbers"}
        help_texts = {"reference_pattern": HINT}
        error_messages = {
            "reference_pattern": {
                "required": "Enter a pattern for reference numbers, for example EIA-{year}-{n:03}",
                "max_length": f"Enter a pattern of {PATTERN_LIMIT} characters or fewer",
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The pattern is kept exactly as typed: a space at its start or end is refused, not trimmed away.
        self.fields["reference_pattern"].strip = False
        self.fields["reference_pattern"].widget.attrs.update({"spellcheck": "false", "autocomplete": "off"})

    def get_layout(self):
        return Layout(Field.text("reference_pattern", field_width=20))

    def clean_reference_pattern(self):
        pattern = self.cleaned_data["reference_pattern"]
        try:
            validate_pattern(pattern)
        except PatternError as wrong:
            raise ValidationError(str(wrong), code="invalid") from wrong
        return pattern


class ScreeningSettingsForm(GDSFormMixin, forms.ModelForm):
    review_months_screened_out = _months("of a screened-out decision")

    class Meta:
        model = Council
        fields = ["screening_use", "review_months_screened_out"]
        labels = {"screening_use": "Does an EIA start with a screening?"}
        widgets = {"screening_use": forms.RadioSelect}
        error_messages = {"screening_use": {"required": "Choose whether an EIA starts with a screening"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review_months_screened_out"].label = "Review of a screened-out decision (months)"

    def get_layout(self):
        return Layout(
            Field.radios("screening_use", legend_size=Size.SMALL),
            Field.text("review_months_screened_out", field_width=3),
        )


class PublicRegisterForm(GDSFormMixin, forms.ModelForm):
    register_public = forms.TypedChoiceField(
        label="Publish the council's public register?",
        help_text="Anyone may read it without signing in: the council's published EIAs and screened-out decisions, "
        "each with its signed-off PDF. Nothing else is on it.",
        choices=[("True", "Yes"), ("False", "No")],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the public register is published"},
    )
    register_names = forms.MultipleChoiceField(
        label="Whose names does the register show?",
        help_text="Beside each record, the name of the person who took each step. Leave all unticked to show no "
        "names. The signed-off PDF is published as it was signed off, with any names it holds.",
        choices=list(REGISTER_NAME_ROLES.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Council
        fields = ["register_public", "register_names"]

    def get_layout(self):
        return Layout(
            Field.radios("register_public", legend_size=Size.SMALL),
            Field.checkboxes("register_names", legend_size=Size.SMALL),
        )


class ServiceForm(GDSFormMixin, forms.ModelForm):
    class Meta:
        model = Service
        fields = ["name", "parent"]
        labels = {"name": "Name of the service", "parent": "Which service is it part of?"}
        help_texts = {"parent": "Leave it as ‘None’ for a directorate or other top-level service."}
        error_messages = {
            "name": {
                "required": "Enter the name of the service",
                "max_length": "Enter a name of 200 characters or fewer",
            },
            "parent": {
                "invalid_choice": "Choose one of the listed services: a service cannot be part of itself or "
                "of one of its own teams"
            },
        }

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.council = council
        parents = Service.objects.filter(council=council)
        if self.instance.pk:
            # A service cannot sit under itself or under one of its own teams.
            parents = parents.exclude(pk=self.instance.pk).exclude(path__startswith=f"{self.instance.path} > ")
        self.fields["parent"].queryset = parents
        self.fields["parent"].empty_label = "None: a top-level service"

    def get_layout(self):
        return Layout(Field.text("name"), Field.select("parent"))

    def clean(self):
        cleaned = super().clean()
        name, parent = cleaned.get("name"), cleaned.get("parent")
        if (
            name
            and Service.objects.filter(council=self.instance.council, parent=parent, name__iexact=name)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            where = f"under {parent.path}" if parent else "at the top level"
            self.add_error(
                "name",
                ValidationError(f"There is already a service called {name} {where}. Enter another name", code="unique"),
            )
        return cleaned


class InviteForm(GDSFormMixin, CreatesOnce, forms.Form):
    """An invitation by email: the person's name and address and their roles. The address becomes their username
    when they accept. Sent twice (Back then Send again), it invites once."""

    first_name = _bounded("First name", NAME, "a first name", required="Enter the person's first name")
    last_name = _bounded("Last name", NAME, "a last name", required="Enter the person's last name")
    email = forms.EmailField(
        label="Email address",
        max_length=INVITED_EMAIL,
        help_text="Their work address: the invitation goes to it, and they sign in with it.",
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address like name@council.gov.uk",
            "max_length": f"Enter an email address of {INVITED_EMAIL} characters or fewer",
        },
    )
    roles = forms.MultipleChoiceField(
        label="Which roles will they have in the council?",
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one role"},
    )

    def __init__(self, *args, council, **kwargs):
        self.council = council
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "email"):
            self.fields[name].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def get_layout(self):
        return Layout(
            Field.text("first_name", field_width=20),
            Field.text("last_name", field_width=20),
            Field.text("email", field_width=30),
            Field.checkboxes("roles", legend_size=Size.SMALL),
        )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        accounts = get_user_model().objects.filter(Q(username__iexact=email) | Q(email__iexact=email))
        if accounts.exists():
            raise ValidationError(
                f"{email} already has an EqA account. To give them a role, use ‘Add a person’ with their username",
                code="unique",
            )
        if Invitation.objects.waiting().filter(council=self.council, email=email).exists():
            raise ValidationError(
                f"{email} is invited already. To send the email again, choose ‘Send again’ on the people page",
                code="unique",
            )
        return email


class LeaverForm(GDSFormMixin, forms.Form):
    """Who takes over the work of a person who leaves: an active person of the same council."""

    successor = forms.ModelChoiceField(
        label="Who takes over their work?",
        queryset=get_user_model().objects.none(),
        empty_label="Choose a person",
        help_text="Their open EIAs, screenings and plans, the review reminders of the EIAs they lead and the "
        "update reminders of the actions they lead pass to this person.",
        error_messages={
            "required": "Choose who takes over their work",
            "invalid_choice": "Choose a person who has a role in the council",
        },
    )

    def __init__(self, *args, council, leaver, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = (
            get_user_model()
            .objects.filter(memberships__council=council, is_active=True)
            .exclude(pk=leaver.pk)
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        self.fields["successor"].label_from_instance = lambda someone: f"{person(someone)} ({someone.username})"

    def get_layout(self):
        return Layout(Field.select("successor"))


class GroupRoleForm(GDSFormMixin, forms.ModelForm):
    """A group of the identity provider and the role it gives in the council at single sign-on."""

    class Meta:
        model = GroupRole
        fields = ["group", "role", "services"]
        labels = {
            "group": "Group",
            "role": "Which role does the group give?",
            "services": "Which services do its approvers sign off?",
        }
        help_texts = {
            "group": "As the identity provider names it in the sign-in token: for Microsoft Entra ID, the group’s "
            "object ID (such as 0f8b7c52-…) unless your IT team set it to send names. A person who signs in with "
            "no group EqA knows is shown the groups EqA received.",
            "services": "Only for the approver role. Choose none to let them sign off every service’s assessments.",
        }
        error_messages = {
            "group": {
                "required": "Enter the group’s name or ID",
                "max_length": f"Enter a group of {GROUP_NAME} characters or fewer",
            },
            "role": {"required": "Choose the role the group gives"},
        }
        widgets = {"role": forms.RadioSelect, "services": forms.CheckboxSelectMultiple}

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.council = council
        self.fields["role"].choices = Role.choices
        self.fields["services"].queryset = Service.objects.filter(council=council)

    def get_layout(self):
        return Layout(
            Field.text("group"),
            Field.radios("role", legend_size=Size.SMALL, small=True),
            Field.checkboxes("services", legend_size=Size.SMALL, small=True),
        )

    def clean(self):
        cleaned = super().clean()
        group, role = cleaned.get("group"), cleaned.get("role")
        if cleaned.get("services") and role and role != Role.APPROVER:
            self.add_error("services", ValidationError("Choose services only for the approver role", code="services"))
        if group and role and GroupRole.objects.filter(council=self.instance.council, group=group, role=role).exists():
            self.add_error(
                "group",
                ValidationError(
                    f"The group {group} already gives the role {Role(role).label}. Enter another group or choose "
                    f"another role",
                    code="unique",
                ),
            )
        return cleaned

    def validate_constraints(self, exclude=None):
        # clean() says it in words; the database still holds the constraint against two saves at once.
        pass
