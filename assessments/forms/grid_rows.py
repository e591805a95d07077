"""The council's impact grid, as a council admin words it on the council settings pages."""

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from assessments.characteristics import covers_choices, covers_text, nation_duties
from assessments.models import Characteristic
from councils.forms import GDSFormMixin
from councils.once import CreatesOnce


class GridRowForm(GDSFormMixin, CreatesOnce, forms.ModelForm):
    """A row of the council's impact grid, as a council admin words it on the council settings pages. Adding one
    carries a one-time key (Back then Save again adds nothing); changing one does not."""

    limit_names = {"guidance": "guidance"}

    guidance = forms.CharField(
        label="Guidance for authors",
        widget=forms.Textarea,
        required=False,
        max_length=2000,
        help_text="What an author should think about when filling in this row.",
    )
    covers = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Choose none for a row the council adds of its own, such as carers or rural communities.",
    )
    is_active = forms.TypedChoiceField(
        label="Is the row offered in new EIAs?",
        choices=[("True", "Yes"), ("False", "No, it is retired")],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        help_text="EIAs already started keep their rows whatever you choose.",
        error_messages={"required": "Choose whether the row is offered in new EIAs"},
    )

    class Meta:
        model = Characteristic
        fields = ["label", "guidance", "covers", "is_active"]
        labels = {"label": "Name of the row"}
        help_texts = {"label": "For example ‘Disability’ or ‘Carers’."}
        error_messages = {
            "label": {"required": "Enter the name of the row", "max_length": "Enter a name of 300 characters or fewer"}
        }

    def __init__(self, *args, nation, **kwargs):
        super().__init__(*args, **kwargs)
        # The nation's items, and any the row covers from before the council changed its nation.
        choices = covers_choices(nation)
        offered = {value for value, _ in choices}
        choices += [(code, covers_text([code], nation)) for code in self.instance.covers or [] if code not in offered]
        self.fields["covers"].choices = choices
        self.fields["covers"].label = nation_duties(nation).covers_question
        self.initial["is_active"] = str(self.instance.is_active)
        if not self.instance.pk:
            del self.fields["is_active"]
        else:
            del self.fields["once"]
        self.lay_out()  # without the field just taken away

    def get_layout(self):
        return Layout(
            *(["once"] if "once" in self.fields else []),
            Field.text("label"),
            Field.textarea("guidance", rows=4),
            Field.checkboxes("covers", legend_size=Size.SMALL, small=True),
            *([Field.radios("is_active", legend_size=Size.SMALL, inline=True)] if "is_active" in self.fields else []),
        )
