from django import forms

from tremplin.agenda.enums import Attendance
from tremplin.agenda.models import Appointment
from tremplin.core.forms import DATETIME_FORMAT, DateTimeInput


class AppointmentForm(forms.ModelForm):
    remote_link = forms.URLField(
        label="Lien de visioconférence",
        required=False,
        assume_scheme="https",
        max_length=500,
        help_text="Pour un rendez-vous à distance.",
    )
    participants = forms.ModelMultipleChoiceField(
        label="Personnes invitées",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins une personne."},
    )

    class Meta:
        model = Appointment
        fields = [
            "kind",
            "starts_at",
            "ends_at",
            "place",
            "remote_link",
            "organizer",
            "subject",
            "notify",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "kind": forms.RadioSelect,
        }
        help_texts = {
            "place": "Adresse, bureau ou salle. Pour un rendez-vous à distance, le lien de "
            "visioconférence ci-dessous suffit."
        }

    def __init__(self, *args, people, organizers, shown_people, fixed_person=None, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_person is not None:
            # Booked from a file: that person is always invited (the view keeps them in the
            # data) and shown apart; this field only holds the others.
            self.fields["participants"].label = "Autres personnes invitées"
            self.fields["participants"].required = False
        self.fields["starts_at"].input_formats = [DATETIME_FORMAT]
        self.fields["ends_at"].input_formats = [DATETIME_FORMAT]
        self.fields["organizer"].queryset = organizers
        self.fields["organizer"].label_from_instance = lambda u: u.choice_label
        self.fields["participants"].queryset = people
        # Only a short list is shown (the caseload, the people chosen, the people found):
        # the field still accepts any person the structure follows.
        self.fields["participants"].widget.choices = [
            (
                p.pk,
                f"{p.last_name.upper()} {p.first_name} ({p.born_on_label[0].lower()}{p.born_on_label[1:]})",
            )
            for p in shown_people
        ]
        if self.instance.pk:
            self.fields["participants"].initial = [
                p.person_id for p in self.instance.participants.all()
            ]


class AttendanceForm(forms.Form):
    """One radio group per participant."""

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.participants = list(participants)
        for participant in self.participants:
            self.fields[f"p{participant.pk}"] = forms.ChoiceField(
                label=participant.person.full_name,
                choices=Attendance.choices,
                initial=participant.attendance,
                widget=forms.RadioSelect,
            )

    def rows(self):
        return [(p, self[f"p{p.pk}"]) for p in self.participants]

    def values(self) -> dict[int, str]:
        return {p.pk: self.cleaned_data[f"p{p.pk}"] for p in self.participants}


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Motif de l'annulation", max_length=255, required=False, help_text="Facultatif."
    )
