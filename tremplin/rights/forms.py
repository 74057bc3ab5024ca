"""The household and resources a counselor fills in with the person for an estimate."""

import re
from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.core.forms import DateInput
from tremplin.referentials.forms import CommuneField
from tremplin.rights import engine

HOUSING_CHOICES = [
    ("locataire_vide", "Locataire d'un logement vide (parc privé)"),
    ("locataire_meuble", "Locataire d'un logement meublé"),
    ("locataire_hlm", "Locataire d'un logement social (HLM)"),
    ("locataire_foyer", "En foyer ou résidence sociale (redevance)"),
    ("loge_gratuitement", "Hébergé·e gratuitement (famille, amis…)"),
    ("sans_domicile", "Sans domicile stable"),
    ("proprietaire", "Propriétaire sans prêt en cours"),
    ("primo_accedant", "Accédant·e à la propriété (prêt en cours)"),
]
# Where a rent (or the loan's monthly payment) is asked.
PAYING = {
    "locataire_vide",
    "locataire_meuble",
    "locataire_hlm",
    "locataire_foyer",
    "primo_accedant",
}

_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
MAX_AMOUNT = Decimal("20000")


def amount(label: str, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=False,
        min_value=0,
        max_value=MAX_AMOUNT,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "invalid": "Saisissez un montant en euros, par exemple 850 ou 850,50.",
            "min_value": "Le montant ne peut pas être négatif.",
            "max_value": "Au-delà de 20 000 € par mois, l'estimation n'a pas de sens.",
            "max_decimal_places": "Deux chiffres après la virgule au plus.",
        },
    )


class EstimateForm(forms.Form):
    salary = amount(
        "Salaire net mensuel de la personne",
        "Moyenne des trois derniers mois ; laissez vide s'il n'y en a pas.",
    )
    unemployment = amount("Allocation chômage (ARE) par mois")
    ass = amount("Allocation de solidarité spécifique (ASS) perçue par mois")
    alimony = amount("Pension alimentaire reçue par mois")
    in_couple = forms.TypedChoiceField(
        label="Situation familiale",
        choices=[("0", "Seul·e"), ("1", "En couple (marié·e, pacsé·e ou en concubinage)")],
        coerce=lambda value: value == "1",
        initial="0",
        widget=forms.RadioSelect,
    )
    partner_birth_date = forms.DateField(
        label="Date de naissance du conjoint ou de la conjointe",
        required=False,
        widget=DateInput(),
    )
    partner_salary = amount("Salaire net mensuel du conjoint ou de la conjointe")
    partner_unemployment = amount("Allocation chômage (ARE) du conjoint ou de la conjointe")
    children = forms.CharField(
        label="Enfants à charge : dates de naissance",
        required=False,
        max_length=200,
        help_text="Au format jj/mm/aaaa, séparées par des virgules ; laissez vide s'il n'y a "
        "pas d'enfant à charge.",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "placeholder": "12/03/2019, 05/09/2021"}
        ),
    )
    # A blank first choice: nothing looks answered (or pre-filled) before it is.
    housing = forms.ChoiceField(
        label="Situation de logement",
        choices=[("", "Choisissez la situation de logement"), *HOUSING_CHOICES],
        error_messages={"required": "Indiquez la situation de logement."},
    )
    rent = amount(
        "Loyer mensuel hors charges (ou mensualité du prêt)",
        "Le montant du bail, sans les charges ni l'aide au logement déjà perçue.",
    )
    commune = CommuneField(label="Commune du logement")

    def __init__(self, *args, person, **kwargs):
        self.person = person
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("commune", person.commune)
        super().__init__(*args, **kwargs)

    def clean_children(self) -> tuple[date, ...]:
        text = self.cleaned_data.get("children", "").strip()
        if not text:
            return ()
        today = timezone.localdate()
        dates = []
        for part in [p.strip() for p in re.split(r"[,;]", text) if p.strip()]:
            match = _DATE.match(part)
            if not match:
                raise ValidationError(
                    f"« {part} » n'est pas une date au format jj/mm/aaaa.", code="invalid"
                )
            day, month, year = (int(g) for g in match.groups())
            try:
                born = date(year, month, day)
            except ValueError:
                raise ValidationError(
                    f"« {part} » n'existe pas dans le calendrier : vérifiez le jour et le mois.",
                    code="invalid",
                ) from None
            if born > today:
                raise ValidationError(
                    f"« {part} » est dans le futur : pour un enfant à naître, ne l'indiquez "
                    "pas encore.",
                    code="future",
                )
            if (today.year - born.year) - ((today.month, today.day) < (born.month, born.day)) >= 25:
                raise ValidationError(
                    f"« {part} » : un enfant de 25 ans ou plus n'est pas à charge pour ces "
                    "prestations.",
                    code="too_old",
                )
            dates.append(born)
        if len(dates) > 12:
            raise ValidationError("Douze enfants au plus.", code="too_many")
        return tuple(sorted(dates))

    def clean_partner_birth_date(self):
        born = self.cleaned_data.get("partner_birth_date")
        if born and born > timezone.localdate():
            raise ValidationError("La date de naissance ne peut pas être dans le futur.")
        return born

    def clean(self):
        data = super().clean()
        if data.get("in_couple") and not data.get("partner_birth_date"):
            self.add_error(
                "partner_birth_date",
                "Indiquez la date de naissance du conjoint ou de la conjointe.",
            )
        if data.get("housing") in PAYING and not data.get("rent"):
            self.add_error("rent", "Indiquez le loyer (ou la mensualité du prêt) pour ce logement.")
        return data

    def household(self) -> engine.Household:
        data = self.cleaned_data

        def euros(name: str) -> float:
            return float(data.get(name) or 0)

        partner = None
        if data["in_couple"]:
            partner = engine.Member(
                birth_date=data["partner_birth_date"],
                salary=euros("partner_salary"),
                unemployment=euros("partner_unemployment"),
            )
        return engine.Household(
            person=engine.Member(
                birth_date=self.person.birth_date,
                salary=euros("salary"),
                unemployment=euros("unemployment"),
                ass=euros("ass"),
                alimony=euros("alimony"),
            ),
            partner=partner,
            children_birth_dates=data["children"],
            housing=data["housing"],
            rent=euros("rent") if data["housing"] in PAYING else 0.0,
            commune_code=data["commune"].pk,
        )


def initial_from(household: engine.Household) -> dict:
    """The form's values from a previous estimate, to start the next one from it."""

    def blank(value: float):
        return Decimal(str(value)).quantize(Decimal("0.01")) if value else None

    initial = {
        "salary": blank(household.person.salary),
        "unemployment": blank(household.person.unemployment),
        "ass": blank(household.person.ass),
        "alimony": blank(household.person.alimony),
        "in_couple": "1" if household.partner else "0",
        "children": ", ".join(d.strftime("%d/%m/%Y") for d in household.children_birth_dates),
        "housing": household.housing,
        "rent": blank(household.rent),
        "commune": household.commune_code,
    }
    if household.partner:
        initial.update(
            partner_birth_date=household.partner.birth_date,
            partner_salary=blank(household.partner.salary),
            partner_unemployment=blank(household.partner.unemployment),
        )
    return initial
