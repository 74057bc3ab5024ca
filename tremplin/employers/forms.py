"""Forms of employer relations, with French labels and errors."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from tremplin.accounts.models import User
from tremplin.core.forms import DateInput, SiretField, VersionedModelForm
from tremplin.core.permissions import RIGHTS, Perm
from tremplin.core.validators import clean_siret, validate_plausible_date
from tremplin.employers import enums
from tremplin.employers.actions import SHORT_REASON_ERROR, reason_is_too_short
from tremplin.employers.models import (
    Campaign,
    CampaignAction,
    Company,
    CompanyContact,
    Interaction,
    JobOffer,
    RecruitmentNeed,
)
from tremplin.people.enums import DrivingLicence
from tremplin.referentials.forms import AppellationField, CommuneField, reconcile_commune
from tremplin.referentials.models import Commune, NafCode, RomeFiche, RomeSkill


def _naf_code(value: str) -> str:
    """'5610a', '56.10 A', '56.10A' -> '56.10A' (the referential's form)."""
    raw = re.sub(r"[\s.]", "", value or "").upper()
    if re.fullmatch(r"\d{4}[A-Z]", raw):
        return f"{raw[:2]}.{raw[2:]}"
    return (value or "").strip().upper()


class NafField(forms.CharField):
    """A NAF rév. 2 sous-classe typed as its code (« 56.10A » or « 5610A »)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("help_text", "Le code APE de l'établissement, par exemple 56.10A.")
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return value.code if isinstance(value, NafCode) else value

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        code = _naf_code(value)
        naf = NafCode.objects.filter(pk=code).first()
        if naf is None:
            raise ValidationError(
                "Code NAF inconnu : saisissez le code APE à 5 caractères, par exemple 56.10A.",
                code="naf_unknown",
            )
        if naf.level != NafCode.Level.SUBCLASS:
            raise ValidationError(
                "Choisissez une sous-classe NAF (5 caractères, par exemple 56.10A), "
                "pas une section ou une division.",
                code="naf_level",
            )
        return naf


class JobField(AppellationField):
    """An appellation, shown as « intitulé — fiche ROME » when the form is loaded from a
    row (`AppellationField.prepare_value` turns the appellation's code into its label)."""


def _codes(value: str) -> list[str]:
    return [c for c in re.split(r"[\s,;]+", (value or "").strip()) if c]


class CompanyForm(VersionedModelForm):
    naf = NafField(label="Activité (code NAF rév. 2)")
    commune = CommuneField(label="Commune", required=False)
    website = forms.URLField(label="Site internet", required=False, assume_scheme="https")

    class Meta:
        model = Company
        fields = [
            "name",
            "siret",
            "naf",
            "size_bracket",
            "sector",
            "address",
            "postal_code",
            "commune",
            "phone",
            "email",
            "website",
            "notes",
        ]
        widgets = {
            "postal_code": forms.TextInput(attrs={"inputmode": "numeric"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"siret": SiretField}

    def __init__(self, *args, structure_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.structure_id = structure_id

    def clean_siret(self):
        siret = clean_siret(self.cleaned_data["siret"])
        others = Company.objects.filter(structure_id=self.structure_id, siret=siret)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(
                "Cet établissement est déjà dans le fichier entreprises de votre structure.",
                code="siret_taken",
            )
        return siret

    def clean(self):
        super().clean()
        return reconcile_commune(self)


class CompanySearchForm(forms.Form):
    q = forms.CharField(label="Nom ou SIRET", required=False, max_length=100)
    naf = forms.CharField(
        label="Code NAF",
        required=False,
        max_length=10,
        help_text="Une sous-classe (56.10A) ou le début d'un code (56, 56.1).",
    )
    commune = CommuneField(label="Commune", required=False)

    def clean_naf(self):
        value = self.cleaned_data["naf"].strip().upper()
        if value and not re.fullmatch(r"\d{1,2}(\.\d{0,2}[A-Z]?)?|\d{4}[A-Z]", value):
            raise ValidationError("Saisissez un code NAF, par exemple 56.10A ou 56.")
        return _naf_code(value) if len(value) == 5 and "." not in value else value


class CompanyContactForm(forms.ModelForm):
    class Meta:
        model = CompanyContact
        fields = ["first_name", "last_name", "role", "phone", "email", "is_active"]


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.choice_label


# Who may own a next step or a campaign: the members who work with employers.
EMPLOYER_ROLES = [role for role, rights in RIGHTS.items() if Perm.EMPLOYERS_MANAGE in rights.perms]


def member_field(structure_id, label, required=True, current=None) -> MemberChoiceField:
    """The structure's active members who work with employers (and whoever owns it now,
    so that an owner whose role changed since does not block the form)."""
    return MemberChoiceField(
        label=label,
        required=required,
        queryset=User.objects.filter(
            Q(
                memberships__structure_id=structure_id,
                memberships__is_active=True,
                memberships__role__in=EMPLOYER_ROLES,
            )
            | Q(pk=current)
        )
        .distinct()
        .order_by("last_name", "first_name"),
    )


class InteractionForm(forms.ModelForm):
    class Meta:
        model = Interaction
        fields = [
            "kind",
            "occurred_on",
            "contact",
            "campaign",
            "summary",
            "next_step",
            "next_step_due_on",
            "next_step_owner",
            "next_step_done_on",
        ]
        widgets = {
            "occurred_on": DateInput,
            "next_step_due_on": DateInput,
            "next_step_done_on": DateInput,
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = company.contacts.all()
        # Running campaigns, and the one the exchange already belongs to.
        self.fields["campaign"].queryset = Campaign.objects.filter(
            ~Q(status=enums.CampaignStatus.FINISHED) | Q(pk=self.instance.campaign_id),
            structure_id=company.structure_id,
        )
        self.fields["next_step_owner"] = member_field(
            company.structure_id,
            "Qui s'en charge",
            required=False,
            current=self.instance.next_step_owner_id,
        )
        if not self.instance.pk:
            del self.fields["next_step_done_on"]

    def clean(self):
        cleaned = super().clean()
        # The owner is proposed by default: without a next step, there is nothing to own.
        if not (cleaned.get("next_step") or "").strip():
            cleaned["next_step_owner"] = None
            self.instance.next_step_owner = None
        return cleaned


class CampaignForm(VersionedModelForm):
    naf_codes = forms.CharField(
        label="Secteurs visés (codes NAF)",
        required=False,
        help_text="Séparés par des virgules : sous-classes (56.10A) ou divisions (56).",
    )
    fiche_codes = forms.CharField(
        label="Métiers visés (codes ROME)",
        required=False,
        help_text="Séparés par des virgules, par exemple K2204, N1103.",
    )
    commune_codes = forms.CharField(
        label="Communes visées (codes INSEE ou postaux)",
        required=False,
        help_text="Séparés par des virgules, par exemple 44184, 44600.",
    )
    target_size_brackets = forms.MultipleChoiceField(
        label="Tailles d'entreprise visées",
        choices=enums.SizeBracket.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Campaign
        fields = [
            "name",
            "objectives",
            "starts_on",
            "ends_on",
            "status",
            "owner",
            "target_department",
            "target_size_brackets",
            "planned_contacts",
            "planned_visits",
            "planned_needs",
            "planned_offers",
            "planned_hires",
        ]
        widgets = {
            "starts_on": DateInput,
            "ends_on": DateInput,
            "objectives": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, structure_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = member_field(
            structure_id, "Pilote de la campagne", current=self.instance.owner_id
        )
        if self.instance.pk and not self.is_bound:
            self.initial["naf_codes"] = ", ".join(n.code for n in self.instance.target_naf.all())
            self.initial["fiche_codes"] = ", ".join(
                f.code for f in self.instance.target_fiches.all()
            )
            self.initial["commune_codes"] = ", ".join(
                c.code for c in self.instance.target_communes.all()
            )

    def clean_naf_codes(self):
        codes = [
            _naf_code(c) if len(c) == 5 and "." not in c else c.upper()
            for c in _codes(self.cleaned_data["naf_codes"])
        ]
        found = {n.code: n for n in NafCode.objects.filter(pk__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise ValidationError(f"Codes NAF inconnus : {', '.join(unknown)}.")
        return [found[c] for c in codes]

    def clean_fiche_codes(self):
        codes = [c.upper() for c in _codes(self.cleaned_data["fiche_codes"])]
        found = {f.code: f for f in RomeFiche.objects.filter(pk__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise ValidationError(f"Codes ROME inconnus : {', '.join(unknown)}.")
        return [found[c] for c in codes]

    def clean_commune_codes(self):
        communes = []
        unknown = []
        for code in _codes(self.cleaned_data["commune_codes"]):
            found = list(Commune.objects.search(code)[:20]) if code.isdigit() else []
            if not found and re.fullmatch(r"\d[0-9AB]\d{3}", code.upper()):
                found = list(Commune.objects.filter(pk=code.upper()))
            if not found:
                unknown.append(code)
            communes += [c for c in found if c not in communes]
        if unknown:
            raise ValidationError(f"Codes de commune inconnus : {', '.join(unknown)}.")
        return communes

    # The prospection funnel, upstream first: each step cannot exceed the one before it
    # (the nearest one planned: a step left at 0 is not followed).
    FUNNEL = (
        "planned_contacts",
        "planned_visits",
        "planned_needs",
        "planned_offers",
        "planned_hires",
    )

    def clean(self):
        data = super().clean()
        starts_on = data.get("starts_on")
        if (
            data.get("status") == enums.CampaignStatus.FINISHED
            and starts_on
            and starts_on > timezone.localdate()
        ):
            self.add_error(
                "status",
                f"Cette campagne commence le {starts_on:%d/%m/%Y} : elle ne peut pas être "
                "déjà terminée.",
            )
        upstream, upstream_value = None, 0
        for name in self.FUNNEL:
            value = data.get(name)
            if not value:
                continue
            if upstream is not None and value > upstream_value:
                self.add_error(
                    name,
                    f"{value} prévu·es pour {upstream_value} "
                    f"« {self.fields[upstream].label.lower()} » : chaque étape découle de "
                    "la précédente, vérifiez les chiffres.",
                )
            upstream, upstream_value = name, value
        return data

    def save_checked(self) -> bool:
        saved = super().save_checked()
        if saved:
            self._save_targets(self.instance)
        return saved

    def _save_targets(self, campaign):
        campaign.target_naf.set(self.cleaned_data["naf_codes"])
        campaign.target_fiches.set(self.cleaned_data["fiche_codes"])
        campaign.target_communes.set(self.cleaned_data["commune_codes"])

    def save_new(self, *, structure_id: int, created_by) -> Campaign:
        campaign = self.save(commit=False)
        campaign.structure_id = structure_id
        campaign.created_by = created_by
        campaign.save()
        self._save_targets(campaign)
        return campaign


class CampaignActionForm(forms.ModelForm):
    class Meta:
        model = CampaignAction
        fields = ["title", "owner", "due_on", "status"]
        widgets = {"due_on": DateInput}

    def __init__(self, *args, structure_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = member_field(structure_id, "Qui", current=self.instance.owner_id)


LICENCE_CHOICES = DrivingLicence.choices


class SkillsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.label


def _fiche_skills(fiche_id):
    return RomeSkill.objects.filter(fiche_links__fiche_id=fiche_id).distinct().order_by("label")


class CampaignChoiceField(forms.ModelChoiceField):
    """A campaign named with its dates and state: two campaigns may share a name."""

    def label_from_instance(self, campaign):
        return (
            f"{campaign.name} — du {campaign.starts_on:%d/%m/%Y} au {campaign.ends_on:%d/%m/%Y} "
            f"({campaign.get_status_display().lower()})"
        )


def campaign_choices(form, structure_id: int, current_id):
    """The structure's campaigns not finished, and the one already chosen."""
    field = form.fields["campaign"]
    form.fields["campaign"] = CampaignChoiceField(
        queryset=Campaign.objects.filter(
            ~Q(status=enums.CampaignStatus.FINISHED) | Q(pk=current_id),
            structure_id=structure_id,
        ).order_by("-starts_on", "name", "pk"),
        required=field.required,
        label=field.label,
        help_text=field.help_text,
    )


# Beyond this many positions for one need, the figure is most likely a typo.
MAX_PLAUSIBLE_POSITIONS = 100


class RecruitmentNeedForm(VersionedModelForm):
    appellation = JobField(label="Métier (appellation ROME)")
    driving_licences = forms.MultipleChoiceField(
        label="Permis exigés",
        choices=LICENCE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Seulement si le poste impose de conduire.",
    )

    class Meta:
        model = RecruitmentNeed
        fields = [
            "collected_on",
            "contact",
            "campaign",
            "appellation",
            "positions",
            "wished_start_on",
            "context",
            "status",
            "mission",
            "tasks",
            "working_conditions",
            "skills",
            "qualifications",
            "driving_licences",
            "tutor",
        ]
        widgets = {
            "collected_on": DateInput,
            "wished_start_on": DateInput,
            "context": forms.Textarea(attrs={"rows": 3}),
            "mission": forms.Textarea(attrs={"rows": 2}),
            "tasks": forms.Textarea(attrs={"rows": 5}),
            "working_conditions": forms.Textarea(attrs={"rows": 3}),
            "qualifications": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = company.contacts.all()
        campaign_choices(self, company.structure_id, self.instance.campaign_id)
        fiche_id = self.instance.appellation.fiche_id if self.instance.appellation_id else None
        if fiche_id:
            self.fields["skills"] = SkillsField(
                label="Compétences attendues (ROME)",
                queryset=_fiche_skills(fiche_id),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        else:
            # The skills of the job's fiche are offered once the job is known.
            del self.fields["skills"]

    def clean_wished_start_on(self):
        day = self.cleaned_data.get("wished_start_on")
        if self.instance.pk is None or "wished_start_on" in self.changed_data:
            validate_plausible_date(day, past_years=1, future_years=2)
        return day

    def clean_collected_on(self):
        day = self.cleaned_data.get("collected_on")
        if day is not None and day > timezone.localdate():
            raise ValidationError(
                "Ce besoin ne peut pas avoir été recueilli dans le futur : indiquez le jour "
                "de l'échange avec l'employeur."
            )
        return day

    def clean_positions(self):
        positions = self.cleaned_data.get("positions")
        if positions is not None and positions > MAX_PLAUSIBLE_POSITIONS:
            raise ValidationError(
                f"{positions} postes pour un seul besoin : vérifiez le nombre (au-delà de "
                f"{MAX_PLAUSIBLE_POSITIONS}, recueillez plusieurs besoins)."
            )
        return positions

    def clean(self):
        data = super().clean()
        collected, start = data.get("collected_on"), data.get("wished_start_on")
        if collected and start and start < collected:
            self.add_error(
                "wished_start_on",
                f"La prise de poste souhaitée ne peut pas précéder le recueil du besoin "
                f"({collected:%d/%m/%Y}).",
            )
        return data


class JobOfferForm(VersionedModelForm):
    appellation = JobField(label="Métier (appellation ROME)")
    commune = CommuneField(label="Lieu de travail (commune)")
    driving_licences = forms.MultipleChoiceField(
        label="Permis exigés",
        choices=LICENCE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Seulement si le poste impose de conduire.",
    )

    class Meta:
        model = JobOffer
        fields = [
            "title",
            "appellation",
            "contract_type",
            "contract_months",
            "weekly_hours",
            "pay_min",
            "pay_max",
            "pay_period",
            "commune",
            "address",
            "description",
            "profile",
            "working_conditions",
            "required_skills",
            "qualifications",
            "driving_licences",
            "start_on",
            "positions",
            "campaign",
        ]
        widgets = {
            "start_on": DateInput,
            "description": forms.Textarea(attrs={"rows": 5}),
            "profile": forms.Textarea(attrs={"rows": 3}),
            "working_conditions": forms.Textarea(attrs={"rows": 3}),
            "qualifications": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        campaign_choices(self, company.structure_id, self.instance.campaign_id)
        fiche_id = self.instance.appellation.fiche_id if self.instance.appellation_id else None
        if fiche_id:
            self.fields["required_skills"] = SkillsField(
                label="Compétences requises (ROME)",
                queryset=_fiche_skills(fiche_id),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text="Celles de la fiche métier ; gardez l'essentiel.",
            )
        else:
            # At creation the core skills of the job's fiche are taken; adjust them after.
            del self.fields["required_skills"]

    def clean_start_on(self):
        day = self.cleaned_data.get("start_on")
        # A start date a year back, or more than two years ahead, is a typo in the year; an
        # older offer edited later keeps its true date.
        if self.instance.pk is None or "start_on" in self.changed_data:
            validate_plausible_date(day, past_years=1, future_years=2)
        return day


class OfferStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Nouvel état",
        choices=[
            (enums.OfferStatus.FILLED, "Pourvue"),
            (enums.OfferStatus.CLOSED, "Close sans recrutement"),
        ],
        widget=forms.RadioSelect,
    )
    hired_count = forms.IntegerField(
        label="Personnes recrutées",
        min_value=0,
        initial=0,
        help_text="Compte dans les recrutements de la campagne.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == enums.OfferStatus.FILLED and not cleaned.get("hired_count"):
            self.add_error("hired_count", "Une offre pourvue compte au moins un recrutement.")
        if cleaned.get("status") == enums.OfferStatus.CLOSED and cleaned.get("hired_count"):
            self.add_error("hired_count", "Une offre close sans recrutement ne compte personne.")
        return cleaned


class PublicationReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="Votre décision",
        choices=[
            (value, label)
            for value, label in enums.PublicationReview.choices
            if value != enums.PublicationReview.SUPERSEDED
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez de maintenir la publication ou de retirer l'offre."
        },
    )
    note = forms.CharField(
        label="Commentaire",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Obligatoire pour retirer l'offre : ce qu'il faut corriger.",
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == enums.PublicationReview.WITHDRAWN
            and not (cleaned.get("note") or "").strip()
        ):
            self.add_error("note", "Dites ce qu'il faut corriger avant de retirer l'offre.")
        return cleaned


class PublishForm(forms.Form):
    """Publishing; with findings left, only after an explicit confirmation and a reason."""

    confirm = forms.BooleanField(
        label="Je publie cette offre malgré les points signalés, pour le motif ci-dessous",
        required=False,
    )
    reason = forms.CharField(
        label="Motif",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Par exemple : exigence légale du poste, vérifiée avec l'employeur.",
    )

    def __init__(self, *args, needs_confirmation: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_confirmation = needs_confirmation

    def clean(self):
        cleaned = super().clean()
        if self.needs_confirmation:
            if not cleaned.get("confirm"):
                self.add_error(
                    "confirm",
                    "Des points restent signalés : corrigez l'offre, ou cochez cette case "
                    "pour la publier quand même.",
                )
            reason = (cleaned.get("reason") or "").strip()
            if not reason:
                self.add_error("reason", "Indiquez pourquoi vous publiez malgré les constats.")
            elif reason_is_too_short(reason):
                self.add_error("reason", SHORT_REASON_ERROR)
        return cleaned


class PublicationRequestForm(forms.Form):
    """The liaison submits an offer held by blocking findings to the manager."""

    reason = forms.CharField(
        label="Motif de votre demande",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=(
            "Pourquoi la formulation vous semble licite ou ce que l'employeur maintient : "
            "le ou la responsable décidera."
        ),
        error_messages={
            "required": "Indiquez pourquoi vous soumettez l'offre malgré les constats."
        },
    )


class PublicationReturnForm(forms.Form):
    """The manager sends a submitted offer back for correction."""

    note = forms.CharField(
        label="Ce qu'il faut corriger",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Dites ce qu'il faut corriger avant de renvoyer l'offre."},
    )
