from datetime import timedelta

from django import forms
from django.utils import timezone

from tremplin.accounts.models import User
from tremplin.core.forms import DateInput, GroupedCheckboxes, VersionedModelForm
from tremplin.core.validators import validate_plausible_date
from tremplin.people.enums import Sex
from tremplin.referentials.models import Thematique
from tremplin.workshops.actions import CAPACITY_LOCKED
from tremplin.workshops.enums import DEFAULT_QUESTIONS, Reached, Slot, scale_for
from tremplin.workshops.models import (
    PLANNED_YEARS,
    HalfDay,
    Sequence,
    WorkshopDesign,
    WorkshopSession,
)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class LinesField(forms.CharField):
    """A list of short texts, one per line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return _lines(super().to_python(value) or "")


class DesignForm(VersionedModelForm):
    objectives = LinesField(
        label="Objectifs pédagogiques (un par ligne)",
        help_text="Formulez ce que la personne saura faire à la fin de l'atelier.",
        # Checked by the model's clean(), which the form runs (and the API too): said once.
        required=False,
    )
    satisfaction_questions = LinesField(
        label="Questions du questionnaire de satisfaction (une par ligne)",
        help_text=(
            "Chaque question se note de 1 à 4 : de « Pas du tout d'accord » à « Tout à fait "
            "d'accord » pour une affirmation (« Les explications étaient claires ») ; de « Pas "
            "du tout satisfait·e » à « Très satisfait·e » pour une question qui parle de "
            "satisfaction."
        ),
        error_messages={"required": "Indiquez au moins une question de satisfaction."},
    )

    class Meta:
        model = WorkshopDesign
        fields = [
            "title",
            "demand",
            "thematiques",
            "public",
            "prerequisites",
            "objectives",
            "satisfaction_questions",
        ]
        widgets = {
            "demand": forms.Textarea(attrs={"rows": 3}),
            "public": forms.Textarea(attrs={"rows": 2}),
            "prerequisites": forms.Textarea(attrs={"rows": 2}),
            "thematiques": GroupedCheckboxes,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thematiques"].queryset = Thematique.objects.select_related("category")
        groups: dict[str, list] = {}
        for thematique in self.fields["thematiques"].queryset:
            groups.setdefault(thematique.category.label, []).append(
                (thematique.pk, thematique.label)
            )
        self.fields["thematiques"].choices = list(groups.items())
        if self.instance.pk is None and "satisfaction_questions" not in self.initial:
            # A new design starts from the usual questionnaire, to adapt.
            self.initial["satisfaction_questions"] = list(DEFAULT_QUESTIONS)
        self.fields[
            "thematiques"
        ].help_text = "Les besoins du diagnostic auxquels l'atelier répond : ils servent à choisir qui inviter."


class SequenceForm(forms.ModelForm):
    class Meta:
        model = Sequence
        fields = ["title", "duration_minutes", "method", "resources"]

    DURATION_ERROR = "Une séquence dure de 5 minutes à 8 heures."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A negative duration gets the same French message as 0 (not Django's « supérieure
        # ou égale à 0 » from the positive field).
        field = self.fields["duration_minutes"]
        field.error_messages["min_value"] = self.DURATION_ERROR
        field.error_messages["max_value"] = self.DURATION_ERROR
        field.widget.attrs.update({"min": 5, "max": 480})

    def clean_duration_minutes(self):
        value = self.cleaned_data["duration_minutes"]
        if value is not None and not 5 <= value <= 480:
            raise forms.ValidationError(self.DURATION_ERROR)
        return value


# A collective workshop session: beyond this many places, it is a typing error (9 999).
MAX_CAPACITY = 200


class SessionForm(forms.ModelForm):
    remote_link = forms.URLField(
        label="Lien de visioconférence", required=False, max_length=500, assume_scheme="https"
    )
    facilitators = forms.ModelMultipleChoiceField(
        label="Animé par",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins un·e animateur·rice."},
    )

    class Meta:
        model = WorkshopSession
        fields = ["place", "remote_link", "capacity", "facilitators", "funder_mention"]

    def __init__(self, *args, facilitators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitators"].queryset = facilitators
        self.fields["facilitators"].label_from_instance = lambda u: u.choice_label
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].error_messages["min_value"] = "Prévoyez au moins une place."
        self.fields["capacity"].widget.attrs.update({"min": 1, "max": MAX_CAPACITY})

    def clean_capacity(self):
        value = self.cleaned_data["capacity"]
        if value is not None and value < 1:
            raise forms.ValidationError("Prévoyez au moins une place.")
        if value is not None and value > MAX_CAPACITY:
            raise forms.ValidationError(
                f"{value} places : une séance d'atelier collectif en compte {MAX_CAPACITY} au "
                "plus. Pour un public plus large, prévoyez plusieurs séances."
            )
        return value

    # « Indiquez un lieu ou un lien de visioconférence. » comes from the model's clean(),
    # which the form runs: said once.


class SessionEditForm(SessionForm):
    """The same fields, on a programmed session. Its capacity is fixed once it took place;
    the rules against the registered people are checked by `actions.update_session`, on the
    session's locked row."""

    # Sessions carry no version: the time of the last change the page was shown with tells
    # whether someone else saved the session meanwhile (registrations do not change it).
    loaded_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, capacity_locked=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_at"].initial = self.instance.updated_at.isoformat()
        if capacity_locked:
            field = self.fields["capacity"]
            field.disabled = True
            field.help_text = CAPACITY_LOCKED

    def _post_clean(self):
        # The model is checked by the action, on the locked row (with the registered count):
        # the form leaves the instance as loaded.
        pass


class HalfDayForm(forms.ModelForm):
    class Meta:
        model = HalfDay
        fields = ["date", "slot", "starts_at", "ends_at"]
        widgets = {
            "date": DateInput(),
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "L'heure de fin doit être après l'heure de début.")
        day = data.get("date")
        # A session may be written down after the fact, not months later: a typo in the year.
        if day and day < timezone.localdate() - timedelta(days=31):
            self.add_error(
                "date", "Cette date est passée depuis plus d'un mois : vérifiez l'année et le jour."
            )
        elif day:
            try:
                validate_plausible_date(day, future_years=PLANNED_YEARS)
            except forms.ValidationError as error:
                self.add_error("date", error)
        slot = data.get("slot")
        if starts and slot == Slot.MORNING and starts.hour >= 13:
            self.add_error("starts_at", "Une demi-journée du matin commence avant 13 h.")
        if starts and slot == Slot.AFTERNOON and starts.hour < 12:
            self.add_error("starts_at", "Une demi-journée de l'après-midi commence après midi.")
        return data


class BaseHalfDayFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        filled = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not filled:
            raise forms.ValidationError("Indiquez au moins une demi-journée.")
        seen = set()
        for form in filled:
            key = (form.cleaned_data["date"], form.cleaned_data["slot"])
            if key in seen:
                raise forms.ValidationError("La même demi-journée est indiquée deux fois.")
            seen.add(key)

    def half_days(self) -> list[HalfDay]:
        return [
            HalfDay(**{k: f.cleaned_data[k] for k in ("date", "slot", "starts_at", "ends_at")})
            for f in self.forms
            if f.cleaned_data
        ]


HalfDayFormSet = forms.formset_factory(
    HalfDayForm, formset=BaseHalfDayFormSet, extra=4, max_num=20, validate_max=True
)


class InviteFilterForm(forms.Form):
    need = forms.ModelChoiceField(
        label="Besoin repéré au diagnostic",
        queryset=Thematique.objects.select_related("category"),
        required=False,
        empty_label="Tous les besoins",
    )
    mine = forms.BooleanField(
        label="Seulement les personnes dont je suis référent·e", required=False
    )


class InviteForm(forms.Form):
    people = forms.MultipleChoiceField(
        label="Personnes à inviter",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins une personne."},
    )
    waiting_list = forms.BooleanField(
        label="Mettre en liste d'attente celles qui n'ont pas de place",
        help_text=(
            "Dans l'ordre de la liste, quand les places manquent. Elles ne reçoivent pas "
            "d'invitation tant qu'une place ne leur est pas confirmée."
        ),
        required=False,
        widget=forms.CheckboxInput(attrs={"aria-describedby": "id_waiting_list-help"}),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {str(p.pk): p for p in candidates}
        self.fields["people"].choices = [
            (str(p.pk), label) for p, label in choice_labels(candidates)
        ]

    def chosen(self):
        return [self.candidates[pk] for pk in self.cleaned_data["people"]]


def _same_name(person) -> tuple[str, str]:
    return (person.last_name.strip().casefold(), person.first_name.strip().casefold())


def choice_labels(people) -> list[tuple[object, str]]:
    """« MARTIN Camille », and for homonyms what the caseload shows too to tell them apart:
    « MARTIN Camille (née en 1990, Nantes) » (the year, not the whole birth date)."""
    counts: dict[tuple[str, str], int] = {}
    for person in people:
        counts[_same_name(person)] = counts.get(_same_name(person), 0) + 1
    labels = []
    for person in people:
        label = f"{person.last_name.upper()} {person.first_name}"
        if counts[_same_name(person)] > 1:
            born = {Sex.FEMALE: "née", Sex.MALE: "né"}.get(person.sex, "né·e")
            details = [f"{born} en {person.birth_date:%Y}"] if person.birth_date else []
            if person.commune_id:
                details.append(person.commune.name)
            if details:
                label += f" ({', '.join(details)})"
        labels.append((person, label))
    return labels


class SignatureForm(forms.Form):
    registration = forms.IntegerField(widget=forms.HiddenInput)
    drawing = forms.CharField(widget=forms.HiddenInput, required=False)
    typed_name = forms.CharField(
        label="Ou saisissez votre nom",
        max_length=200,
        required=False,
        help_text="Si vous ne pouvez pas signer sur l'écran.",
    )
    attest = forms.BooleanField(
        label="J'atteste sur l'honneur avoir été présent·e à cette demi-journée.",
        required=False,
    )

    def __init__(self, *args, sex: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # Agreed with the participant's sex, as the statement above it.
        present = {Sex.FEMALE: "présente", Sex.MALE: "présent"}.get(sex)
        if present:
            self.fields[
                "attest"
            ].label = f"J'atteste sur l'honneur avoir été {present} à cette demi-journée."
        else:
            self.fields[
                "attest"
            ].label = "J'atteste sur l'honneur avoir assisté à cette demi-journée."

    def clean(self):
        data = super().clean()
        if not data.get("drawing"):
            if not data.get("typed_name", "").strip():
                self.add_error("typed_name", "Signez sur l'écran ou saisissez votre nom.")
            elif not data.get("attest"):
                self.add_error("attest", "Cochez l'attestation pour signer avec votre nom.")
        return data


class CloseForm(forms.Form):
    paper_signed = forms.MultipleChoiceField(
        label="Ont signé la feuille papier",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    confirm = forms.BooleanField(
        label="Je confirme : les personnes qui n'ont pas signé seront notées absentes, "
        "et la feuille ne pourra plus être modifiée.",
        error_messages={"required": "Cochez la confirmation pour clore la feuille."},
    )

    def __init__(self, *args, unsigned, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paper_signed"].choices = [
            (str(r.pk), f"{r.person.last_name.upper()} {r.person.first_name}") for r in unsigned
        ]


class ScanForm(forms.Form):
    scan = forms.FileField(
        label="Feuille papier signée, scannée (PDF, JPEG ou PNG, 10 Mo au plus)",
        error_messages={"required": "Choisissez le fichier scanné."},
    )


class EvaluationForm(forms.Form):
    comment = forms.CharField(
        label="Ce que la personne en dit", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, design, evaluation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.objective_fields = []
        self.question_fields = []
        for index, objective in enumerate(design.objectives):
            name = f"objective_{index}"
            self.fields[name] = forms.ChoiceField(
                label=objective,
                choices=Reached.choices,
                widget=forms.RadioSelect,
                error_messages={"required": "Indiquez si cet objectif est atteint."},
                initial=evaluation.objectives.get(objective) if evaluation else None,
            )
            self.objective_fields.append((name, objective))
        for index, question in enumerate(design.satisfaction_questions):
            name = f"question_{index}"
            self.fields[name] = forms.TypedChoiceField(
                label=question,
                choices=scale_for(question).choices,
                coerce=int,
                widget=forms.RadioSelect,
                required=False,
                initial=evaluation.answers.get(question) if evaluation else None,
            )
            self.question_fields.append((name, question))
        if evaluation:
            self.fields["comment"].initial = evaluation.comment
        self.order_fields([n for n, _ in self.objective_fields + self.question_fields])

    def objectives(self) -> dict:
        return {text: self.cleaned_data[name] for name, text in self.objective_fields}

    def answers(self) -> dict:
        return {
            text: self.cleaned_data[name]
            for name, text in self.question_fields
            if self.cleaned_data.get(name)
        }


class ReviewForm(forms.ModelForm):
    class Meta:
        model = WorkshopSession
        fields = ["review_comments"]
        widgets = {"review_comments": forms.Textarea(attrs={"rows": 5})}
