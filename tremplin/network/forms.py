import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from tremplin.core.forms import SiretField
from tremplin.network.labels import choices as di_choices
from tremplin.network.models import PartnerContact, PartnerService, PartnerStructure
from tremplin.network.opening_hours import normalise, parse, to_french
from tremplin.referentials.forms import CommuneField, reconcile_commune
from tremplin.referentials.models import Commune, Thematique, ThematiqueCategory


def https_urls(field, **kwargs):
    """Links typed without a scheme are taken as https (Django 6's default)."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


RADIUS_CHOICES = [(5, "5 km"), (10, "10 km"), (20, "20 km"), (30, "30 km"), (50, "50 km")]


class GroupedBoundField(forms.BoundField):
    @property
    def groups(self):
        """[(group label, [its checkboxes])], following the grouped choices."""
        boxes = iter(self.subwidgets)
        return [(label, [next(boxes) for _ in options]) for label, options in self.field.choices]


class GroupedCheckboxesField(forms.MultipleChoiceField):
    """Checkboxes under the headings of grouped choices (a long list stays readable)."""

    widget = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})

    def __init__(self, **kwargs):
        kwargs.setdefault("template_name", "network/directory/_grouped_checkboxes.html")
        super().__init__(**kwargs)

    def get_bound_field(self, form, field_name):
        return GroupedBoundField(form, self, field_name)


def thematique_choices(empty_label: str | None, *, with_categories: bool = False) -> list:
    """data·inclusion thématiques grouped by catégorie, for a select.

    With `with_categories`, each group starts with the whole catégorie (its code).
    """
    groups: dict[tuple[str, str], list] = {}
    for thematique in Thematique.objects.select_related("category").order_by(
        "category__label", "label"
    ):
        key = (thematique.category.code, thematique.category.label)
        groups.setdefault(key, []).append((thematique.code, thematique.label))
    result = [("", empty_label)] if empty_label is not None else []
    for (code, label), items in groups.items():
        if with_categories:
            items = [(code, f"{label} : tous les besoins"), *items]
        result.append((label, items))
    return result


class DirectorySearchForm(forms.Form):
    thematique = forms.ChoiceField(
        label="Besoin (thématique)",
        required=False,
        help_text="Un besoin précis, ou toute une catégorie.",
    )
    commune = CommuneField(label="Autour de la commune", required=False)
    rayon = forms.TypedChoiceField(
        label="Dans un rayon de", choices=RADIUS_CHOICES, coerce=int, initial=30, required=False
    )
    q = forms.CharField(
        label="Mots-clés",
        max_length=100,
        required=False,
        help_text="Nom du service ou de la structure, fautes tolérées.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thematique"].choices = thematique_choices(
            "Tous les besoins", with_categories=True
        )

    def thematiques(self) -> list[str]:
        """The thématique codes searched: one, or all those of a catégorie."""
        code = self.cleaned_data.get("thematique")
        if not code:
            return []
        if "--" in code:
            return [code]
        return list(Thematique.objects.filter(category_id=code).values_list("code", flat=True))

    def category(self) -> ThematiqueCategory | None:
        code = self.cleaned_data.get("thematique") or ""
        return ThematiqueCategory.objects.filter(pk=code).first() if code else None


OPENING_HOURS_MAX_LENGTH = 500


class OpeningHoursFormMixin:
    """Opening hours typed in French (or OpenStreetMap), stored as OpenStreetMap.

    Hours left as they were are kept, even in a syntax not read here.
    """

    def clean_opening_hours(self):
        typed = self.cleaned_data["opening_hours"].strip()
        if not typed:
            return ""
        if typed == self.instance.opening_hours:
            # Kept as it was, even in a syntax we do not read (from an earlier entry).
            return typed
        value = normalise(typed)
        if value is None:
            raise ValidationError(
                "Horaires non reconnus. Écrivez les jours puis les heures, par exemple "
                "« lundi-vendredi 9h-12h 14h-17h » ou « lun, mer 9h30-12h ; sam 10h-12h »."
            )
        if len(value) > OPENING_HOURS_MAX_LENGTH:
            raise ValidationError("Horaires trop longs : regroupez les jours qui ont les mêmes.")
        return value


class PlaceFormMixin(OpeningHoursFormMixin):
    """The commune typed with suggestions; the postal code checked against it.

    Opening hours are shown in French to be edited.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = self.instance.opening_hours
        rules = parse(stored) if stored else None
        if rules and len(to_french(rules)) <= OPENING_HOURS_MAX_LENGTH:
            self.initial["opening_hours"] = to_french(rules)

    def clean(self):
        super().clean()
        cleaned = reconcile_commune(self)
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None):
            self.add_error("longitude", "Indiquez la latitude et la longitude, ou aucune des deux.")
        if latitude is not None and not -90 <= latitude <= 90:
            self.add_error("latitude", "La latitude est comprise entre -90 et 90.")
        if longitude is not None and not -180 <= longitude <= 180:
            self.add_error("longitude", "La longitude est comprise entre -180 et 180.")
        return cleaned


PLACE_FIELDS = [
    "address",
    "address_complement",
    "postal_code",
    "commune",
    "latitude",
    "longitude",
    "phone",
    "email",
    "opening_hours",
]
PLACE_HELP = {
    "latitude": "Facultatif : sans coordonnées, le centre de la commune est utilisé.",
}


class PartnerStructureForm(PlaceFormMixin, forms.ModelForm):
    commune = CommuneField(label="Commune", required=False)

    class Meta:
        model = PartnerStructure
        formfield_callback = https_urls
        fields = ["name", "siret", "description", "website", *PLACE_FIELDS]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = PLACE_HELP
        field_classes = {"siret": SiretField}

    def clean_siret(self):
        siret = re.sub(r"\s", "", self.cleaned_data["siret"])
        if siret and not re.fullmatch(r"\d{14}", siret):
            raise ValidationError("Le SIRET compte 14 chiffres.")
        return siret

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if len(name) < 3:
            raise ValidationError("Le nom compte au moins 3 caractères.")
        return name


ZONE_CODE = re.compile(r"^(france|\d{2}|2[AB]|97\d|\d{5}|2[AB]\d{3}|\d{9})$", re.IGNORECASE)


class PartnerServiceForm(PlaceFormMixin, forms.ModelForm):
    commune = CommuneField(
        label="Commune",
        required=False,
        help_text="Si le service est rendu ailleurs qu'à l'adresse de la structure.",
    )
    thematiques = GroupedCheckboxesField(
        label="Thématiques",
        help_text="Les besoins auxquels le service répond : cochez-en un ou plusieurs.",
    )
    kind = forms.ChoiceField(label="Type de service", required=False)
    publics = forms.MultipleChoiceField(
        label="Publics", required=False, widget=forms.CheckboxSelectMultiple
    )
    reception_modes = forms.MultipleChoiceField(
        label="Modes d'accueil", required=False, widget=forms.CheckboxSelectMultiple
    )
    mobilisation_modes = forms.MultipleChoiceField(
        label="Comment mobiliser le service", required=False, widget=forms.CheckboxSelectMultiple
    )
    mobilisable_by = forms.MultipleChoiceField(
        label="Mobilisable par", required=False, widget=forms.CheckboxSelectMultiple
    )
    eligibility_zone = forms.CharField(
        label="Zone d'éligibilité",
        required=False,
        help_text=(
            "Codes INSEE de communes, numéros de départements ou SIREN d'EPCI, séparés par "
            "des virgules ; « france » pour tout le pays ; vide : sans restriction."
        ),
    )

    class Meta:
        model = PartnerService
        formfield_callback = https_urls
        fields = [
            "name",
            "description",
            "thematiques",
            "kind",
            "publics",
            "publics_details",
            "access_conditions",
            "fees",
            "fees_details",
            "reception_modes",
            "eligibility_zone",
            "mobilisation_modes",
            "mobilisable_by",
            "mobilisation_details",
            "mobilisation_url",
            "weekly_hours",
            "weeks",
            *PLACE_FIELDS,
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "publics_details": forms.Textarea(attrs={"rows": 2}),
            "access_conditions": forms.Textarea(attrs={"rows": 2}),
            "fees_details": forms.Textarea(attrs={"rows": 2}),
            "mobilisation_details": forms.Textarea(attrs={"rows": 2}),
            "fees": forms.RadioSelect,
        }
        help_texts = PLACE_HELP

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thematiques"].choices = thematique_choices(None)
        self.fields["kind"].choices = [("", "—"), *di_choices("type")]
        self.fields["publics"].choices = di_choices("publics")
        self.fields["reception_modes"].choices = di_choices("modes_accueil")
        self.fields["mobilisation_modes"].choices = di_choices("modes_mobilisation")
        self.fields["mobilisable_by"].choices = di_choices("mobilisable_par")
        self.fields["fees"].choices = [("", "Non précisé"), *PartnerService.Fees.choices]
        if self.instance.pk:
            self.initial["thematiques"] = list(
                self.instance.thematiques.values_list("code", flat=True)
            )
            self.initial["eligibility_zone"] = ", ".join(self.instance.eligibility_zone or [])

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if len(name) < 3:
            raise ValidationError("Le nom compte au moins 3 caractères.")
        return name

    def clean_publics(self):
        publics = self.cleaned_data["publics"]
        if "tous-publics" in publics and len(publics) > 1:
            raise ValidationError("« Tous publics » ne se combine pas avec un autre public.")
        return publics

    def clean_eligibility_zone(self):
        codes = [c.strip() for c in self.cleaned_data["eligibility_zone"].split(",") if c.strip()]
        wrong = [c for c in codes if not ZONE_CODE.match(c)]
        if wrong:
            raise ValidationError(f"Code(s) non reconnu(s) : {', '.join(wrong)}.")
        communes = [c for c in codes if len(c) == 5]
        unknown = set(communes) - set(
            Commune.objects.filter(pk__in=communes).values_list("pk", flat=True)
        )
        if unknown:
            raise ValidationError(f"Commune(s) inconnue(s) : {', '.join(sorted(unknown))}.")
        return [c.lower() if c.lower() == "france" else c.upper() for c in codes]

    def clean_weeks(self):
        weeks = self.cleaned_data["weeks"]
        if weeks is not None and weeks < 1:
            raise ValidationError("Au moins une semaine.")
        return weeks

    def clean(self):
        cleaned = super().clean()
        if "utiliser-lien-mobilisation" in (cleaned.get("mobilisation_modes") or []) and not (
            cleaned.get("mobilisation_url")
        ):
            self.add_error("mobilisation_url", "Indiquez le lien de mobilisation.")
        return cleaned


class PartnerContactForm(forms.ModelForm):
    class Meta:
        model = PartnerContact
        fields = ["first_name", "last_name", "job_title", "email", "phone", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"note": "Visible seulement par votre structure."}


IMPORT_MAX_SIZE = 200 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Fichier data·inclusion",
        help_text="Export JSON (structures et services) ou CSV (un fichier par type).",
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.csv,application/json,text/csv"}),
    )
    dry_run = forms.BooleanField(label="Vérifier seulement, sans rien enregistrer", required=False)
    complete = forms.BooleanField(
        label="Export complet de ses sources : retirer de l'annuaire ce qui n'y figure plus",
        required=False,
        help_text="Seulement pour un export entier (par exemple tout data·inclusion pour une "
        "source) : les fiches de ces sources absentes du fichier deviennent inactives.",
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if not uploaded.name.lower().endswith((".json", ".csv")):
            raise ValidationError("Envoyez un fichier .json ou .csv.")
        if uploaded.size > IMPORT_MAX_SIZE:
            raise ValidationError(
                f"Fichier trop volumineux pour un envoi en ligne "
                f"({IMPORT_MAX_SIZE // (1024 * 1024)} Mo au plus) : demandez "
                "à la personne qui administre votre installation de Tremplin de l'importer "
                "directement sur le serveur."
            )
        return uploaded
