from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.core.forms import DATETIME_FORMAT, DateInput, DateTimeInput, limit_text_length
from tremplin.core.validators import validate_plausible_date
from tremplin.reception.models import (
    OTHER_REASON_NEEDS_NOTE,
    Attendance,
    Contact,
    InfoSession,
    Order,
    OrderStatus,
    RefusalReason,
    ServiceOffer,
)

# Reception plans a next step, a session or an order's service for the coming months: a
# date more than this many years ahead is a typo in the year.
PLANNED_YEARS = 1
ORDER_YEARS = 3


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = [
            "received_at",
            "channel",
            "last_name",
            "first_name",
            "phone",
            "email",
            "demand",
            "answer",
            "next_step",
            "next_step_on",
        ]
        widgets = {
            "received_at": DateTimeInput(),
            "next_step_on": DateInput(),
            "demand": forms.Textarea(attrs={"rows": 3}),
            "answer": forms.Textarea(attrs={"rows": 3}),
            "channel": forms.RadioSelect,
        }
        help_texts = {
            "demand": "Notez la demande telle que la personne l'exprime.",
            "next_step_on": "Par exemple la date du rendez-vous ou de l'information collective.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_at"].input_formats = [DATETIME_FORMAT]
        # Radio buttons: no « — Choisir — » button among the channels.
        self.fields["channel"].choices = Contact._meta.get_field("channel").choices
        limit_text_length(self, "demand", "answer")
        if not self.instance.pk:
            self.fields["received_at"].initial = timezone.localtime().replace(
                second=0, microsecond=0
            )

    def clean_received_at(self):
        value = self.cleaned_data["received_at"]
        if value > timezone.now() + timedelta(minutes=5):
            raise ValidationError("La date du contact ne peut pas être dans le futur.")
        validate_plausible_date(value)
        return value

    def clean_next_step_on(self):
        value = self.cleaned_data["next_step_on"]
        validate_plausible_date(value, future_years=PLANNED_YEARS)
        return value

    def clean(self):
        cleaned = super().clean()
        received_at, next_step_on = cleaned.get("received_at"), cleaned.get("next_step_on")
        if received_at and next_step_on and next_step_on < timezone.localdate(received_at):
            self.add_error(
                "next_step_on",
                f"La suite ne peut pas être prévue avant le contact "
                f"(le {timezone.localtime(received_at):%d/%m/%Y}).",
            )
        return cleaned


class InfoSessionForm(forms.ModelForm):
    remote_link = forms.URLField(
        label="Lien de visioconférence", required=False, assume_scheme="https"
    )

    class Meta:
        model = InfoSession
        fields = [
            "theme",
            "starts_at",
            "duration_minutes",
            "place",
            "remote_link",
            "capacity",
            "facilitator",
            "description",
        ]
        widgets = {"starts_at": DateTimeInput(), "description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "place": "Adresse ou salle. Pour une séance à distance, laissez vide et "
            "renseignez le lien de visioconférence."
        }

    def __init__(self, *args, facilitators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].input_formats = [DATETIME_FORMAT]
        self.fields["facilitator"].queryset = facilitators
        self.fields["facilitator"].label_from_instance = lambda u: u.choice_label
        limit_text_length(self, "description")

    def clean_starts_at(self):
        value = self.cleaned_data["starts_at"]
        validate_plausible_date(value, future_years=PLANNED_YEARS)
        return value

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity < 1:
            raise ValidationError("Prévoyez au moins une place.")
        return capacity

    def clean_duration_minutes(self):
        duration = self.cleaned_data["duration_minutes"]
        if duration < 1:
            raise ValidationError("La durée doit être d'au moins une minute.")
        return duration

    def clean(self):
        cleaned = super().clean()
        given = {"place", "remote_link"} <= cleaned.keys()  # else a field error says why
        if given and not cleaned["place"] and not cleaned["remote_link"]:
            # On the field, so that the model's constraint is not checked a second time.
            self.add_error("place", "Indiquez un lieu ou un lien de visioconférence.")
        capacity = cleaned.get("capacity")
        if self.instance.pk and capacity is not None:
            registered = self.instance.registrations.holding_a_place().count()
            if capacity < registered:
                self.add_error(
                    "capacity",
                    f"{registered} personnes sont déjà inscrites : gardez au moins {registered} places.",
                )
        return cleaned


class AttendanceForm(forms.Form):
    """One radio group per registration."""

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.registrations = list(registrations)
        for registration in self.registrations:
            self.fields[f"r{registration.pk}"] = forms.ChoiceField(
                label=registration.display_name,
                choices=Attendance.choices,
                initial=registration.attendance,
                widget=forms.RadioSelect,
            )

    def rows(self):
        return [(r, self[f"r{r.pk}"]) for r in self.registrations]


class OrderForm(forms.ModelForm):
    class Meta:
        model = Order
        fields = [
            "prescriber_kind",
            "prescriber_name",
            "prescriber_contact",
            "prescriber_email",
            "prescriber_reference",
            "received_on",
            "service_ordered",
            "expected_start",
            "expected_end",
        ]
        widgets = {
            "received_on": DateInput(),
            "expected_start": DateInput(),
            "expected_end": DateInput(),
            "service_ordered": forms.Textarea(attrs={"rows": 3}),
        }

    attachment = forms.FileField(
        label="Prescription (PDF ou scan)",
        required=False,
        help_text="PDF, JPEG ou PNG, 10 Mo au plus.",
    )

    def __init__(self, *args, allow_attachment=True, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text_length(self, "service_ordered")
        if not allow_attachment:
            # Attaching a document to the file is a right of its own (DOCUMENT_ADD).
            del self.fields["attachment"]

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        validate_plausible_date(value)
        return value

    def clean_expected_start(self):
        value = self.cleaned_data["expected_start"]
        validate_plausible_date(value, future_years=ORDER_YEARS)
        return value

    def clean_expected_end(self):
        value = self.cleaned_data["expected_end"]
        validate_plausible_date(value, future_years=ORDER_YEARS)
        return value


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Réponse",
        choices=[
            (OrderStatus.ACCEPTED, "Accepter la commande"),
            (OrderStatus.REFUSED, "Refuser la commande"),
        ],
        widget=forms.RadioSelect,
    )
    offer = forms.ModelChoiceField(
        label="Prestation de notre offre de services qui y répond",
        queryset=ServiceOffer.objects.none(),
        required=False,
    )
    conformity_note = forms.CharField(
        label="Vérification de la conformité",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Public, dates, pièces reçues : ce que vous avez vérifié.",
    )
    refusal_reason = forms.ChoiceField(
        label="Motif du refus",
        choices=[("", "— Choisir —"), *RefusalReason.choices],
        required=False,
    )
    decision_note = forms.CharField(
        label="Message au prescripteur",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Envoyé avec la réponse : restez factuel, sans détail sur la situation de la personne.",
    )

    def __init__(self, *args, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = offers
        limit_text_length(self, "conformity_note", "decision_note")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == OrderStatus.ACCEPTED and not cleaned.get("offer"):
            self.add_error(
                "offer",
                "Pour accepter, choisissez la prestation de votre offre qui répond à la commande.",
            )
        if cleaned.get("decision") == OrderStatus.REFUSED and not cleaned.get("refusal_reason"):
            self.add_error("refusal_reason", "Indiquez le motif du refus.")
        if (
            cleaned.get("decision") == OrderStatus.REFUSED
            and cleaned.get("refusal_reason") == RefusalReason.OTHER
            and not cleaned.get("decision_note", "").strip()
        ):
            self.add_error("decision_note", OTHER_REASON_NEEDS_NOTE)
        return cleaned


class ServiceOfferForm(forms.ModelForm):
    class Meta:
        model = ServiceOffer
        fields = ["name", "public", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text_length(self, "description")
