from django import forms
from django.utils import timezone

from tremplin.core.forms import DateInput, DateTimeInput, VersionedModelForm
from tremplin.practice.models import (
    FollowUpKind,
    Incident,
    JournalEntry,
    PracticeSession,
)


class JournalEntryForm(VersionedModelForm):
    class Meta:
        model = JournalEntry
        fields = [
            "occurred_on",
            "title",
            "situation",
            "facts",
            "opinions",
            "emotions",
            "strengths",
            "adjustments",
        ]
        widgets = {
            "occurred_on": DateInput(),
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in [
                    "situation",
                    "facts",
                    "opinions",
                    "emotions",
                    "strengths",
                    "adjustments",
                ]
            },
        }

    def clean_occurred_on(self):
        day = self.cleaned_data["occurred_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("La situation ne peut pas être datée dans le futur.")
        return day


class ShareForm(forms.Form):
    session = forms.ModelChoiceField(
        label="Séance d'analyse de pratique",
        queryset=PracticeSession.objects.none(),
        required=False,
        empty_label="— Ne plus partager —",
    )
    anonymously = forms.BooleanField(label="Partager sans mon nom", required=False, initial=True)

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions


class PracticeSessionForm(forms.ModelForm):
    class Meta:
        model = PracticeSession
        fields = ["held_on", "theme", "facilitator"]
        widgets = {"held_on": DateInput()}


class IncidentForm(VersionedModelForm):
    class Meta:
        model = Incident
        fields = [
            "occurred_at",
            "kind",
            "severity",
            "place",
            "description",
            "involved",
            "immediate_measures",
        ]
        widgets = {
            "occurred_at": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
            "immediate_measures": forms.Textarea(attrs={"rows": 2}),
            "severity": forms.RadioSelect,
        }

    def clean_occurred_at(self):
        at = self.cleaned_data["occurred_at"]
        if at > timezone.now():
            raise forms.ValidationError("Un incident ne peut pas être daté dans le futur.")
        return at


class FollowUpForm(forms.Form):
    kind = forms.ChoiceField(
        label="Suite donnée", choices=[("", "— Choisir —"), *FollowUpKind.choices]
    )
    note = forms.CharField(
        label="Précisions", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    close = forms.BooleanField(label="Clore l'incident après cette suite", required=False)
