from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.accounts.models import Membership
from tremplin.core.forms import DateInput, VersionedModelForm, input_number
from tremplin.core.permissions import Role
from tremplin.pathways import enums
from tremplin.pathways.actions import done_after_errors
from tremplin.pathways.exits import ExitFacts, check_facts
from tremplin.pathways.models import (
    Action,
    Commitment,
    Funder,
    Interview,
    Objective,
    Pathway,
    Review,
    normalize_pass_number,
)
from tremplin.people.uploads import SCAN_TYPES, check_upload
from tremplin.referentials.models import Thematique


def add_validation_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a model or workflow ValidationError on the form's fields (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def _thematique_choices():
    groups: dict[str, list] = {}
    for thematique in Thematique.objects.select_related("category").order_by(
        "category__label", "label"
    ):
        groups.setdefault(thematique.category.label, []).append((thematique.pk, thematique.label))
    return [("", "— Choisir —"), *groups.items()]


class PathwayForm(VersionedModelForm):
    class Meta:
        model = Pathway
        fields = [
            "framework",
            "started_on",
            "planned_end_on",
            "extension_reason",
            "referent",
            "funders",
            "weekly_hours_target",
            "target_reason",
            "target_reason_detail",
        ]
        widgets = {
            "started_on": DateInput(),
            "planned_end_on": DateInput(),
            "funders": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, structure_id, **kwargs):
        super().__init__(*args, **kwargs)
        members = Membership.objects.filter(
            structure_id=structure_id,
            is_active=True,
            role__in=[Role.COUNSELOR, Role.MANAGER],
        ).select_related("user")
        referent = self.fields["referent"]
        referent.queryset = (
            type(self.instance)
            .referent.field.related_model.objects.filter(pk__in=[m.user_id for m in members])
            .order_by("last_name", "first_name")
        )
        referent.label_from_instance = lambda user: user.choice_label
        funders = Funder.objects.filter(structure_id=structure_id)
        if self.instance.pk:
            funders = funders.filter(is_active=True) | funders.filter(pathways=self.instance)
        else:
            funders = funders.filter(is_active=True)
        self.fields["funders"].queryset = funders.distinct().order_by("name")
        self.fields[
            "funders"
        ].help_text = "Un parcours financé par plusieurs financeurs compte une fois pour chacun."
        self.fields["weekly_hours_target"].help_text = (
            "Laissez vide pour appliquer la règle du cadre (15 h pour le contrat d'engagement, "
            "15 à 20 h pour le CEJ). Une adaptation demande un motif."
        )


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["party", "text"]


class ObjectiveForm(VersionedModelForm):
    class Meta:
        model = Objective
        fields = ["thematique", "title", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # « Repris ailleurs » is set by a reorientation, never chosen.
        self.fields["status"].choices = [
            (v, label)
            for v, label in self.fields["status"].choices
            if v != enums.ObjectiveStatus.CARRIED or self.instance.status == v
        ]
        self.fields["thematique"].choices = _thematique_choices()
        self.fields["thematique"].help_text = "La thématique data·inclusion du besoin."


class NeedsForm(forms.Form):
    """Choose the needs of the diagnosis that become objectives."""

    needs = forms.MultipleChoiceField(
        label="Besoins du diagnostic à reprendre comme objectifs",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, needs, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_key = {f"{a.pk}:{t.pk}": (a, t) for a, t in needs}
        self.fields["needs"].choices = [
            (key, f"{t.label} ({a.definition.label})") for key, (a, t) in self.by_key.items()
        ]
        self.fields["needs"].initial = list(self.by_key)

    def chosen(self):
        return [self.by_key[key] for key in self.cleaned_data["needs"]]


class ActionForm(VersionedModelForm):
    class Meta:
        model = Action
        fields = [
            "title",
            "objective",
            "owner",
            "partner_name",
            "starts_on",
            "due_on",
            "status",
            "hours",
        ]
        widgets = {
            "starts_on": DateInput(),
            "due_on": DateInput(),
            "owner": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # « Reprise dans le nouveau parcours » is set by a reorientation, never chosen.
        self.fields["status"].choices = [
            (v, label)
            for v, label in self.fields["status"].choices
            if v != enums.ActionStatus.CARRIED or self.instance.status == v
        ]
        self.fields["owner"].choices = enums.ActionOwner.choices
        self.fields["objective"].queryset = self.instance.pathway.objectives.all()
        self.fields["objective"].empty_label = "Aucun objectif en particulier"
        self.fields["partner_name"].help_text = "Quand un partenaire mène l'action."
        self.fields["hours"].help_text = (
            "Les heures d'activité de la personne pour toute l'action : elles comptent dans "
            "ses semaines, réparties sur les jours ouvrés entre le début et l'échéance."
        )
        # Django's message writes the limit with a decimal point (« 0.5 »).
        self.fields["hours"].error_messages["min_value"] = (
            "Indiquez au moins 0,5 heure d'activité (une demi-heure)."
        )


class SignatureForm(forms.Form):
    channel = forms.ChoiceField(
        label="Comment la personne signe",
        choices=enums.SignatureChannel.choices,
        widget=forms.RadioSelect,
        initial=enums.SignatureChannel.SCREEN,
    )
    signer_name = forms.CharField(
        label="Nom et prénom, saisis par la personne",
        required=False,
        max_length=300,
        help_text="À l'écran : la personne tape elle-même son nom.",
    )
    confirm = forms.BooleanField(
        label="J'ai lu ce contrat et je m'engage à le respecter.", required=False
    )
    # The drawn signature (PNG data URL) filled by the signature pad; optional.
    drawing = forms.CharField(widget=forms.HiddenInput, required=False)
    scan = forms.FileField(
        label="Contrat signé sur papier (scan)",
        required=False,
        help_text="PDF, JPEG ou PNG, 10 Mo au plus.",
    )

    def clean(self):
        cleaned = super().clean()
        channel = cleaned.get("channel")
        if channel == enums.SignatureChannel.SCREEN:
            if not cleaned.get("signer_name", "").strip():
                self.add_error("signer_name", "La personne saisit son nom pour signer.")
            if not cleaned.get("confirm"):
                self.add_error("confirm", "La personne coche la case pour signer.")
        scan = cleaned.get("scan")
        if channel == enums.SignatureChannel.PAPER and not scan:
            self.add_error("scan", "Joignez le scan du contrat signé.")
        if scan:
            try:
                check_upload(scan, allowed=SCAN_TYPES)
            except ValidationError as error:
                self.add_error("scan", error)
        return cleaned


class SuspendForm(forms.Form):
    started_on = forms.DateField(label="Suspendu à partir du", widget=DateInput())
    reason = forms.ChoiceField(label="Motif", choices=enums.SuspensionReason.choices)
    detail = forms.CharField(label="Précision", required=False, max_length=300)


class ResumeForm(forms.Form):
    resumed_on = forms.DateField(label="Reprise le", widget=DateInput())
    note = forms.CharField(label="À la reprise", required=False, max_length=300)


class InterviewForm(forms.ModelForm):
    class Meta:
        model = Interview
        fields = ["held_on", "facts", "person_words", "decisions", "next_steps"]
        widgets = {
            "held_on": DateInput(),
            "facts": forms.Textarea(attrs={"rows": 3}),
            "person_words": forms.Textarea(attrs={"rows": 3}),
            "decisions": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "facts": "Ce qui s'est passé depuis le dernier entretien, sans jugement.",
            "person_words": "Ce que la personne dit de sa situation, avec ses mots.",
        }

    def __init__(self, *args, pathway, **kwargs):
        super().__init__(*args, **kwargs)
        self.pathway = pathway
        self.fields["held_on"].initial = timezone.localdate()

    def clean_held_on(self):
        day = self.cleaned_data["held_on"]
        if day > timezone.localdate():
            raise ValidationError("Un entretien se note une fois tenu : la date est dans le futur.")
        if day < self.pathway.started_on:
            raise ValidationError("La date précède le début du parcours.")
        return day

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(n) for n in ("facts", "person_words", "decisions", "next_steps")):
            raise ValidationError(
                "Le compte rendu est vide : notez au moins les faits ou les décisions."
            )
        return cleaned


class ReviewForm(InterviewForm):
    class Meta:
        model = Review
        fields = ["kind", "held_on", "progress", "difficulties", "person_opinion", "next_steps"]
        widgets = {
            "held_on": DateInput(),
            "progress": forms.Textarea(attrs={"rows": 3}),
            "difficulties": forms.Textarea(attrs={"rows": 3}),
            "person_opinion": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {}

    def clean(self):
        cleaned = forms.ModelForm.clean(self)
        if not any(
            cleaned.get(n) for n in ("progress", "difficulties", "person_opinion", "next_steps")
        ):
            raise ValidationError("Le bilan est vide : notez au moins ce qui a avancé ou la suite.")
        return cleaned


class OpenActionsMixin:
    """One radio per action still to do, saying what becomes of it when the pathway closes
    (exit or reorientation) and, for a reorientation, the versions of those actions as shown
    (`action_versions`), so that a plan changed meanwhile in another tab is refused rather
    than overwritten. (The exit relies on the list itself: an action added or settled
    meanwhile makes `close_with_exit` refuse.)"""

    ACTION_OUTCOMES = [
        (enums.ActionStatus.DONE, "Réalisée"),
        (enums.ActionStatus.CANCELLED, "Annulée (n'aura pas lieu ou interrompue)"),
    ]

    ACTION_REQUIRED = "Dites ce que devient l'action « {title} »."

    def add_action_fields(self, actions, *, initial=None, track_versions=True) -> None:
        """`initial(action)`: the choice proposed, or None to make the counselor say."""
        self.open_actions = list(actions)
        for action in self.open_actions:
            field = forms.ChoiceField(
                label=f"Action « {action.title} » ({action.get_status_display().lower()}, "
                f"échéance {action.due_on:%d/%m/%Y})",
                choices=self.ACTION_OUTCOMES,
                widget=forms.RadioSelect,
                error_messages={
                    "required": self.ACTION_REQUIRED.format(title=action.title),
                    "invalid_choice": f"Choix impossible pour l'action « {action.title} ».",
                },
            )
            field.initial = initial(action) if initial else None
            self.fields[f"action_{action.pk}"] = field
        if not track_versions:
            return
        self.fields["action_versions"] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.fields["action_versions"].initial = self.versions_text(self.open_actions)

    @staticmethod
    def versions_text(actions) -> str:
        return ",".join(f"{a.pk}:{a.version}" for a in actions)

    def clean_action_versions(self) -> dict[int, int]:
        return self.clean_action_versions_text(self.cleaned_data.get("action_versions") or "")

    @staticmethod
    def clean_action_versions_text(value: str) -> dict[int, int]:
        try:
            return {
                int(pk): int(version)
                for pk, version in (pair.split(":") for pair in value.split(",") if pair)
            }
        except ValueError:
            raise ValidationError(
                "La page n'est pas à jour : rechargez-la avant de valider."
            ) from None

    PLAN_CHANGED = (
        "La liste des actions à réaliser a été modifiée entre-temps par quelqu'un d'autre : "
        "relisez-la ci-dessous et dites ce que devient chaque action."
    )

    def show_plan_as_now(self, actions) -> None:
        """Before a submitted form is shown again: it carries the versions of the actions as
        they are now, and says so if they changed since the page was loaded."""
        now = {a.pk: a.version for a in actions}
        try:
            shown = self.clean_action_versions_text(
                self.data.get(self.add_prefix("action_versions"), "")
            )
        except ValidationError:
            shown = None
        if shown != now and not any("entre-temps" in e for e in self.non_field_errors()):
            self.add_error(None, self.PLAN_CHANGED)
        self.data = self.data.copy()
        self.data[self.add_prefix("action_versions")] = self.versions_text(actions)

    @property
    def action_fields(self):
        return [self[f"action_{a.pk}"] for a in self.open_actions]

    def action_outcomes(self) -> dict[int, str]:
        """What becomes of each open action: {pk: status}."""
        return {a.pk: self.cleaned_data[f"action_{a.pk}"] for a in self.open_actions}

    def action_versions(self) -> dict[int, int] | None:
        return self.cleaned_data.get("action_versions")


def cancel_unless_started(action):
    """Not started, or waiting: proposed as cancelled; in progress: the counselor says."""
    if action.status != enums.ActionStatus.IN_PROGRESS:
        return enums.ActionStatus.CANCELLED
    return None


# The contract of a recorded employment, as the person's situation at the exit. The
# apprenticeship and professionalisation contracts may be fixed-term or not: the counselor says.
EMPLOYMENT_SITUATION = {
    "cdi": enums.ExitSituation.CDI,
    "cdd": enums.ExitSituation.CDD,
    "interim": enums.ExitSituation.INTERIM,
    "subsidised": enums.ExitSituation.SUBSIDISED,
    "siae": enums.ExitSituation.SIAE_HIRE,
}


def exit_initial_from_employment(employment) -> dict:
    """The exit's facts proposed from an employment already recorded (the counselor
    confirms them): situation, employer, contract dates and weekly hours. The insertion
    contract (CDDI) of the structure itself is the pathway, not an exit: nothing proposed."""
    if employment is None or employment.is_own_insertion_contract:
        # The structure's own CDDI is the IAE pathway itself, not where it leads.
        return {}
    initial = {
        "employer": employment.employer_name,
        "contract_start": employment.starts_on,
        "contract_end": employment.contract_ends_on,
        "weekly_hours": input_number(employment.weekly_hours),
    }
    situation = EMPLOYMENT_SITUATION.get(employment.contract_type)
    if situation:
        initial["situation"] = situation
    return {key: value for key, value in initial.items() if value not in (None, "")}


class ExitForm(OpenActionsMixin, forms.Form):
    exit_on = forms.DateField(label="Date de sortie", widget=DateInput())
    situation = forms.ChoiceField(
        label="Situation de la personne à la sortie",
        choices=[("", "— Choisir —"), *enums.ExitSituation.choices],
        required=False,
    )
    employer = forms.CharField(label="Employeur ou entreprise", required=False, max_length=200)
    contract_start = forms.DateField(
        label="Début du contrat, de l'activité ou de la formation",
        required=False,
        widget=DateInput(),
    )
    contract_end = forms.DateField(
        label="Fin du contrat ou de la mission",
        required=False,
        widget=DateInput(),
        help_text=(
            "Pour un CDD ou une mission d'intérim, la date de fin indique si le contrat dure "
            "6 mois ou plus : c'est ce qui distingue un emploi durable d'un emploi de transition."
        ),
    )
    weekly_hours = forms.DecimalField(
        label="Heures par semaine", required=False, max_digits=4, decimal_places=1
    )
    training_title = forms.CharField(
        label="Intitulé de la formation", required=False, max_length=200
    )
    comment = forms.CharField(
        label="Commentaire", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    # What becomes of the objectives and actions still open: decided here, one by one, so
    # that a closed pathway never shows an objective « en cours » or an action « prévue ».
    ACTION_REQUIRED = "Dites si l'action « {title} » a été réalisée."
    OBJECTIVE_OUTCOMES = [
        (enums.ObjectiveStatus.REACHED, enums.ObjectiveStatus.REACHED.label),
        (enums.ObjectiveStatus.NOT_REACHED, enums.ObjectiveStatus.NOT_REACHED.label),
    ]

    def __init__(self, *args, objectives=(), actions=(), pathway=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.pathway = pathway
        self.fields["exit_on"].initial = timezone.localdate()
        self.open_objectives = list(objectives)
        for objective in self.open_objectives:
            self.fields[f"objective_{objective.pk}"] = forms.ChoiceField(
                label=f"Objectif « {objective.title} »",
                choices=self.OBJECTIVE_OUTCOMES,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Dites si l'objectif « {objective.title} » est atteint."
                },
            )
        self.add_action_fields(actions, initial=cancel_unless_started, track_versions=False)

    @property
    def fact_fields(self):
        return [
            self[name] for name in self.fields if not name.startswith(("objective_", "action_"))
        ]

    @property
    def objective_fields(self):
        return [self[f"objective_{o.pk}"] for o in self.open_objectives]

    def outcomes(self) -> tuple[dict[int, str], dict[int, str]]:
        """What becomes of each open objective and action: {pk: status}."""
        c = self.cleaned_data
        return {o.pk: c[f"objective_{o.pk}"] for o in self.open_objectives}, self.action_outcomes()

    def facts(self) -> ExitFacts:
        c = self.cleaned_data
        return ExitFacts(
            situation=c.get("situation") or "",
            exit_on=c.get("exit_on"),
            contract_start=c.get("contract_start"),
            contract_end=c.get("contract_end"),
            employer=c.get("employer") or "",
            weekly_hours=c.get("weekly_hours"),
            training_title=c.get("training_title") or "",
        )

    def clean(self):
        cleaned = super().clean()
        # The facts are checked even when an objective or an action is left undecided: every
        # error shows in one round.
        if not any(field.name in self.errors for field in self.fact_fields):
            try:
                check_facts(self.facts())
            except ValidationError as error:
                add_validation_errors(self, error)
        exit_on = cleaned.get("exit_on")
        if exit_on:
            # The dates the workflow checks (`actions.close_with_exit`, the last guard), told
            # here with the rest.
            today = timezone.localdate()
            if self.pathway is not None and exit_on < self.pathway.started_on:
                self.add_error("exit_on", "La sortie ne peut pas précéder le début du parcours.")
            elif exit_on > today:
                self.add_error("exit_on", "La date de sortie ne peut pas être dans le futur.")
            # An action that has not started yet cannot be done, whatever the exit date.
            day, when = (exit_on, "la sortie") if exit_on <= today else (today, "")
            outcomes = {a.pk: cleaned.get(f"action_{a.pk}") for a in self.open_actions}
            for field, message in done_after_errors(self.open_actions, outcomes, day, when).items():
                self.add_error(field, message)
        return cleaned


class ReorientFrameworkForm(OpenActionsMixin, forms.Form):
    """Leave this pathway for another framework, in the same structure."""

    ACTION_OUTCOMES = [
        (enums.ActionStatus.CARRIED, "Reprise dans le nouveau parcours"),
        *OpenActionsMixin.ACTION_OUTCOMES,
    ]

    decided_on = forms.DateField(label="Réorientation décidée le", widget=DateInput())
    framework = forms.ChoiceField(label="Nouveau cadre contractuel")
    planned_end_on = forms.DateField(label="Fin prévue du nouveau parcours", widget=DateInput())
    # As in the pathway form: beyond the framework's usual length (enums.DURATION_RULES),
    # the new pathway needs a reason; the rule itself is `Pathway.duration_error`.
    extension_reason = Pathway._meta.get_field("extension_reason").formfield()
    reason = forms.CharField(
        label="Motif de la réorientation",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Ce qui a changé dans la situation ou le projet de la personne.",
    )
    objectives = forms.ModelMultipleChoiceField(
        label="Objectifs repris dans le nouveau parcours",
        queryset=Objective.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Une action reprise reste rattachée à son objectif s'il est repris lui aussi.",
    )
    funders = forms.ModelMultipleChoiceField(
        label="Financeurs du nouveau parcours",
        queryset=Funder.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, pathway: Pathway, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["decided_on"].initial = today
        self.fields["planned_end_on"].initial = today.replace(year=today.year + 1)
        self.fields["framework"].choices = [
            ("", "— Choisir —"),
            *((v, label) for v, label in enums.Framework.choices if v != pathway.framework),
        ]
        self.fields["objectives"].queryset = pathway.objectives.filter(
            status=enums.ObjectiveStatus.IN_PROGRESS
        ).select_related("thematique")
        self.fields["objectives"].initial = list(self.fields["objectives"].queryset)
        self.fields["funders"].queryset = Funder.objects.filter(
            structure_id=pathway.structure_id, is_active=True
        ).order_by("name")
        # The accompaniment goes on: every action still to do is proposed as carried over.
        self.add_action_fields(actions, initial=lambda action: enums.ActionStatus.CARRIED)

    @property
    def main_fields(self):
        return [
            self[n] for n in self.fields if not n.startswith("action_") and not self[n].is_hidden
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("decided_on"), cleaned.get("planned_end_on")
        if start and end and end <= start:
            self.add_error("planned_end_on", "La fin prévue doit être après le début.")
        return cleaned


class ReorientStructureForm(OpenActionsMixin, forms.Form):
    """Leave this pathway for a partner structure, reached by a referral."""

    decided_on = forms.DateField(label="Réorientation décidée le", widget=DateInput())
    referral = forms.ModelChoiceField(
        label="Orientation vers la nouvelle structure",
        queryset=None,
        empty_label="— Choisir —",
        help_text="Le consentement donné à cette orientation dit quelles parties du dossier "
        "la nouvelle structure peut lire.",
    )
    reason = forms.CharField(
        label="Motif de la réorientation", widget=forms.Textarea(attrs={"rows": 3})
    )
    end_follow = forms.BooleanField(
        label="Clore aussi le suivi de la personne par notre structure",
        required=False,
        initial=True,
    )

    def __init__(self, *args, referrals, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()
        self.fields["referral"].queryset = referrals
        self.fields["referral"].label_from_instance = lambda r: (
            f"{r.partner.name} — {r.service.name} ({r.get_status_display().lower()})"
        )
        # Our actions cannot move to the partner: done, or cancelled as at an exit.
        self.add_action_fields(actions, initial=cancel_unless_started)

    @property
    def main_fields(self):
        return [
            self[n] for n in self.fields if not n.startswith("action_") and not self[n].is_hidden
        ]


class FunderForm(forms.ModelForm):
    class Meta:
        model = Funder
        fields = ["name", "nomenclature", "is_active"]
        help_texts = {
            "nomenclature": "La nomenclature dans laquelle ce financeur compte les sorties. "
            "Laissez vide s'il n'en demande pas.",
            "is_active": "Un financeur inactif n'est plus proposé pour les nouveaux parcours ; "
            "ceux qu'il finance déjà le gardent.",
        }

    def __init__(self, *args, structure_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.structure_id = structure_id
        self.fields["nomenclature"].empty_label = "— Aucune —"

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        taken = Funder.objects.filter(structure_id=self.structure_id, name__iexact=name)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError("Ce financeur existe déjà dans votre structure.")
        return name


class IaeApprovalForm(forms.Form):
    number = forms.CharField(
        label="Numéro de PASS IAE",
        max_length=30,
        help_text="12 chiffres, tels qu'ils figurent sur l'attestation (les espaces sont acceptés).",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    starts_on = forms.DateField(label="Début du PASS IAE", widget=DateInput())
    ends_on = forms.DateField(
        label="Fin du PASS IAE",
        required=False,
        widget=DateInput(),
        help_text="Laissez vide : 24 mois après le début, moins un jour.",
    )
    delivered_by = forms.CharField(
        label="Délivré par",
        max_length=200,
        help_text="Tel qu'indiqué sur l'attestation : en général la plateforme de l'inclusion, "
        "après le diagnostic d'un prescripteur habilité (France Travail, Mission Locale…).",
    )
    delivered_on = forms.DateField(label="Délivré le", widget=DateInput())
    scan = forms.FileField(
        label="PASS IAE (scan)", required=False, help_text="PDF, JPEG ou PNG, 10 Mo au plus."
    )

    def clean_number(self):
        return normalize_pass_number(self.cleaned_data["number"])

    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        if scan:
            check_upload(scan, allowed=SCAN_TYPES)
        return scan


def _no_default(choices):
    """A motif is chosen, never preselected."""
    return [("", "— Choisir le motif —"), *choices]


class IaeSuspensionForm(forms.Form):
    starts_on = forms.DateField(label="Premier jour de la suspension", widget=DateInput())
    ends_on = forms.DateField(
        label="Dernier jour de la suspension",
        widget=DateInput(),
        help_text="36 mois au plus. La fin du PASS IAE est reportée d'autant de jours.",
    )
    reason = forms.ChoiceField(
        label="Motif",
        choices=_no_default(enums.IaeSuspensionReason.choices),
        error_messages={"required": "Choisissez le motif de la suspension."},
    )
    detail = forms.CharField(
        label="Précision",
        required=False,
        max_length=300,
        help_text="Facultative. N'y écrivez ni diagnostic ni détail médical ou judiciaire : "
        "le motif suffit.",
    )


class IaeWithdrawalForm(forms.Form):
    """Choose the suspension or the latest prolongation recorded by mistake, and say why."""

    entry = forms.ChoiceField(
        label="Saisie à retirer",
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez la saisie à retirer."},
    )
    reason = forms.CharField(
        label="Pourquoi la retirer ?",
        max_length=300,
        help_text="Par exemple : dates inversées, saisie sur le mauvais parcours. Le retrait reste "
        "visible dans l'historique du PASS IAE.",
        error_messages={"required": "Dites pourquoi cette saisie est retirée."},
    )

    def __init__(self, *args, approval, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = {f"s{s.pk}": s for s in approval.current_suspensions}
        choices = [
            (
                key,
                f"{s} ({s.day_count} jour{'s' if s.day_count > 1 else ''}) — "
                f"{s.reason_for(access)[0]}",
            )
            for key, s in self.entries.items()
        ]
        prolongations = approval.current_prolongations
        if prolongations:
            latest = prolongations[-1]
            self.entries[f"p{latest.pk}"] = latest
            choices.append(
                (
                    f"p{latest.pk}",
                    f"{latest} (au lieu du {latest.previous_ends_on:%d/%m/%Y}) — "
                    f"{latest.reason_for(access)[0]}",
                )
            )
        self.fields["entry"].choices = choices

    def clean_entry(self):
        return self.entries[self.cleaned_data["entry"]]


class IaeProlongationForm(forms.Form):
    ends_on = forms.DateField(
        label="Nouvelle fin du PASS IAE, hors suspensions",
        widget=DateInput(),
        help_text="Les jours de suspension s'y ajoutent, comme à la fin actuelle.",
    )
    reason = forms.ChoiceField(
        label="Motif",
        choices=_no_default(enums.IaeProlongationReason.choices),
        error_messages={"required": "Choisissez le motif de la prolongation."},
    )
    detail = forms.CharField(label="Précision", required=False, max_length=300)
    requested_on = forms.DateField(label="Demandée le", widget=DateInput())
