from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.core.forms import DateInput, VersionedModelForm
from tremplin.territory.models import Topic, WatchNote


class OutlookForm(forms.Form):
    """The basin and family shown; the choices come from the survey's own lists."""

    bassin = forms.ChoiceField(label="Bassin d'emploi")
    famille = forms.ChoiceField(label="Famille de métiers", required=False)

    def __init__(self, *args, basins, families, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bassin"].choices = [
            (f"Département {department}", list(items)) for department, items in basins
        ]
        self.fields["bassin"].error_messages["invalid_choice"] = (
            "Ce bassin d'emploi n'existe pas dans l'enquête : choisissez-le dans la liste."
        )
        self.fields["famille"].choices = [("", "Toutes les familles"), *families]
        self.fields["famille"].error_messages["invalid_choice"] = (
            "Cette famille de métiers n'existe pas : choisissez-la dans la liste."
        )


class NoteFilterForm(forms.Form):
    theme = forms.ChoiceField(
        label="Thème", required=False, choices=[("", "Tous les thèmes"), *Topic.choices]
    )
    q = forms.CharField(label="Rechercher", required=False, max_length=100)


class WatchNoteForm(VersionedModelForm):
    class Meta:
        model = WatchNote
        fields = ["observed_on", "topic", "title", "body", "source"]
        widgets = {
            "observed_on": DateInput(),
            "body": forms.Textarea(attrs={"rows": 6}),
        }

    def clean_observed_on(self):
        day = self.cleaned_data["observed_on"]
        if day > timezone.localdate():
            raise ValidationError("La date de l'information ne peut pas être dans le futur.")
        return day
