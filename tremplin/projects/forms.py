from django import forms
from django.db.models import Q

from tremplin.core.forms import DateInput, VersionedModelForm
from tremplin.projects import enums
from tremplin.projects.models import (
    Application,
    Education,
    Experience,
    PersonSkill,
    RealityCheck,
    TargetJob,
    TargetJobHealth,
    Training,
)
from tremplin.referentials.forms import AppellationField
from tremplin.referentials.models import RomeFicheSkill, RomeSkill

_CONTRACTS = forms.MultipleChoiceField(
    label="Contrats souhaités",
    choices=enums.ContractType.choices,
    widget=forms.CheckboxSelectMultiple,
    required=False,
)


class TargetJobForm(forms.ModelForm):
    """A new target job: the appellation from the ROME, why, and the first decision."""

    appellation = AppellationField(
        label="Métier visé",
        help_text="Tapez un intitulé de métier (au moins deux lettres), puis choisissez dans "
        "la liste du ROME.",
    )
    contract_types = _CONTRACTS
    note = forms.CharField(
        label="Motif de la décision", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    class Meta:
        model = TargetJob
        fields = [
            "appellation",
            "why",
            "contract_types",
            "weekly_hours",
            "available_on",
            "hours_constraints",
            "mobility_constraints",
            "decision",
            "decided_on",
        ]
        widgets = {
            "why": forms.Textarea(attrs={"rows": 3}),
            "available_on": DateInput(),
            "decided_on": DateInput(),
        }
        labels = {"decided_on": "Date de la décision"}
        error_messages = {"decided_on": {"required": "Indiquez la date de la décision."}}


class TargetJobEditForm(VersionedModelForm):
    contract_types = _CONTRACTS

    class Meta:
        model = TargetJob
        fields = [
            "why",
            "contract_types",
            "weekly_hours",
            "available_on",
            "hours_constraints",
            "mobility_constraints",
        ]
        widgets = {"why": forms.Textarea(attrs={"rows": 3}), "available_on": DateInput()}


class SkillsForm(VersionedModelForm):
    """Tick, among the skills of the job's ROME fiche, those held and those to acquire."""

    class Meta:
        model = TargetJob
        fields = ["skills_held", "skills_to_acquire"]
        widgets = {
            "skills_held": forms.CheckboxSelectMultiple,
            "skills_to_acquire": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, core_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        links = {"fiche_links__fiche_id": self.instance.appellation.fiche_id}
        skills = RomeSkill.objects.filter(**links)
        if core_only:
            # The fiche's core skills and those already ticked: a short list to start with.
            chosen = set(self.instance.skills_held.values_list("pk", flat=True)) | set(
                self.instance.skills_to_acquire.values_list("pk", flat=True)
            )
            core = RomeFicheSkill.objects.filter(
                fiche_id=self.instance.appellation.fiche_id, is_core=True
            ).values("skill_id")
            skills = skills.filter(Q(pk__in=core) | Q(pk__in=chosen))
        skills = skills.distinct().order_by("kind", "label")
        kinds = dict(RomeSkill.Kind.choices)
        for name in ("skills_held", "skills_to_acquire"):
            self.fields[name].queryset = skills
            self.fields[name].label_from_instance = lambda s: f"{s.label} ({kinds[s.kind].lower()})"
        self.fields["skills_held"].help_text = "Ce que la personne sait déjà faire."

    def clean(self):
        cleaned = super().clean()
        both = set(cleaned.get("skills_held") or []) & set(cleaned.get("skills_to_acquire") or [])
        if both:
            self.add_error(
                "skills_to_acquire",
                "Une compétence ne peut pas être à la fois acquise et à acquérir : "
                + ", ".join(sorted(s.label for s in both)),
            )
        return cleaned


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label="Décision", choices=enums.Decision.choices)
    decided_on = forms.DateField(
        label="Date de la décision",
        widget=DateInput(),
        error_messages={"required": "Indiquez la date de la décision."},
    )
    note = forms.CharField(
        label="Motif", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )


class HealthForm(forms.ModelForm):
    class Meta:
        model = TargetJobHealth
        fields = ["restrictions"]
        widgets = {"restrictions": forms.Textarea(attrs={"rows": 3})}


class RealityCheckForm(forms.ModelForm):
    class Meta:
        model = RealityCheck
        fields = [
            "met_on",
            "met_name",
            "met_role",
            "company",
            "learnt",
            "conclusion",
            "conclusion_note",
        ]
        widgets = {
            "met_on": DateInput(),
            "learnt": forms.Textarea(attrs={"rows": 4}),
            "conclusion_note": forms.Textarea(attrs={"rows": 2}),
        }


class ExperienceForm(forms.ModelForm):
    appellation = AppellationField(
        label="Métier ROME correspondant",
        required=False,
        help_text="Facultatif : aide à rapprocher l'expérience des métiers visés.",
    )

    class Meta:
        model = Experience
        fields = [
            "kind",
            "job_title",
            "appellation",
            "employer",
            "place",
            "started_on",
            "ended_on",
            "tasks",
        ]
        widgets = {
            "started_on": DateInput(),
            "ended_on": DateInput(),
            "tasks": forms.Textarea(attrs={"rows": 3}),
        }


class EducationForm(forms.ModelForm):
    class Meta:
        model = Education
        fields = ["title", "level", "school", "year", "is_obtained"]


class PersonSkillForm(forms.ModelForm):
    class Meta:
        model = PersonSkill
        fields = ["kind", "rome_skill", "label"]

    def __init__(self, *args, person, structure_id, **kwargs):
        super().__init__(*args, **kwargs)
        fiches = person.target_jobs.filter(structure_id=structure_id).values("appellation__fiche")
        self.fields["rome_skill"].queryset = (
            RomeSkill.objects.filter(fiche_links__fiche__in=fiches).distinct().order_by("label")
        )
        self.fields["rome_skill"].required = False
        self.fields["rome_skill"].help_text = "Parmi les compétences des métiers visés."
        self.fields["label"].help_text = "Ou avec les mots de la personne (ponctuelle, patiente…)."

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("rome_skill") and not (cleaned.get("label") or "").strip():
            self.add_error("label", "Choisissez une compétence du ROME ou décrivez-la.")
        return cleaned


def _target_jobs(form, person, structure_id):
    field = form.fields["target_job"]
    field.queryset = (
        TargetJob.objects.filter(person=person, structure_id=structure_id)
        .select_related("appellation")
        .order_by("appellation__label")
    )
    field.required = False


class TrainingForm(VersionedModelForm):
    class Meta:
        model = Training
        fields = [
            "title",
            "organisation",
            "target_job",
            "starts_on",
            "ends_on",
            "hours_per_day",
            "funding",
            "status",
            "steps",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "steps": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, person, structure_id, **kwargs):
        super().__init__(*args, **kwargs)
        _target_jobs(self, person, structure_id)


class ApplicationForm(VersionedModelForm):
    offer_url = forms.URLField(
        label="Adresse de l'offre", required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = Application
        fields = [
            "offer_title",
            "company",
            "target_job",
            "offer_url",
            "offer_text",
            "applied_on",
            "channel",
            "status",
            "next_step",
            "next_step_on",
            "outcome",
        ]
        widgets = {
            "applied_on": DateInput(),
            "next_step_on": DateInput(),
            "offer_text": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, person, structure_id, **kwargs):
        super().__init__(*args, **kwargs)
        _target_jobs(self, person, structure_id)


class CvForm(forms.Form):
    """What goes on the CV: the person chooses; nothing protected by default."""

    target_job = forms.ModelChoiceField(
        label="Métier visé par ce CV",
        queryset=TargetJob.objects.none(),
        required=False,
        empty_label="— Aucun en particulier —",
    )
    fmt = forms.ChoiceField(
        label="Format",
        choices=[("pdf", "PDF (à imprimer, à envoyer)"), ("docx", "Word (modifiable)")],
        initial="pdf",
        widget=forms.RadioSelect,
    )
    with_phone = forms.BooleanField(label="Afficher le téléphone", required=False, initial=True)
    with_email = forms.BooleanField(label="Afficher l'e-mail", required=False, initial=True)
    with_address = forms.BooleanField(
        label="Afficher l'adresse complète (sinon la commune seulement)", required=False
    )
    with_birth_date = forms.BooleanField(
        label="Afficher la date de naissance",
        required=False,
        help_text="Un employeur ne peut pas la demander ; la personne choisit.",
    )

    def __init__(self, *args, person, structure_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["target_job"].queryset = (
            TargetJob.objects.filter(person=person, structure_id=structure_id)
            .active()
            .select_related("appellation")
        )

    def clean(self):
        cleaned = super().clean()
        p = self.person
        reachable = (
            (cleaned.get("with_phone") and p.phone)
            or (cleaned.get("with_email") and p.email)
            or (cleaned.get("with_address") and p.address)
        )
        if not reachable:
            # An identity block without any way to answer the person is no CV.
            raise forms.ValidationError(
                "Le CV ne permettrait pas de joindre la personne : affichez au moins le "
                "téléphone, l'e-mail ou l'adresse (à renseigner dans le dossier s'ils manquent)."
            )
        return cleaned


class BmoOccupationForm(forms.Form):
    """Confirm (or undo, empty) the occupation of the BMO survey that matches a target job.
    `version` is the target job's, as the page showed it: a change made in between refuses."""

    metier = forms.ChoiceField(
        label="Métier de l'enquête « Besoins en main-d'œuvre »", required=False
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "La page était incomplète : rechargez-la, puis recommencez.",
            "invalid": "La page était incomplète : rechargez-la, puis recommencez.",
        },
    )

    def __init__(self, *args, occupations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metier"].choices = [("", "—"), *occupations]
        self.fields["metier"].error_messages["invalid_choice"] = (
            "Ce métier n'existe pas dans l'enquête Besoins en main-d'œuvre : "
            "choisissez-le dans la liste."
        )
