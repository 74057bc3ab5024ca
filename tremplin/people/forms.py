import re

from django import forms
from django.core.exceptions import ValidationError

from tremplin.accounts.models import Structure, User
from tremplin.core.forms import DateInput, VersionedModelForm
from tremplin.core.permissions import SHAREABLE_SECTIONS, Perm, Role, Section, role_can
from tremplin.core.validators import clean_france_travail_id
from tremplin.people import enums
from tremplin.people.models import COMMON_GATED_SECTIONS, Consent, Document, Person
from tremplin.people.nir import validate_nir
from tremplin.referentials.forms import (
    AppellationField,
    CommuneField,
    SelectedCheckboxes,
    reconcile_commune,
)
from tremplin.referentials.models import RomeAppellation

# How the file's fields are grouped on screen (each group belongs to one section).
FIELD_GROUPS: list[tuple[str, Section, tuple[str, ...]]] = [
    (
        "Identité",
        Section.IDENTITY,
        ("sex", "last_name", "birth_name", "first_name", "birth_date", "nir", "france_travail_id"),
    ),
    (
        "Coordonnées",
        Section.IDENTITY,
        (
            "phone",
            "email",
            "address",
            "address_complement",
            "postal_code",
            "commune",
            "is_domiciled",
        ),
    ),
    (
        "Profil et mobilité",
        Section.IDENTITY,
        (
            "education_level",
            "languages",
            "driving_licences",
            "mobility_means",
            "mobility_radius_km",
            "sought_appellations",
            "add_appellation",
        ),
    ),
    (
        "Situation administrative et sociale",
        Section.SITUATION,
        (
            "is_registered_jobseeker",
            "jobseeker_since",
            "is_rsa_beneficiary",
            "rsa_since",
            "caf_number",
            "is_ass_beneficiary",
            "lives_in_qpv",
            "lives_in_zrr",
            "residence_checked_on",
        ),
    ),
    (
        "Santé et handicap",
        Section.HEALTH,
        ("has_rqth", "rqth_until", "is_aah_beneficiary", "health_notes"),
    ),
    ("Justice", Section.JUSTICE, ("justice_measure", "justice_notes")),
]

DATE_FIELDS = ("birth_date", "rsa_since", "jobseeker_since", "residence_checked_on", "rqth_until")


class PersonForm(VersionedModelForm):
    """The file's fields for the given sections; the other sections are not in the form at all."""

    nir = forms.CharField(
        label="NIR (numéro de sécurité sociale)",
        required=False,
        max_length=21,
        help_text="15 caractères, clé comprise. Facultatif ; une fois enregistré, il n'est "
        "jamais réaffiché en entier.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    # Typed with spaces (« 1234567 A »), they are removed on cleaning: hence 15, not 11.
    france_travail_id = forms.CharField(
        label="Identifiant France Travail",
        required=False,
        max_length=15,
        help_text="7 chiffres suivis d'une lettre ou d'un chiffre, par exemple 1234567A. "
        "Facultatif.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    commune = CommuneField(label="Commune", required=False)
    add_appellation = AppellationField(
        label="Ajouter un métier souhaité",
        required=False,
        help_text="Tapez un intitulé de métier (ROME), puis choisissez dans la liste.",
    )
    driving_licences = forms.MultipleChoiceField(
        label="Permis de conduire",
        choices=Person.LIST_CHOICES["driving_licences"].choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    mobility_means = forms.MultipleChoiceField(
        label="Moyens de déplacement",
        choices=Person.LIST_CHOICES["mobility_means"].choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Person
        fields = [name for names in Person.SECTION_FIELDS.values() for name in names]
        widgets = {name: DateInput() for name in DATE_FIELDS} | {
            "health_notes": forms.Textarea(attrs={"rows": 3}),
            "justice_notes": forms.Textarea(attrs={"rows": 3}),
            "sex": forms.RadioSelect,
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "postal_code": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code"}
            ),
            "lives_in_qpv": forms.RadioSelect,
            "lives_in_zrr": forms.RadioSelect,
        }
        labels = {
            "last_name": "Nom d'usage",
            "birth_name": "Nom de naissance (s'il est différent)",
        }

    def __init__(self, *args, sections: frozenset[Section], **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections
        visible = {name for s in sections for name in Person.SECTION_FIELDS.get(s, ())}
        for name in list(self.fields):
            if name in self.Meta.fields and name not in visible:
                del self.fields[name]
        if Section.IDENTITY not in sections:
            for extra in ("nir", "add_appellation"):
                self.fields.pop(extra, None)
        if "sought_appellations" in self.fields:
            field = self.fields["sought_appellations"]
            field.widget = SelectedCheckboxes(RomeAppellation)
            field.label = "Métiers souhaités"
            field.help_text = (
                "Les métiers que la personne dit chercher, notés au premier contact ; le projet "
                "professionnel les précise ensuite. Décochez un métier pour le retirer."
            )
        if self.instance.pk:
            if "nir" in self.fields and self.instance.has_nir:
                self.fields["nir"].help_text = (
                    f"Un NIR est enregistré (se termine par {self.instance.nir_tail}). "
                    "Laissez vide pour le garder, ou saisissez-en un autre pour le remplacer."
                )

    def groups(self):
        """(title, [bound fields]) for the groups that have fields in this form."""
        result = []
        for title, _section, names in FIELD_GROUPS:
            bound = [self[name] for name in names if name in self.fields]
            if bound:
                result.append((title, bound))
        return result

    def clean_nir(self):
        value = self.cleaned_data.get("nir", "")
        return validate_nir(value) if value else ""

    def clean_france_travail_id(self):
        return clean_france_travail_id(self.cleaned_data.get("france_travail_id", ""))

    def clean_last_name(self):
        return " ".join(self.cleaned_data["last_name"].split())

    def clean_first_name(self):
        return " ".join(self.cleaned_data["first_name"].split())

    def clean(self):
        super().clean()
        cleaned = reconcile_commune(self) if "commune" in self.fields else self.cleaned_data
        postal_code = (cleaned.get("postal_code") or "").strip()
        if (
            "commune" in self.fields
            and re.fullmatch(r"[0-9]{5}", postal_code)
            and not cleaned.get("commune")
            and not self.has_error("commune")
            and not self.has_error("postal_code")
        ):
            # reconcile_commune fills the commune when the code is a single commune's.
            self.add_error("commune", "Indiquez la commune de ce code postal.")
        added = cleaned.get("add_appellation")
        if added is not None and "sought_appellations" in self.fields:
            current = list(cleaned.get("sought_appellations") or [])
            if added not in current:
                current.append(added)
            cleaned["sought_appellations"] = current
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        nir = self.cleaned_data.get("nir")
        if nir:
            self.instance.set_nir(nir)


class PersonCreateForm(PersonForm):
    referent = forms.ModelChoiceField(
        label="Référent·e",
        queryset=User.objects.none(),
        required=False,
        help_text="Le ou la professionnel·le qui suivra la personne. Vide : à attribuer plus tard.",
    )
    accompaniment_consent = forms.ChoiceField(
        label="Accord de la personne pour être accompagnée",
        choices=[("", "Pas encore recueilli"), *enums.ConsentChannel.choices],
        required=False,
    )
    confirm_not_duplicate = forms.BooleanField(
        label="J'ai vérifié : il s'agit d'une autre personne, créer le dossier",
        required=False,
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        referent_roles = [r for r in Role if role_can(r, Perm.FOLLOW_MANAGE)]
        self.fields["referent"].queryset = User.objects.filter(
            memberships__structure_id=membership.structure_id,
            memberships__is_active=True,
            memberships__role__in=referent_roles,
            is_active=True,
        ).order_by("last_name", "first_name")
        self.fields["referent"].label_from_instance = lambda u: u.choice_label
        if membership.role == Role.COUNSELOR:
            self.fields["referent"].initial = membership.user_id


class ReferentForm(forms.Form):
    referent = forms.ModelChoiceField(
        label="Nouveau ou nouvelle référent·e", queryset=User.objects.none()
    )

    def __init__(self, *args, structure_id, **kwargs):
        super().__init__(*args, **kwargs)
        referent_roles = [r for r in Role if role_can(r, Perm.FOLLOW_MANAGE)]
        self.fields["referent"].queryset = User.objects.filter(
            memberships__structure_id=structure_id,
            memberships__is_active=True,
            memberships__role__in=referent_roles,
            is_active=True,
        ).order_by("last_name", "first_name")
        self.fields["referent"].label_from_instance = lambda u: u.choice_label


class EndFollowForm(forms.Form):
    end_reason = forms.ChoiceField(
        label="Motif de fin du suivi",
        choices=[c for c in enums.FollowEndReason.choices if c[0] != enums.FollowEndReason.MERGED],
    )
    ended_on = forms.DateField(label="Date de fin", widget=DateInput())


class OpenedSectionsForm(forms.Form):
    """What a structure that took the person in from a referral may read of the common file."""

    opened_sections = forms.MultipleChoiceField(
        label="Parties du dossier commun ouvertes à votre structure",
        choices=[(s.value, s.label) for s in COMMON_GATED_SECTIONS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="L'identité et les coordonnées restent ouvertes. Fermer une partie ne "
        "demande rien ; en ouvrir une demande l'accord de la personne.",
    )
    agreement_channel = forms.ChoiceField(
        label="Comment la personne a donné son accord (pour une partie ouverte)",
        choices=[("", "—"), *enums.RECORDED_CHANNELS],
        required=False,
    )

    def __init__(self, *args, follow, **kwargs):
        self.follow = follow
        kwargs.setdefault("initial", {"opened_sections": list(follow.opened_sections or [])})
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        added = set(cleaned.get("opened_sections") or []) - set(self.follow.opened_sections or [])
        if added and not cleaned.get("agreement_channel"):
            self.add_error(
                "agreement_channel",
                "Ouvrir une partie du dossier demande l'accord de la personne : indiquez "
                "comment elle l'a donné.",
            )
        return cleaned


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["kind", "title", "file"]
        labels = {"file": "Fichier"}
        help_texts = {
            "file": "PDF, JPEG, PNG, DOCX ou ODT, 10 Mo au plus.",
        }


class ConsentForm(forms.ModelForm):
    sections = forms.MultipleChoiceField(
        label="Parties du dossier partagées",
        choices=[(s.value, s.label) for s in SHAREABLE_SECTIONS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Seulement pour un partage avec un partenaire : ce qu'il pourra lire, rien de plus.",
    )
    scan = forms.FileField(
        label="Formulaire signé (scan)",
        required=False,
        help_text="Facultatif : PDF, JPEG ou PNG, 10 Mo au plus.",
    )

    class Meta:
        model = Consent
        fields = ["purpose", "partner", "sections", "channel", "given_at", "expires_at"]
        widgets = {
            "given_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "expires_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }
        labels = {"channel": "Comment l'accord a été recueilli"}

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.structure = structure
        partner = self.fields["partner"]
        partner.queryset = Structure.objects.filter(is_active=True).exclude(pk=structure.pk)
        partner.required = False
        partner.help_text = "Seulement pour un partage d'informations."
        self.fields["given_at"].input_formats = ["%Y-%m-%dT%H:%M"]
        self.fields["expires_at"].input_formats = ["%Y-%m-%dT%H:%M"]

    def clean_given_at(self):
        from django.utils import timezone

        value = self.cleaned_data["given_at"]
        if value and value > timezone.now():
            raise ValidationError("La date du consentement ne peut pas être dans le futur.")
        return value


class WithdrawConsentForm(forms.Form):
    channel = forms.ChoiceField(
        label="Comment le retrait a été exprimé", choices=enums.ConsentChannel.choices
    )


class MergeForm(forms.Form):
    keep = forms.ChoiceField(
        label="Dossier à conserver",
        widget=forms.RadioSelect,
        choices=[("this", "Ce dossier"), ("other", "L'autre dossier")],
        initial="this",
    )
    confirm = forms.BooleanField(
        label="Je confirme qu'il s'agit de la même personne. La fusion ne se défait pas.",
        required=True,
    )
