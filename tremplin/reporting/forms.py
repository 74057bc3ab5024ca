from django import forms

from tremplin.reporting.activity import Month, MonthError


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
