"""The council's nation, whose equality duties decide what an EIA's impact grid must consider."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from assessments.characteristics import nation_duties
from councils.forms import GDSFormMixin
from councils.models import Council, Nation


class DutiesForm(GDSFormMixin, forms.ModelForm):
    nation = forms.ChoiceField(
        label="Which nation is the council in?",
        help_text="Its equality duties decide what every EIA's impact grid must consider, or say why it does not.",
        choices=[Choice(nation.value, nation.label, hint=nation_duties(nation).hint) for nation in Nation],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the nation the council is in"},
    )

    class Meta:
        model = Council
        fields = ["nation"]

    def get_layout(self):
        return Layout(Field.radios("nation", legend_size=Size.MEDIUM))
