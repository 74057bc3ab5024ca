from datetime import date, timedelta

from django import forms
from django.utils import timezone

from tremplin.core.forms import DateInput
from tremplin.reporting.activity import Month, MonthError
from tremplin.reporting.fse import Period, PeriodError

WEEKS_SHOWN = 12


def recent_mondays(today: date | None = None, count: int = WEEKS_SHOWN) -> list[date]:
    """The Mondays of the last complete weeks, last week first."""
    today = today or timezone.localdate()
    last_monday = today - timedelta(days=today.weekday()) - timedelta(weeks=1)
    return [last_monday - timedelta(weeks=n) for n in range(count)]


class TeamHoursForm(forms.Form):
    semaine = forms.TypedChoiceField(
        label="Semaine",
        required=False,
        coerce=date.fromisoformat,
        empty_value=None,
        error_messages={
            "invalid_choice": (
                f"Choisissez une des {WEEKS_SHOWN} dernières semaines complètes dans la liste."
            )
        },
    )
    cadre = forms.ChoiceField(label="Cadre", required=False)
    referent = forms.TypedChoiceField(
        label="Référent·e", required=False, coerce=int, empty_value=None
    )
    tous = forms.BooleanField(
        label="Montrer aussi les parcours qui ont atteint l'objectif", required=False
    )

    def __init__(self, *args, frameworks, referents, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.mondays = recent_mondays(today)
        self.fields["semaine"].choices = [
            (monday.isoformat(), f"semaine du {monday:%d/%m/%Y}") for monday in self.mondays
        ]
        self.fields["semaine"].initial = self.mondays[0].isoformat()
        self.fields["cadre"].choices = [("", "Tous les cadres"), *frameworks]
        self.fields["referent"].choices = [("", "Toute l'équipe"), *referents]


class MonthForm(forms.Form):
    mois = forms.CharField(
        label="Mois",
        max_length=7,
        widget=forms.DateInput(attrs={"type": "month"}),
        error_messages={"required": "Choisissez un mois."},
    )

    def clean_mois(self) -> Month:
        try:
            return Month.parse(self.cleaned_data["mois"])
        except MonthError as error:
            raise forms.ValidationError(str(error)) from None


class FsePeriodForm(forms.Form):
    """A programme year, or custom dates (both given)."""

    annee = forms.IntegerField(label="Année de programmation", required=False)
    du = forms.DateField(label="Du", required=False, widget=DateInput())
    au = forms.DateField(label="Au", required=False, widget=DateInput())

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        start, end, year = cleaned.get("du"), cleaned.get("au"), cleaned.get("annee")
        try:
            if start or end:
                if not (start and end):
                    raise PeriodError("Indiquez le début et la fin de la période.")
                cleaned["period"] = Period.custom(start, end)
            else:
                cleaned["period"] = Period.programme_year(year or timezone.localdate().year)
        except PeriodError as error:
            field = "annee" if not (start or end) else ("du" if not start else "au")
            self.add_error(field, str(error))
        return cleaned
