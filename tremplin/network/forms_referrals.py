"""Forms of the referral workflow (the directory's forms are in forms.py)."""

import hashlib

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.core.forms import DATETIME_FORMAT, DateTimeInput
from tremplin.core.permissions import SHAREABLE_SECTIONS, Section
from tremplin.documents.writing import Category, Finding, check_text
from tremplin.network.models import RefusalReason
from tremplin.network.referrals import LINK_SECTIONS
from tremplin.people.enums import RECORDED_CHANNELS
from tremplin.people.models import COMMON_GATED_SECTIONS


def sensitive_findings(motive: str) -> list:
    """What the writing help finds sensitive in a motive (health, justice…)."""
    return [f for f in check_text(motive) if f.category == Category.SENSITIVE]


def sensitive_topics(findings) -> list[str]:
    """The topics of those findings, each once, in the order found."""
    labels: list[str] = []
    for finding in findings:
        if finding.topic_label.lower() not in labels:
            labels.append(finding.topic_label.lower())
    return labels


def sensitive_history_note(findings) -> str:
    """For the referral's history: the sensitive details confirmed at sending, by topic."""
    labels = sensitive_topics(findings)
    if not labels:
        return ""
    return (
        "Motif relu à l'envoi : la personne est d'accord pour que ces informations "
        f"sensibles soient transmises ({', '.join(labels)})."
    )


class SensitiveDetailsMixin(forms.Form):
    """The confirmation asked before sending a motive that holds sensitive details (health,
    justice…): the same rule when the referral is created and sent, and when a draft (or an
    expired referral) is sent later from its page."""

    # Shown only when the motive holds sensitive details (health, justice…): see
    # `sensitive_details_confirmed`.
    sensitive_confirmed = forms.BooleanField(
        label="J'ai relu : la personne est d'accord pour que ces informations soient transmises.",
        required=False,
    )
    # Which details were confirmed (a digest): adding another one asks again.
    sensitive_reviewed = forms.CharField(required=False, widget=forms.HiddenInput)

    def sensitive_details_confirmed(self, motive: str) -> bool:
        """At sending time, on a valid form: the writing help rereads the motive. Without
        sensitive details, or with those very details confirmed, the referral may go; else
        `sensitive_findings` lists them and the confirmation box asks for a tick."""
        self.sensitive_findings = sensitive_findings(motive)
        if not self.sensitive_findings:
            return True
        digest = _findings_digest(self.sensitive_findings)
        if (
            self.cleaned_data["sensitive_confirmed"]
            and self.cleaned_data["sensitive_reviewed"] == digest
        ):
            return True
        # Shown again with the digest of what is listed now, the box unticked if the list changed.
        data = self.data.copy()
        if data.get("sensitive_reviewed") != digest:
            data.pop("sensitive_confirmed", None)
        data["sensitive_reviewed"] = digest
        self.data = data
        self.add_error(
            "sensitive_confirmed",
            "Le motif contient des informations sensibles : relisez-les ci-dessus, retirez ce "
            "qui n'est pas utile au partenaire ou cochez cette case pour envoyer.",
        )
        return False

    @property
    def sensitive_note(self) -> str:
        """For the referral's history: the sensitive details confirmed, by topic."""
        return sensitive_history_note(getattr(self, "sensitive_findings", ()))


class ReferralForm(SensitiveDetailsMixin, forms.Form):
    thematique = forms.ChoiceField(label="Besoin auquel répond l'orientation", required=False)
    motive = forms.CharField(
        label="Motif de l'orientation",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=(
            "Ce que le partenaire doit savoir pour recevoir la personne : sa demande, ce qui a "
            "déjà été fait, ce que vous attendez. Il le lira dans la fiche de liaison."
        ),
    )
    recipient_email = forms.EmailField(
        label="E-mail du destinataire",
        required=False,
        help_text="L'adresse du service, ou celle d'un contact nommé chez le partenaire.",
    )

    def __init__(self, *args, needs=(), service_thematiques=(), contacts=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "— Aucun en particulier —")]
        if needs:
            choices.append(("Besoins repérés au diagnostic", [(t.code, t.label) for t in needs]))
        codes = {t.code for t in needs}
        others = [(t.code, t.label) for t in service_thematiques if t.code not in codes]
        if others:
            choices.append(("Autres besoins auxquels répond ce service", others))
        self.fields["thematique"].choices = choices
        if contacts:
            self.fields["recipient_email"].help_text += " Contacts connus : " + ", ".join(
                f"{c} ({c.email})" for c in contacts if c.email
            )


def _findings_digest(findings: list[Finding]) -> str:
    words = sorted({f"{f.topic}:{f.words.casefold()}" for f in findings})
    return hashlib.sha256("\n".join(words).encode()).hexdigest()[:32]


def send_form_sections(access, *, partner_uses_tremplin: bool) -> list[tuple[str, str]]:
    """The parts of the file the user may pass on: shareable, visible to the user and, for a
    partner reached by a link, those the fiche de liaison carries."""
    allowed = SHAREABLE_SECTIONS if partner_uses_tremplin else LINK_SECTIONS
    return [(s.value, s.label) for s in allowed if access.can_see(s)]


class SendForm(SensitiveDetailsMixin, forms.Form):
    sections = forms.MultipleChoiceField(
        label="Parties du dossier transmises au partenaire",
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Le partenaire lira dans la fiche de liaison ces informations et le motif, rien de "
            "plus. L'identité permet au partenaire de savoir qui il reçoit."
        ),
        error_messages={"required": "Choisissez au moins une partie du dossier à transmettre."},
    )
    consent_channel = forms.ChoiceField(
        label="Comment la personne a donné son accord",
        choices=RECORDED_CHANNELS,
        widget=forms.RadioSelect,
        error_messages={"required": "Indiquez comment la personne a donné son accord."},
    )
    confirm = forms.BooleanField(
        label="La personne est d'accord pour être orientée vers ce partenaire et pour que ces "
        "informations lui soient transmises.",
        error_messages={"required": "L'accord de la personne est nécessaire pour envoyer."},
    )

    def __init__(self, *args, access, partner_uses_tremplin: bool, rereads_motive=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not rereads_motive:
            # On the creation page, the referral form asks the confirmation, next to the motive.
            del self.fields["sensitive_confirmed"], self.fields["sensitive_reviewed"]
        self.fields["sections"].choices = send_form_sections(
            access, partner_uses_tremplin=partner_uses_tremplin
        )
        self.fields["sections"].initial = [Section.IDENTITY.value]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Pourquoi annuler cette orientation ?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Indiquez pourquoi l'orientation est annulée."},
    )


class OutcomeForm(forms.Form):
    came = forms.TypedChoiceField(
        label="La personne a-t-elle été reçue ?",
        choices=[("1", "Oui, elle a été reçue"), ("0", "Non, elle n'est pas venue")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        error_messages={"required": "Indiquez si la personne a été reçue."},
    )
    note = forms.CharField(
        label="Ce qui s'est passé (facultatif)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AnswerForm(forms.Form):
    """The partner's answer, in its Tremplin space or through the signed link."""

    decision = forms.ChoiceField(
        label="Votre réponse",
        choices=[("accept", "J'accepte l'orientation"), ("refuse", "Je refuse l'orientation")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez d'accepter ou de refuser."},
    )
    appointment_at = forms.DateTimeField(
        label="Rendez-vous proposé à la personne (facultatif)",
        required=False,
        widget=DateTimeInput(),
        input_formats=[DATETIME_FORMAT],
    )
    refusal_reason = forms.ChoiceField(
        label="Motif du refus", required=False, choices=[("", "—"), *RefusalReason.choices]
    )
    comment = forms.CharField(
        label="Commentaire pour le professionnel qui oriente",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    by_name = forms.CharField(label="Votre nom et votre fonction", max_length=150)

    def __init__(self, *args, with_name: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_name:
            del self.fields["by_name"]

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision == "refuse":
            if not cleaned.get("refusal_reason"):
                self.add_error("refusal_reason", "Choisissez le motif du refus.")
            elif cleaned["refusal_reason"] == RefusalReason.OTHER and not cleaned.get("comment"):
                self.add_error("comment", "Précisez la raison du refus.")
        appointment = cleaned.get("appointment_at")
        if decision == "accept" and appointment and appointment < timezone.now():
            self.add_error("appointment_at", "Le rendez-vous ne peut pas être dans le passé.")
        return cleaned

    @property
    def accepted(self) -> bool:
        return self.cleaned_data["decision"] == "accept"


class DraftEditForm(forms.Form):
    """The motive (and, for a partner off Tremplin, the address) of a referral not yet sent."""

    motive = forms.CharField(
        label="Motif de l'orientation",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Écrivez le motif de l'orientation."},
    )
    recipient_email = forms.EmailField(label="E-mail du destinataire", required=False)

    def __init__(self, *args, referral, **kwargs):
        kwargs.setdefault(
            "initial", {"motive": referral.motive, "recipient_email": referral.recipient_email}
        )
        super().__init__(*args, **kwargs)
        if referral.partner_uses_tremplin:
            del self.fields["recipient_email"]


def validation_errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class WelcomeForm(forms.Form):
    """The receiving structure takes the person into its follow-up, with the person's
    agreement to be accompanied by it and to open it parts of the common file."""

    accompaniment_channel = forms.ChoiceField(
        label="Comment la personne a accepté d'être accompagnée par votre structure",
        choices=RECORDED_CHANNELS,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Indiquez comment la personne a accepté d'être accompagnée chez vous."
        },
    )
    opened_sections = forms.MultipleChoiceField(
        label="Ce que la personne accepte de vous ouvrir de son dossier commun",
        choices=[(s.value, s.label) for s in COMMON_GATED_SECTIONS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=(
            "Son identité et ses coordonnées vous sont ouvertes. Les autres parties, déjà "
            "renseignées par la structure qui l'oriente, ne le sont qu'avec son accord ; "
            "cochées d'avance : celles qu'elle a acceptées pour l'orientation. La santé et la "
            "justice restent réservées au référent·e et aux responsables. Ce que chaque "
            "structure enregistre elle-même (diagnostic, parcours, documents) reste le sien."
        ),
    )

    def __init__(self, *args, referral, **kwargs):
        shared = set(referral.consent.sections) if referral.consent_id else set()
        kwargs.setdefault(
            "initial",
            {"opened_sections": [s.value for s in COMMON_GATED_SECTIONS if s.value in shared]},
        )
        super().__init__(*args, **kwargs)
