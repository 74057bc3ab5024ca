from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from tremplin.accounts.models import Membership, Structure
from tremplin.core.forms import SiretField
from tremplin.core.permissions import Role
from tremplin.people.forms import ReferentForm
from tremplin.referentials.forms import CommuneField, reconcile_commune


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label="Adresse e-mail",
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": "Adresse e-mail ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé. Adressez-vous au responsable de votre structure.",
    }


class OtpTokenForm(forms.Form):
    token = forms.CharField(
        label="Code de vérification",
        max_length=16,
        help_text="Le code à 6 chiffres affiché par votre application, ou l'un de vos codes de secours.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self):
        return self.cleaned_data["token"].replace(" ", "").strip()


class InviteMemberForm(forms.Form):
    email = forms.EmailField(label="Adresse e-mail professionnelle")
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    role = forms.ChoiceField(label="Rôle", choices=Role.choices)

    def __init__(self, *args, structure, **kwargs):
        self.structure = structure
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if Membership.objects.filter(structure=self.structure, user__email__iexact=email).exists():
            raise ValidationError(
                "Cette personne est déjà membre de la structure : modifiez son rôle ou réactivez-la depuis la liste."
            )
        return email


class MembershipRoleForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role"]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Nom du jeton",
        max_length=100,
        help_text="Pour vous souvenir de son usage, par exemple « Export tableur du lundi ».",
    )
    days = forms.TypedChoiceField(
        label="Durée de validité",
        coerce=int,
        choices=[(30, "30 jours"), (90, "90 jours"), (365, "1 an")],
        initial=90,
    )


def referral_answer_days_field() -> forms.IntegerField:
    """The answer delay of referrals, with one message for every value out of bounds (the
    model field is positive, whose own « ≥ 0 » message would otherwise come first)."""
    message = "Indiquez un délai compris entre 2 et 90 jours."
    field = Structure._meta.get_field("referral_answer_days")
    return forms.IntegerField(
        label=field.verbose_name.capitalize(),
        help_text=field.help_text,
        initial=field.default,
        min_value=2,
        max_value=90,
        error_messages={"min_value": message, "max_value": message},
    )


class StructureAdminForm(forms.ModelForm):
    """The support page's structure form: a SIRET may be pasted with its spaces."""

    referral_answer_days = referral_answer_days_field()

    class Meta:
        model = Structure
        fields = "__all__"  # noqa: DJ007  (the admin chooses the fields it shows)
        field_classes = {"siret": SiretField}


class StructureSettingsForm(forms.ModelForm):
    commune = CommuneField(label="Commune", required=False)
    referral_answer_days = referral_answer_days_field()

    class Meta:
        model = Structure
        fields = [
            "name",
            "address",
            "postal_code",
            "commune",
            "phone",
            "email",
            "referral_answer_days",
        ]
        labels = {"name": "Nom de la structure"}

    def clean(self):
        super().clean()
        return reconcile_commune(self)


class HandOverForm(ReferentForm):
    """On deactivating a member: optionally, who takes up the files they were référent·e of
    (the same choice as a single change of référent·e, the departing member excepted)."""

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, structure_id=membership.structure_id, **kwargs)
        field = self.fields["referent"]
        field.queryset = field.queryset.exclude(pk=membership.user_id)
        field.required = False
        field.label = "Confier ses dossiers à"
        field.empty_label = "Personne pour l'instant (à attribuer plus tard)"
