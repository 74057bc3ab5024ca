from django import forms
from django.utils import timezone

from tremplin.core.forms import DateInput, VersionedModelForm
from tremplin.fse import enums
from tremplin.fse.models import Participation

UNKNOWN = ("", "Non renseigné")


class ParticipationForm(VersionedModelForm):
    """The FSE+ facts of the pathway, confirmed with the person at entry (and the
    qualification at the exit)."""

    class Meta:
        model = Participation
        fields = [
            "labour_status",
            "jobseeker_since",
            "entry_contract",
            "education_level",
            "housing_exclusion",
            "rural",
            "disability",
            "qualification",
        ]
        widgets = {"jobseeker_since": DateInput()}

    def __init__(self, *args, pathway, can_see_health: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.pathway = pathway
        for name in self.Meta.fields:
            field = self.fields[name]
            if isinstance(field, forms.ChoiceField):
                field.choices = [UNKNOWN, *[c for c in field.choices if c[0] != ""]]
        self.fields[
            "entry_contract"
        ].help_text = "Seulement pour une personne en emploi à l'entrée."
        if not can_see_health:
            # Health data: only those who see the health section of the file (CNIL).
            del self.fields["disability"]

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("labour_status")
        if cleaned.get("entry_contract") and status != enums.LabourStatus.EMPLOYED:
            self.add_error(
                "entry_contract",
                "L'emploi occupé ne se note que pour une personne en emploi à l'entrée.",
            )
        since = cleaned.get("jobseeker_since")
        if since and since > timezone.localdate():
            self.add_error("jobseeker_since", "Cette date ne peut pas être dans le futur.")
        elif since and since > self.pathway.started_on:
            self.add_error(
                "jobseeker_since",
                f"L'inscription notée ici est celle du jour d'entrée "
                f"({self.pathway.started_on:%d/%m/%Y}) : elle ne peut pas être postérieure.",
            )
        return cleaned


class AnswerForm(forms.Form):
    """The survey's two questions, for the person (link) or the counselor (phone)."""

    situation = forms.ChoiceField(
        label="Quelle est votre situation aujourd'hui ?",
        choices=enums.SurveySituation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez votre situation aujourd'hui."},
    )
    contract = forms.ChoiceField(
        label="Si vous travaillez comme salarié·e : quel est votre contrat ?",
        choices=[("", "— Choisir —")]
        + [c for c in enums.Contract.choices if c[0] != enums.Contract.SELF_EMPLOYED],
        required=False,
    )

    improvements = forms.MultipleChoiceField(
        label="Si vous travaillez : par rapport au travail que vous aviez au début de "
        "l'accompagnement, qu'est-ce qui a changé ?",
        help_text="Cochez ce qui est vrai, ou rien si rien n'a changé.",
        choices=enums.Improvement.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    PHONE_IMPROVEMENTS = {
        enums.Improvement.MORE_HOURS: "Plus d'heures de travail, comme elle le souhaitait",
        enums.Improvement.MORE_SKILLED: "Un poste plus qualifié ou avec plus de responsabilités",
        enums.Improvement.PROMOTION: "Une promotion",
    }

    def __init__(self, *args, by_phone: bool = False, employed_at_entry: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not employed_at_entry:
            # The question compares with the work at entry: nothing to compare otherwise.
            del self.fields["improvements"]
        elif by_phone:
            self.fields[
                "improvements"
            ].label = "Si elle travaille : ce qui a changé depuis l'entrée (elle était en emploi)"
            self.fields["improvements"].choices = list(self.PHONE_IMPROVEMENTS.items())
        if by_phone:
            self.fields["situation"].label = "Situation de la personne aujourd'hui"
            self.fields["contract"].label = "Type de contrat (si elle est salariée)"
