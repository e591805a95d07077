"""The query strings of the pages that read the council's EIAs together: the public register's filters and the
budget round a cumulative impact page shows."""

from django import forms

from councils.forms import LARGEST_ID, QueryForm


class RegisterFilters(QueryForm):
    q = forms.CharField(required=False, max_length=300)
    service = forms.IntegerField(required=False, min_value=1, max_value=LARGEST_ID)
    year = forms.IntegerField(required=False, min_value=2000, max_value=2200)
    characteristic = forms.CharField(required=False, max_length=300)
    overdue = forms.BooleanField(required=False)


class RoundFilter(QueryForm):
    round = forms.CharField(required=False, max_length=200)
