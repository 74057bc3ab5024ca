"""Shared form rendering: what an empty choice looks like."""

from django import forms

from tremplin.core.forms import EMPTY_CHOICE, NOT_STATED
from tremplin.immersions.models import ImmersionReview


class _ReviewForm(forms.ModelForm):
    class Meta:
        model = ImmersionReview
        fields = ["outcome"]
        widgets = {"outcome": forms.RadioSelect}


def _empty_labels(form, name):
    return [label for value, label in form[name].field.choices if value == ""]


def test_a_required_radio_choice_has_no_empty_button():
    form = _ReviewForm()
    html = str(form["outcome"])
    assert _empty_labels(form, "outcome") == []
    assert 'value=""' not in html and EMPTY_CHOICE not in html


def test_an_optional_radio_choice_says_not_stated_and_a_list_still_prompts():
    class Optional(_ReviewForm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["outcome"].required = False

    assert _empty_labels(Optional(), "outcome") == [NOT_STATED]

    class AsList(_ReviewForm):
        class Meta(_ReviewForm.Meta):
            widgets = {}

    assert _empty_labels(AsList(), "outcome") == [EMPTY_CHOICE]


def test_showing_a_field_over_a_referential_never_loads_the_referential(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tremplin.referentials.forms import SelectedCheckboxes
    from tremplin.referentials.models import RomeAppellation

    class Wishes(forms.Form):
        jobs = forms.ModelMultipleChoiceField(
            queryset=RomeAppellation.objects.all(),
            required=False,
            widget=SelectedCheckboxes(RomeAppellation),
        )
        job = forms.ModelChoiceField(queryset=RomeAppellation.objects.all(), required=False)

    form = Wishes(initial={"jobs": []})
    table = RomeAppellation._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        form["jobs"]
        form["job"]
        str(form["jobs"])
    assert [q["sql"] for q in queries.captured_queries if table in q["sql"]] == []
    assert form["job"].field.empty_label == EMPTY_CHOICE
