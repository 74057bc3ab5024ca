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
