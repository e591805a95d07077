"""A framework of the council's own, its themes and the items under them, as a council admin words them on the
council settings pages. Adding one carries a one-time key (Back then Save again adds nothing); changing one is
checked against what was saved since the page was opened (councils.conflicts.edit_page)."""

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from actionplans.models import FrameworkKind, FrameworkVersion, QualityStatement, Theme
from actionplans.models.framework import MAX_COUNCIL_FRAMEWORKS, MAX_ITEMS_PER_THEME, MAX_THEMES
from councils.forms import GDSFormMixin, RemembersWhatWasSeen
from councils.once import CreatesOnce
from councils.templatetags.text import mid_sentence, with_article

YES_NO = [("True", "Yes"), ("False", "No")]


def _yes_no(label, help_text, required_message):
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": required_message},
    )


class FrameworkForm(GDSFormMixin, RemembersWhatWasSeen, CreatesOnce, forms.ModelForm):
    limit_names = {"name": "a name", "theme_label": "a word for its themes", "item_label": "a word for its items"}

    numbers_themes = _yes_no(
        "Are its themes numbered?",
        "Numbered, a heading reads ‘Area 1: Prevention’; by name alone, ‘Key question: Safe’.",
        "Choose whether its themes are numbered",
    )
    uses_priorities = _yes_no(
        "Do its actions carry a priority, must do or should do?",
        "As CQC's inspection reports list what a service must do and what it should do.",
        "Choose whether its actions carry a priority",
    )

    class Meta:
        model = FrameworkVersion
        fields = ["name", "kind", "theme_label", "item_label", "numbers_themes", "uses_priorities"]
        labels = {
            "name": "What is the framework called?",
            "kind": "What kind of review or plan is it for?",
            "theme_label": "What does it call its themes?",
            "item_label": "What does it call the items under a theme? (optional)",
        }
        help_texts = {
            "name": "For example ‘Adult social care improvement areas 2025’. Plans offer it by this name.",
            "theme_label": "For example ‘Theme’, ‘Area’ or ‘Key question’. Leave it empty if the framework has no "
            "themes: its actions are then listed in ref order.",
            "item_label": "For example ‘Recommendation’. Leave it empty if an action is set against a theme alone.",
        }
        error_messages = {
            "name": {"required": "Enter the name of the framework"},
            "kind": {"required": "Choose what kind of review or plan the framework is for"},
        }
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council
        # CQC scores the quality statements of its own framework, which EqA ships: a council's framework is never it.
        self.fields["kind"].choices = [c for c in FrameworkKind.choices if c[0] != FrameworkKind.CQC_LOCAL_AUTHORITY]
        for name in ("numbers_themes", "uses_priorities"):
            self.initial[name] = str(getattr(self.instance, name))
        if self.instance.pk:
            del self.fields["once"]
        else:
            self.initial.setdefault("kind", FrameworkKind.COUNCIL_OWN)
        self.lay_out()

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        others = FrameworkVersion.objects.exclude(pk=self.instance.pk).filter(name__iexact=name)
        if others.filter(council=self.council).exists():
            raise forms.ValidationError(
                f"The council already has a framework called ‘{name}’. Give this one another name", code="taken"
            )
        if others.filter(council__isnull=True).exists():
            raise forms.ValidationError(
                f"EqA provides a framework called ‘{name}’. Give the council's own another name", code="taken"
            )
        return name

    def clean_theme_label(self):
        return " ".join(self.cleaned_data["theme_label"].split())

    def clean_item_label(self):
        return " ".join(self.cleaned_data["item_label"].split())

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None and self.council.frameworks.count() >= MAX_COUNCIL_FRAMEWORKS:
            raise forms.ValidationError(
                f"The council has {MAX_COUNCIL_FRAMEWORKS} frameworks of its own, the most it can have. Change one "
                f"it no longer uses instead",
                code="too_many",
            )
        theme_label, item_label = cleaned.get("theme_label"), cleaned.get("item_label")
        if item_label and theme_label == "":
            self.add_error(
                "theme_label",
                forms.ValidationError(
                    "Enter what the framework calls its themes: items are always under a theme", code="items_need"
                ),
            )
        if self.instance.pk and theme_label == "" and self.instance.themes.exists():
            self.add_error(
                "theme_label",
                forms.ValidationError(
                    "Enter what the framework calls its themes: it has themes. Remove them first to have none",
                    code="has_themes",
                ),
            )
        if (
            self.instance.pk
            and item_label == ""
            and QualityStatement.objects.filter(theme__framework=self.instance).exists()
        ):
            self.add_error(
                "item_label",
                forms.ValidationError(
                    "Enter what the framework calls its items: its themes have items. Remove them first to have none",
                    code="has_items",
                ),
            )
        return cleaned

    def get_layout(self):
        return Layout(
            *(["once"] if "once" in self.fields else []),
            Field.text("name"),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.text("theme_label", field_width=20),
            Field.text("item_label", field_width=20),
            Field.radios("numbers_themes", legend_size=Size.SMALL, inline=True),
            Field.radios("uses_priorities", legend_size=Size.SMALL, inline=True),
        )


class _PartForm(GDSFormMixin, RemembersWhatWasSeen, CreatesOnce, forms.ModelForm):
    """A theme or an item of the framework: its name, unique among its siblings, and whether it is still offered."""

    limit_names = {"name": "a name", "description": "a description"}
    retired = forms.TypedChoiceField(
        choices=[("False", "Yes"), ("True", "No, it is retired")],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, framework, label, **kwargs):
        super().__init__(*args, **kwargs)
        self.framework = framework
        self.label = label
        word = mid_sentence(label)
        name = self.fields["name"]
        name.label = f"Name of the {word}"
        name.error_messages["required"] = f"Enter the name of the {word}"
        retired = self.fields["retired"]
        retired.label = f"Is the {word} offered for new actions?"
        retired.help_text = f"Actions that have the {word} keep it whatever you choose."
        retired.error_messages["required"] = f"Choose whether the {word} is offered for new actions"
        if "description" in self.fields:
            covers = f"What the {word} covers. The committee PDF prints it under the {word}'s heading."
            self.fields["description"].help_text = covers
        self.initial["retired"] = str(self.instance.retired)
        if self.instance.pk:
            del self.fields["once"]
        else:
            del self.fields["retired"]
        self.lay_out()

    def siblings(self):
        raise NotImplementedError

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if self.siblings().exclude(pk=self.instance.pk).filter(name__iexact=name).exists():
            raise forms.ValidationError(
                f"There is already {with_article(mid_sentence(self.label))} called ‘{name}’ here. Give this one "
                f"another name",
                code="taken",
            )
        return name

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None and self.siblings().count() >= self.most:
            raise forms.ValidationError(
                f"There are {self.most} here, the most there can be. Change one that is no longer used instead",
                code="too_many",
            )
        return cleaned

    def saved_values(self, record):
        # Only what the form asks: a new one is not asked whether it is retired.
        return {name: value for name, value in super().saved_values(record).items() if name in self.fields}

    def get_layout(self):
        return Layout(
            *(["once"] if "once" in self.fields else []),
            Field.text("name"),
            *([Field.textarea("description", rows=3)] if "description" in self.fields else []),
            *([Field.radios("retired", legend_size=Size.SMALL, inline=True)] if "retired" in self.fields else []),
        )


class ThemeForm(_PartForm):
    most = MAX_THEMES
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
    )

    class Meta:
        model = Theme
        fields = ["name", "description", "retired"]

    def siblings(self):
        return Theme.objects.filter(framework=self.framework)


class ItemForm(_PartForm):
    most = MAX_ITEMS_PER_THEME

    class Meta:
        model = QualityStatement
        fields = ["name", "retired"]

    def __init__(self, *args, theme, **kwargs):
        self.theme = theme
        super().__init__(*args, **kwargs)

    def siblings(self):
        return QualityStatement.objects.filter(theme=self.theme)
