from datetime import timedelta

from django import forms
from django.utils import timezone

from tremplin.core.forms import DateInput
from tremplin.core.validators import validate_not_future
from tremplin.dataexport.models import RequestChannel, RequestKind

# A request older than this is surely a typing error in the year.
OLDEST = timedelta(days=366)


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label="Ce que la personne demande", choices=RequestKind.choices)
    received_on = forms.DateField(
        label="Demande reçue le",
        widget=DateInput(),
        validators=[validate_not_future],
        help_text="Le délai de réponse d'un mois court à partir de cette date.",
    )
    channel = forms.ChoiceField(
        label="Reçue par",
        # A request from the space is recorded by the space itself.
        choices=[c for c in RequestChannel.choices if c[0] != RequestChannel.PERSON_SPACE],
    )
    note = forms.CharField(
        label="Note (facultatif)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Par exemple : pièce d'identité vérifiée sur place, adresse d'envoi.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value < timezone.localdate() - OLDEST:
            raise forms.ValidationError("Cette date a plus d'un an : vérifiez l'année.")
        return value
