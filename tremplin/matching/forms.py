from django import forms

from tremplin.core.forms import DateInput, DateTimeInput
from tremplin.matching.models import ProposalStatus, RefusalReason


class ProposeForm(forms.Form):
    recipient_email = forms.EmailField(
        label="E-mail de l'employeur",
        required=False,
        help_text="Il reçoit un lien pour découvrir le profil et répondre, sans compte. "
        "Laissez vide pour noter vous-même sa réponse.",
    )
    message = forms.CharField(
        label="Votre message à l'employeur",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Ce qui fait de cette personne une bonne candidate, avec ses mots et les vôtres.",
    )


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Suite donnée",
        choices=[
            (ProposalStatus.INTERVIEW, "Je la reçois en entretien"),
            (ProposalStatus.HIRED, "Je l'embauche"),
            (ProposalStatus.REFUSED, "Je ne la retiens pas"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez la suite donnée."},
    )
    interview_at = forms.DateTimeField(
        label="Date et heure de l'entretien", required=False, widget=DateTimeInput()
    )
    starts_on = forms.DateField(
        label="Date de prise de poste (pour une embauche)", required=False, widget=DateInput()
    )
    refusal_reason = forms.ChoiceField(
        label="Motif", required=False, choices=[("", "— Choisir —"), *RefusalReason.choices]
    )
    comment = forms.CharField(
        label="Commentaire",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, with_name: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if with_name:
            self.fields["by_name"] = forms.CharField(label="Votre nom", max_length=150)
        else:
            self.fields["outcome"].choices = [
                (ProposalStatus.INTERVIEW, "Entretien prévu"),
                (ProposalStatus.HIRED, "Embauche"),
                (ProposalStatus.REFUSED, "Candidature non retenue"),
            ]

    def clean(self):
        data = super().clean()
        hired = data.get("outcome") == ProposalStatus.HIRED
        if hired and not data.get("starts_on"):
            self.add_error("starts_on", "Indiquez la date de prise de poste.")
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="Pourquoi retirer la candidature", max_length=500)
