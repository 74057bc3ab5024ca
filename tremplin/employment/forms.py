"""Forms of the in-job follow-up, with French labels and errors."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.accounts.models import User
from tremplin.core.forms import DateInput, VersionedModelForm
from tremplin.core.permissions import Perm, Role, role_can
from tremplin.employers.forms import JobField
from tremplin.employment import enums, schedule
from tremplin.employment.actions import validate_check_in
from tremplin.employment.models import CheckIn, Employment, EmploymentContact, IntegrationReview

TEXTAREA = {"rows": 3}

JOB_FIELDS = [
    "employer_name",
    "job_title",
    "appellation",
    "contract_type",
    "starts_on",
    "contract_ends_on",
    "trial_ends_on",
    "weekly_hours",
    "derogation_reason",
    "tutor_name",
    "tutor_role",
    "tutor_phone",
    "tutor_email",
]
PLAN_FIELDS = [
    "plan_welcome",
    "plan_training",
    "plan_support",
    "plan_vigilance",
    "plan_agreed_on",
    "plan_agreed_with",
]


def follow_up_staff(structure_id):
    """Who may follow a person in a job: the structure's active members whose role may."""
    roles = [role for role in Role if role_can(role, Perm.EMPLOYMENT_FOLLOW)]
    return (
        User.objects.filter(
            is_active=True,
            memberships__structure_id=structure_id,
            memberships__is_active=True,
            memberships__role__in=roles,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


class EmploymentForm(VersionedModelForm):
    appellation = JobField(label="Métier (appellation ROME)", required=False)
    derogation = forms.BooleanField(
        label="Dérogation : ce CDDI dure moins de quatre mois ou plus de 24 mois, ou compte "
        "moins de 20 heures par semaine",
        required=False,
        help_text="Seulement dans les cas que prévoit la loi : personne condamnée qui bénéficie "
        "d'un aménagement de peine (moins de quatre mois) ; personne de 50 ans et plus ou "
        "reconnue travailleur handicapé, formation en cours à achever (plus de 24 mois) ; "
        "difficultés particulièrement importantes de la personne, quand le contrat le prévoit "
        "(moins de 20 heures). Le motif est conservé dans le suivi.",
    )

    GROUPS = [
        ("Le poste", [*JOB_FIELDS[:8], "derogation", "derogation_reason"]),
        ("Le tuteur ou la tutrice dans l'entreprise", JOB_FIELDS[9:]),
        ("Le plan d'intégration, convenu avec l'employeur et la personne", PLAN_FIELDS),
        ("Le suivi", ["referent", "schedule"]),
    ]

    class Meta:
        model = Employment
        fields = ["referent", *JOB_FIELDS, *PLAN_FIELDS]
        widgets = {
            "starts_on": DateInput(),
            "contract_ends_on": DateInput(),
            "trial_ends_on": DateInput(),
            "plan_agreed_on": DateInput(),
            **{name: forms.Textarea(attrs=TEXTAREA) for name in PLAN_FIELDS[:4]},
        }

    def __init__(
        self,
        *args,
        structure_id,
        with_schedule: str | None = None,
        in_house: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["derogation"].initial = bool(self.instance.derogation_reason)
        self.fields["derogation_reason"].widget = forms.Textarea(attrs={"rows": 2})
        self.fields["derogation_reason"].help_text = "Obligatoire si la dérogation est cochée."
        if in_house:
            # A CDDI in the structure itself: the employer is the structure, the tutor is
            # one of its own staff, and the plan is not handed to an outside employer.
            self.GROUPS = [
                (title.replace("dans l'entreprise", "dans la structure"), names)
                for title, names in self.GROUPS
            ]
            self.fields["tutor_name"].label = "Tuteur ou tutrice dans la structure"
            self.fields["plan_support"].help_text = (
                "Le rythme des points de suivi, qui joindre, les démarches que la structure "
                "appuie. Ce plan est partagé avec l'encadrement : rien sur la vie personnelle."
            )
        self.fields["referent"].queryset = follow_up_staff(structure_id)
        self.fields["referent"].label_from_instance = lambda u: u.choice_label
        self.fields["weekly_hours"].widget.attrs.update({"min": "1", "max": "48", "step": "0.5"})
        if with_schedule is not None:
            self.fields["schedule"] = forms.CharField(
                label="Points de suivi après la prise de poste",
                initial=with_schedule,
                max_length=200,
                help_text="Chaque point devient une tâche datée pour la personne qui suit "
                "l'emploi. Par exemple : « 15 jours, 1 mois, 3 mois, 6 mois ».",
            )

    def clean_weekly_hours(self):
        hours = self.cleaned_data.get("weekly_hours")
        if hours is not None and not 1 <= hours <= 48:
            raise ValidationError("La durée de travail va de 1 à 48 heures par semaine.")
        return hours

    def clean_schedule(self):
        value = self.cleaned_data["schedule"]
        schedule.parse(value)
        return value

    def clean(self):
        cleaned = super().clean()
        reason = (cleaned.get("derogation_reason") or "").strip()
        if not cleaned.get("derogation"):
            cleaned["derogation_reason"] = ""
        elif not reason:
            self.add_error("derogation_reason", "Indiquez le motif de la dérogation.")
        else:
            cleaned["derogation_reason"] = reason
        return cleaned


class CheckInForm(forms.ModelForm):
    class Meta:
        model = CheckIn
        fields = [
            "done_on",
            "channel",
            "with_person",
            "with_employer",
            "integration",
            "tasks",
            "person_view",
            "employer_view",
            "next_steps",
            "risk",
        ]
        widgets = {
            "done_on": DateInput(),
            "integration": forms.RadioSelect,
            "tasks": forms.RadioSelect,
            "risk": forms.RadioSelect,
            "person_view": forms.Textarea(attrs=TEXTAREA),
            "employer_view": forms.Textarea(attrs=TEXTAREA),
            "next_steps": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("done_on", "channel", "integration", "tasks", "risk"):
            self.fields[name].required = True
        for name in ("integration", "tasks", "risk"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]
        if not self.initial.get("done_on"):
            self.initial["done_on"] = timezone.localdate()
        self.fields[
            "risk"
        ].help_text = "« Risque de rupture » alerte le ou la référent·e de la personne."
        if self.instance.pk and self.instance.employment.at_risk:
            self.fields["risk"].help_text = (
                "Un risque de rupture est signalé pour cet emploi : « Pas de risque de rupture "
                "repéré » le lève si ce point a eu lieu depuis le signalement (la levée est notée "
                "dans le suivi, avec votre nom et la date) ; « Points de vigilance » le laisse "
                "signalé."
            )

    def clean(self):
        cleaned = super().clean()
        # The job's own rules, checked here too so that every error shows at once.
        try:
            validate_check_in(self.instance.employment, cleaned)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field not in self.errors:
                    self.add_error(field, messages)
        return cleaned


class AddCheckInForm(forms.Form):
    due_on = forms.DateField(label="À faire le", widget=DateInput())
    assignee = forms.ModelChoiceField(label="À faire par", queryset=User.objects.none())

    def __init__(self, *args, structure_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = follow_up_staff(structure_id)
        self.fields["assignee"].label_from_instance = lambda u: u.choice_label


class MediationForm(forms.Form):
    held_on = forms.DateField(label="Date", widget=DateInput(), initial=timezone.localdate)
    topic = forms.ChoiceField(label="Sujet", choices=enums.MediationTopic.choices)
    parties = forms.MultipleChoiceField(
        label="Avec",
        choices=enums.MediationParty.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Indiquez avec qui la médiation a eu lieu."},
    )
    facts = forms.CharField(
        label="Les faits, tels que chacun les rapporte",
        max_length=4000,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text="Des faits, pas de jugement ; rien sur la santé (elle a sa partie du dossier).",
    )
    agreed = forms.CharField(
        label="Ce qui a été convenu",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    raise_risk = forms.BooleanField(
        label="Signaler un risque de rupture (alerte le ou la référent·e)", required=False
    )


class RiskForm(forms.Form):
    reason = forms.CharField(
        label="Ce qui fait craindre une rupture",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Dites ce qui fait craindre une rupture."},
    )


class ClearRiskForm(forms.Form):
    note = forms.CharField(
        label="Ce qui a levé le risque",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Dites ce qui a levé le risque."},
    )


class EndForm(forms.Form):
    """The end of the job: only the reasons its contract allows, none chosen beforehand."""

    ended_on = forms.DateField(label="Dernier jour dans l'emploi", widget=DateInput())
    reason = forms.ChoiceField(
        label="Motif",
        error_messages={
            "required": "Choisissez le motif de fin.",
            "invalid_choice": "Ce motif ne s'applique pas à ce contrat : choisissez l'un des "
            "motifs proposés.",
        },
    )
    note = forms.CharField(
        label="Précisions", required=False, max_length=2000, widget=forms.Textarea(attrs=TEXTAREA)
    )

    def __init__(self, *args, contract_type: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [
            ("", "— choisir —"),
            *((r.value, r.label) for r in enums.end_reasons_for(contract_type)),
        ]


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Situation six mois après la prise de poste",
        choices=enums.Outcome.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Précisions (pourquoi)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReviewForm(VersionedModelForm):
    class Meta:
        model = IntegrationReview
        fields = [
            "held_on",
            "with_person",
            "with_employer",
            "skills_acquired",
            "employer_assessment",
            "person_assessment",
            "to_consolidate",
            "training_needs",
            "continuation",
        ]
        widgets = {
            "held_on": DateInput(),
            "continuation": forms.RadioSelect,
            **{
                name: forms.Textarea(attrs=TEXTAREA)
                for name in (
                    "skills_acquired",
                    "employer_assessment",
                    "person_assessment",
                    "to_consolidate",
                    "training_needs",
                )
            },
        }

    def __init__(self, *args, employment, **kwargs):
        super().__init__(*args, **kwargs)
        self.employment = employment
        self.fields["continuation"].choices = [
            c for c in self.fields["continuation"].choices if c[0]
        ]

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise ValidationError("Le bilan se note une fois fait.")
        if held_on < self.employment.starts_on:
            raise ValidationError("Le bilan se fait après la prise de poste.")
        return held_on


class ScheduleForm(forms.Form):
    steps = forms.CharField(
        label="Points de suivi après la prise de poste",
        max_length=200,
        help_text="Proposés à chaque nouvelle embauche (modifiables pour chacune). "
        "Par exemple : « 15 jours, 1 mois, 3 mois, 6 mois ».",
    )

    def clean_steps(self):
        return schedule.normalise(self.cleaned_data["steps"])


class ContactForm(forms.ModelForm):
    class Meta:
        model = EmploymentContact
        fields = ["kind", "name", "role", "phone", "email", "note"]


class TutorFeedbackForm(forms.Form):
    by_name = forms.CharField(label="Votre nom", max_length=150)
    integration = forms.ChoiceField(
        label="Son intégration dans l'équipe",
        choices=enums.Assessment.choices,
        widget=forms.RadioSelect,
    )
    tasks = forms.ChoiceField(
        label="Sa maîtrise des tâches du poste",
        choices=enums.Assessment.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Votre appréciation",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Ce qui va bien, ce qui reste à travailler, ce dont vous auriez besoin. "
        "Merci de ne rien écrire sur la santé de la personne.",
    )
