from datetime import date

from django import forms

from tremplin.people.models import COMMON_GATED_SECTIONS
from tremplin.portal.enums import SendChannel

MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip


class BirthDateForm(forms.Form):
    """Three simple fields: easier on a phone than a date picker, and read aloud well."""

    day = forms.IntegerField(
        label="Jour",
        min_value=1,
        max_value=31,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "bday-day"}),
        error_messages={"required": "Écrivez le jour.", "invalid": "Écrivez le jour en chiffres."},
    )
    month = forms.TypedChoiceField(
        label="Mois",
        coerce=int,
        choices=[("", "Choisir")] + [(i, name) for i, name in enumerate(MONTHS, start=1)],
        widget=forms.Select(attrs={"autocomplete": "bday-month"}),
        error_messages={"required": "Choisissez le mois."},
    )
    year = forms.IntegerField(
        label="Année",
        min_value=1900,
        max_value=2100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "bday-year"}),
        error_messages={
            "required": "Écrivez l'année.",
            "invalid": "Écrivez l'année en chiffres, par exemple 1990.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].error_messages.update(
            {"min_value": "Le jour va de 1 à 31.", "max_value": "Le jour va de 1 à 31."}
        )
        self.fields["year"].error_messages.update(
            {
                "min_value": "Écrivez l'année avec 4 chiffres, par exemple 1990.",
                "max_value": "Écrivez l'année avec 4 chiffres, par exemple 1990.",
            }
        )

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                data["birth_date"] = date(data["year"], data["month"], data["day"])
            except ValueError:
                # Not a real date (31 February): counted as a wrong answer all the same,
                # so that nothing tells a real date from a wrong one.
                data["birth_date"] = None
        return data


class LinkRequestForm(forms.Form):
    email = forms.EmailField(
        label="Votre adresse e-mail",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Écrivez votre adresse e-mail.",
            "invalid": "Cette adresse e-mail n'est pas complète. Exemple : prenom.nom@exemple.fr",
        },
    )


class InviteForm(forms.Form):
    channel = forms.ChoiceField(
        label="Envoyer l'invitation par",
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez comment envoyer l'invitation."},
    )

    def __init__(self, *args, routes: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [
            (channel, f"{SendChannel(channel).label} ({address})")
            for channel, address in routes.items()
        ]
        if len(routes) == 1:
            self.fields["channel"].initial = next(iter(routes))


class SynthesisValidationForm(forms.Form):
    read = forms.BooleanField(
        label="J'ai lu cette synthèse et elle correspond à ce que nous avons dit",
        error_messages={
            "required": "Cochez la case pour dire que vous avez lu la synthèse et qu'elle est juste."
        },
    )


class OpenedPartsForm(forms.Form):
    """Which common parts of her file a partner structure reads: one box per part."""

    parts = forms.MultipleChoiceField(
        label="Ce que cette structure peut voir en plus",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Ce choix n'existe pas : cochez parmi les cases."},
    )

    def __init__(self, *args, words, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parts"].choices = [(s.value, words[s]) for s in COMMON_GATED_SECTIONS]
