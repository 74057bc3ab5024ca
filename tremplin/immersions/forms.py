from decimal import Decimal

from django import forms

from tremplin.core.forms import DateInput, SiretField, VersionedModelForm
from tremplin.immersions.actions import limit_errors
from tremplin.immersions.enums import IN_PERSON_CHANNELS, WEEKDAYS, SignatureChannel
from tremplin.immersions.limits import ENDS_BEFORE_START, WEEKDAY_FIELDS
from tremplin.immersions.models import Immersion, ImmersionReview
from tremplin.people.uploads import SCAN_TYPES, check_upload
from tremplin.referentials.forms import AppellationField, CommuneField
from tremplin.referentials.models import RomeSkill


def add_validation_errors(form: forms.Form, error) -> None:
    """Put a model or workflow ValidationError on the form's fields (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def _hours_field(label):
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(0),
        max_digits=4,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
        error_messages={"invalid": "Indiquez un nombre d'heures (par exemple 7 ou 7,5)."},
    )


class ImmersionForm(VersionedModelForm):
    company_commune = CommuneField(label="Commune du lieu de l'immersion")
    appellation = AppellationField(
        label="Métier observé (appellation ROME)",
        help_text="Tapez un intitulé de métier, puis choisissez dans la liste.",
    )

    class Meta:
        model = Immersion
        fields = [
            "beneficiary_status",
            "company",
            "company_name",
            "siret",
            "naf_code",
            "company_address",
            "company_postal_code",
            "company_commune",
            "company_weekly_hours",
            "tutor_name",
            "tutor_function",
            "tutor_phone",
            "tutor_email",
            "objective",
            "appellation",
            "starts_on",
            "ends_on",
            "schedule_note",
            "tasks",
            "skills_to_observe",
            "risks",
            "protective_equipment",
            "needs_medical_surveillance",
            "accident_cover",
            "liability_insurance",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "tasks": forms.Textarea(attrs={"rows": 3}),
            "skills_to_observe": forms.Textarea(attrs={"rows": 3}),
            "risks": forms.Textarea(attrs={"rows": 2}),
            "protective_equipment": forms.Textarea(attrs={"rows": 2}),
            "tutor_phone": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
        }
        field_classes = {"siret": SiretField}

    # Fields shown by group on the page (the template walks these).
    GROUPS = [
        ("La personne", ["beneficiary_status"]),
        (
            "La structure d'accueil",
            [
                "company_name",
                "siret",
                "naf_code",
                "company_address",
                "company_postal_code",
                "company_commune",
                "company_weekly_hours",
            ],
        ),
        ("Le tuteur ou la tutrice", ["tutor_name", "tutor_function", "tutor_phone", "tutor_email"]),
        ("L'objet", ["objective", "appellation", "tasks", "skills_to_observe"]),
        ("Les dates", ["starts_on", "ends_on"]),
        (
            "Les heures de présence par jour (48 h par semaine, 10 h par jour au plus)",
            WEEKDAY_FIELDS,
        ),
        ("Les horaires", ["schedule_note"]),
        (
            "La prévention et l'assurance",
            [
                "risks",
                "protective_equipment",
                "needs_medical_surveillance",
                "accident_cover",
                "liability_insurance",
            ],
        ),
    ]

    def __init__(self, *args, companies=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the companies of the user's structure (employers' file), if the role sees it.
        if companies is None or not companies.exists():
            del self.fields["company"]
        else:
            self.fields["company"].queryset = companies.order_by("name")
            self.fields[
                "company"
            ].help_text = (
                "Facultatif : reliez la convention à l'entreprise de votre fichier entreprises."
            )
        for name, day in zip(WEEKDAY_FIELDS, WEEKDAYS, strict=True):
            self.fields[name] = _hours_field(day)
            self.fields[name].initial = (
                self.instance.daily_hours[WEEKDAY_FIELDS.index(name)] or None
            )
        self.fields["company_postal_code"].label = "Code postal du lieu de l'immersion"
        self.fields["company_postal_code"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off"}
        )
        self.fields[
            "company_postal_code"
        ].help_text = "Repris de l'entreprise, ou de la commune quand elle n'en a qu'un."
        for name in ("risks", "liability_insurance"):
            self.fields[name].help_text = "À remplir avant d'envoyer la convention à signer."
        self.fields["company_commune"].required = True
        self.fields["appellation"].required = True
        self.fields[
            "siret"
        ].help_text = "14 chiffres, sur l'avis de situation Sirene ou un bulletin de paie."

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            # Said here, on the field, before the model's check constraint would say it in
            # its own words at the top of the form.
            self.add_error("ends_on", ENDS_BEFORE_START)
        commune, code = cleaned.get("company_commune"), cleaned.get("company_postal_code", "")
        if commune is not None:
            codes = commune.postal_code_list
            if code and codes and code not in codes:
                self.add_error(
                    "company_postal_code",
                    f"Ce code postal ne correspond pas à la commune choisie ({', '.join(codes)}).",
                )
            elif not code and len(codes) == 1:
                # One postal code for the commune: the address is written in full.
                cleaned["company_postal_code"] = codes[0]
        return cleaned

    def _post_clean(self):
        hours = [self.cleaned_data.get(name) or Decimal(0) for name in WEEKDAY_FIELDS]
        self.instance.schedule = [str(h.normalize()) for h in hours]
        super()._post_clean()
        if self.errors.keys() & {"starts_on", "ends_on", *WEEKDAY_FIELDS}:
            return
        for field, messages in limit_errors(self.instance).items():
            target = (
                field if field in self.fields else ("hours_mon" if field == "schedule" else None)
            )
            for message in messages:
                self.add_error(target, message)


class SignForm(forms.Form):
    signer_name = forms.CharField(
        label="Votre nom et votre prénom",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Saisissez votre nom et votre prénom."},
    )
    accept = forms.BooleanField(
        label="J'ai lu la convention ci-dessus et je l'accepte : je la signe.",
        error_messages={"required": "Cochez la case pour signer la convention."},
    )
    content_sha256 = forms.CharField(widget=forms.HiddenInput)


class InPersonSignForm(forms.Form):
    """The person (or the tutor) signs before the counselor: on screen or on paper."""

    channel = forms.ChoiceField(
        label="Comment la convention est signée",
        choices=[(c.value, c.label) for c in IN_PERSON_CHANNELS],
        widget=forms.RadioSelect,
        initial=SignatureChannel.SCREEN,
    )
    signer_name = forms.CharField(
        label="Nom et prénom du ou de la signataire",
        max_length=150,
        help_text="À l'écran, la personne tape elle-même son nom. Sur papier, recopiez le nom "
        "qui figure sous la signature.",
        error_messages={"required": "Saisissez le nom et le prénom du ou de la signataire."},
    )
    accept = forms.BooleanField(
        label="J'ai lu la convention ci-dessus et je l'accepte : je la signe.",
        required=False,
        help_text="À l'écran : la personne coche elle-même la case.",
    )
    # The drawn signature (PNG data URL) filled by the signature pad; optional.
    drawing = forms.CharField(widget=forms.HiddenInput, required=False)
    scan = forms.FileField(
        label="Convention signée sur papier (scan)",
        required=False,
        help_text="PDF, JPEG ou PNG, 10 Mo au plus : toutes les pages, avec la signature.",
    )
    content_sha256 = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        channel = cleaned.get("channel")
        if channel == SignatureChannel.SCREEN and not cleaned.get("accept"):
            self.add_error("accept", "La personne coche la case pour signer la convention.")
        scan = cleaned.get("scan")
        if channel == SignatureChannel.PAPER and not scan:
            self.add_error("scan", "Joignez le scan de la convention signée.")
        if scan and channel == SignatureChannel.PAPER:
            try:
                check_upload(scan, allowed=SCAN_TYPES)
            except forms.ValidationError as error:
                self.add_error("scan", error)
        return cleaned


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CloseForm(VersionForm):
    reason = forms.CharField(
        label="Motif",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Indiquez le motif."},
    )


class ReviewForm(forms.ModelForm):
    class Meta:
        model = ImmersionReview
        fields = [
            "held_on",
            "tasks_done",
            "skills_observed",
            "skills_other",
            "tutor_assessment",
            "person_opinion",
            "outcome",
        ]
        widgets = {
            "held_on": DateInput(),
            "tasks_done": forms.Textarea(attrs={"rows": 3}),
            "skills_other": forms.Textarea(attrs={"rows": 2}),
            "tutor_assessment": forms.Textarea(attrs={"rows": 3}),
            "person_opinion": forms.Textarea(attrs={"rows": 3}),
            "skills_observed": forms.CheckboxSelectMultiple,
            "outcome": forms.RadioSelect,
        }

    def __init__(self, *args, immersion, **kwargs):
        super().__init__(*args, **kwargs)
        fiche = immersion.appellation.fiche_id if immersion.appellation_id else None
        self.fields["skills_observed"].queryset = RomeSkill.objects.filter(
            fiche_links__fiche_id=fiche
        ).order_by("label")
        self.fields[
            "skills_observed"
        ].help_text = "Les compétences de la fiche ROME du métier observé."


def company_initial(company) -> dict:
    """The host fields prefilled from a company of the employers' file (and its first
    active contact with an e-mail as the tutor)."""
    initial = {
        "company": company.pk,
        "company_name": company.name,
        "siret": company.siret,
        "naf_code": company.naf_id or "",
        "company_address": company.address,
        "company_postal_code": company.postal_code,
        "company_commune": company.commune,
    }
    contact = company.contacts.filter(is_active=True).exclude(email="").order_by("pk").first()
    if contact is not None:
        initial.update(
            {
                "tutor_name": f"{contact.first_name} {contact.last_name}".strip(),
                "tutor_function": contact.role,
                "tutor_phone": contact.phone,
                "tutor_email": contact.email,
            }
        )
    return initial
