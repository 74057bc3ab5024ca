import datetime

from django import forms
from django.utils import timezone

from tremplin.privacy.models import RetentionHold

LONGEST_HOLD_YEARS = 10


class HoldForm(forms.ModelForm):
    class Meta:
        model = RetentionHold
        fields = ["reason", "detail", "until"]
        widgets = {"until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "detail": "Par exemple : « programme FSE+ 2021-2027, contrôle possible jusqu'en 2031 ».",
            "until": "Le dossier ne sera pas anonymisé avant cette date. Dix ans au plus.",
        }

    def clean_until(self):
        until = self.cleaned_data["until"]
        today = timezone.localdate()
        if until <= today:
            raise forms.ValidationError("Choisissez une date à venir.")
        if until > today + datetime.timedelta(days=366 * LONGEST_HOLD_YEARS):
            raise forms.ValidationError("Une prolongation ne peut pas dépasser dix ans.")
        return until

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == "other" and not cleaned.get("detail"):
            self.add_error("detail", "Précisez le motif.")
        return cleaned


class AnonymiseForm(forms.Form):
    confirm = forms.BooleanField(
        label="Je confirme : ces dossiers seront anonymisés définitivement, sans retour possible.",
        error_messages={"required": "Cochez la case pour confirmer l'anonymisation."},
    )
