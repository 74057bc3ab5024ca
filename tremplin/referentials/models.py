"""National referentials shipped with Tremplin: ROME 4.0, communes, NAF, data·inclusion.

Loaded by `tremplin load_referentials` from `referentials/data/` (see SOURCE.md there).
Codes are the official ones and serve as primary keys, so that a reload never changes them.
"""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.core.search import suggestions
from tremplin.core.text import normalize
from tremplin.core.validators import validate_postal_code_format


class Region(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)

    class Meta:
        verbose_name = _("région")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Department(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departments")

    class Meta:
        verbose_name = _("département")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"


# How people shorten commune names: « St-Nazaire », « Ste Luce ».
COMMUNE_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


class CommuneQuerySet(models.QuerySet):
    def search(self, query: str):
        """By postal code or INSEE code (digits), else by name (accents, case, typos)."""
        query = (query or "").strip()
        if not query:
            return self.none()
        query = " ".join(COMMUNE_ABBREVIATIONS.get(w, w) for w in normalize(query).split()) or query
        if query.isdigit():
            if len(query) == 5:
                return self.filter(models.Q(pk=query) | models.Q(postal_codes__contains=query))
            return self.filter(postal_codes__contains=query)
        return suggestions(self, "search_key", query, order=("-population", "name"))

    def ranked(self, query: str):
        if (query or "").strip().isdigit():
            return self.search(query).order_by("-population", "name")
        return self.search(query)


class Epci(models.Model):
    """An EPCI à fiscalité propre (communauté de communes, agglomération, métropole…)."""

    siren = models.CharField(_("SIREN"), max_length=9, primary_key=True)
    name = models.CharField(_("nom"), max_length=150)
    kind = models.CharField(_("type"), max_length=5, blank=True)  # CC, CA, CU, METRO, MET69

    class Meta:
        verbose_name = _("EPCI")
        verbose_name_plural = _("EPCI")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Commune(models.Model):
    class Kind(models.TextChoices):
        COMMUNE = "commune", _("Commune")
        ARRONDISSEMENT = "arrondissement", _("Arrondissement municipal")

    code = models.CharField(_("code INSEE"), max_length=5, primary_key=True)
    name = models.CharField(_("nom"), max_length=150)
    search_key = models.CharField(max_length=150, db_index=True, editable=False)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="arrondissements"
    )
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="communes")
    postal_codes = models.CharField(_("codes postaux"), max_length=200, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    epci_siren = models.CharField(_("SIREN de l'EPCI"), max_length=9, blank=True)
    employment_zone_code = models.CharField(_("zone d'emploi"), max_length=6, blank=True)
    employment_zone_name = models.CharField(
        _("libellé de la zone d'emploi"), max_length=150, blank=True
    )
    bmo_basin_code = models.CharField(_("bassin d'emploi BMO"), max_length=6, blank=True)
    bmo_basin_name = models.CharField(_("libellé du bassin BMO"), max_length=150, blank=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = _("commune")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.department_id})"

    def save(self, *args, **kwargs):
        self.search_key = normalize(self.name)
        super().save(*args, **kwargs)

    @property
    def postal_code_list(self) -> list[str]:
        return [c for c in self.postal_codes.split("|") if c]

    @property
    def label(self) -> str:
        """'Morlaix — 29600 (29151)': what the autocomplete shows and the form reads back."""
        codes = ", ".join(self.postal_code_list[:3])
        return f"{self.name} — {codes} ({self.code})" if codes else f"{self.name} ({self.code})"


class PostalAddress(models.Model):
    """An address in France: street, postal code and commune, checked against each other."""

    address = models.CharField(_("adresse"), max_length=255, blank=True)
    postal_code = models.CharField(
        _("code postal"), max_length=5, blank=True, validators=[validate_postal_code_format]
    )
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True

    def address_errors(self) -> dict:
        """{"postal_code": message} when the postal code is not one of the commune's. A
        malformed postal code already has its own message (the field's validator): comparing
        it with the commune's would only add noise."""
        if (
            self.commune_id
            and re.fullmatch(r"[0-9]{5}", self.postal_code or "")
            and self.postal_code not in self.commune.postal_code_list
        ):
            return {
                "postal_code": _(
                    "Ce code postal ne correspond pas à la commune choisie (%(codes)s)."
                )
                % {"codes": ", ".join(self.commune.postal_code_list) or "—"}
            }
        return {}


class NafCode(models.Model):
    """One node of NAF rév. 2: section, division, groupe, classe or sous-classe."""

    class Level(models.IntegerChoices):
        SECTION = 1, _("Section")
        DIVISION = 2, _("Division")
        GROUP = 3, _("Groupe")
        CLASS = 4, _("Classe")
        SUBCLASS = 5, _("Sous-classe")

    code = models.CharField(_("code"), max_length=6, primary_key=True)
    label = models.CharField(_("libellé"), max_length=255)
    level = models.PositiveSmallIntegerField(_("niveau"), choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("code NAF")
        verbose_name_plural = _("codes NAF")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.label}"


class RomeGrandDomain(models.Model):
    code = models.CharField(max_length=1, primary_key=True)
    label = models.CharField(_("libellé"), max_length=255)

    class Meta:
        verbose_name = _("grand domaine ROME")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.label}"


class RomeDomain(models.Model):
    code = models.CharField(max_length=3, primary_key=True)
    label = models.CharField(_("libellé"), max_length=255)
    grand_domain = models.ForeignKey(
        RomeGrandDomain, on_delete=models.PROTECT, related_name="domains"
    )

    class Meta:
        verbose_name = _("domaine professionnel ROME")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.label}"


class RomeFiche(models.Model):
    """A fiche métier of ROME 4.0, e.g. K1801 « Conseiller / Conseillère en insertion professionnelle »."""

    code = models.CharField(_("code ROME"), max_length=5, primary_key=True)
    label = models.CharField(_("libellé"), max_length=255)
    domain = models.ForeignKey(RomeDomain, on_delete=models.PROTECT, related_name="fiches")
    ogr = models.CharField(_("code OGR"), max_length=10, blank=True)
    parent_v3_code = models.CharField(_("fiche ROME v3 d'origine"), max_length=5, blank=True)
    is_regulated = models.BooleanField(_("emploi réglementé"), default=False)
    is_executive = models.BooleanField(_("emploi cadre"), default=False)
    definition = models.TextField(_("définition"), blank=True)
    access = models.TextField(_("accès au métier"), blank=True)
    related = models.ManyToManyField(
        "self", through="RomeMobility", symmetrical=False, related_name="related_from"
    )

    class Meta:
        verbose_name = _("fiche métier ROME")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.label}"


class RomeAppellationQuerySet(models.QuerySet):
    def search(self, query: str):
        if not (query or "").strip():
            return self.none()
        return suggestions(self, "search_key", query, order=("label",))

    def ranked(self, query: str):
        return (
            self.filter(is_rarely_used=False)
            .search(query)
            .select_related("fiche")
            .with_label_clash()
        )

    def with_label_clash(self):
        """Annotate `label_clash`: another appellation of the same fiche has the same
        normalised label (8 pairs in ROME 4.0), so « intitulé — fiche » does not name it alone."""
        twins = RomeAppellation.objects.filter(
            fiche_id=models.OuterRef("fiche_id"), search_key=models.OuterRef("search_key")
        ).exclude(pk=models.OuterRef("pk"))
        return self.annotate(label_clash=models.Exists(twins))


class RomeAppellation(models.Model):
    """A job title (appellation), attached to one fiche. The OGR code is stable across versions."""

    code = models.CharField(_("code OGR"), max_length=10, primary_key=True)
    label = models.CharField(_("libellé"), max_length=255)
    short_label = models.CharField(_("libellé court"), max_length=255)
    search_key = models.CharField(max_length=255, db_index=True, editable=False)
    fiche = models.ForeignKey(RomeFiche, on_delete=models.PROTECT, related_name="appellations")
    is_main = models.BooleanField(_("appellation principale de la fiche"), default=False)
    is_rarely_used = models.BooleanField(_("peu usitée"), default=False)

    objects = RomeAppellationQuerySet.as_manager()

    class Meta:
        verbose_name = _("appellation ROME")
        ordering = ["label"]

    def __str__(self):
        return self.label

    @property
    def display_with_code(self) -> str:
        """'Maçon / Maçonne — F1703': what the autocomplete shows and the form reads back.

        The label and the fiche code name one appellation, except for the few pairs of a
        fiche whose labels only differ by accents, hyphens or nothing at all: those keep
        their OGR code in brackets ('Chef / Cheffe de publicité — E1401 (12262)'), so that
        picking one of them stays exact.
        """
        label = f"{self.label} — {self.fiche_id}"
        clash = getattr(self, "label_clash", None)
        if clash is None:
            clash = (
                RomeAppellation.objects.filter(fiche_id=self.fiche_id, search_key=self.search_key)
                .exclude(pk=self.pk)
                .exists()
            )
        return f"{label} ({self.code})" if clash else label


class RomeSkill(models.Model):
    class Kind(models.TextChoices):
        KNOW_HOW = "savoir_faire", _("Savoir-faire")
        SOFT_SKILL = "savoir_etre", _("Savoir-être professionnel")
        KNOWLEDGE = "savoir", _("Savoir")

    code = models.CharField(_("code OGR"), max_length=10, primary_key=True)
    label = models.CharField(_("libellé"), max_length=500)
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    category = models.CharField(_("catégorie"), max_length=150, blank=True)
    is_macro = models.BooleanField(_("macro-compétence"), default=False)

    class Meta:
        verbose_name = _("compétence ROME")
        ordering = ["label"]

    def __str__(self):
        return self.label


class RomeFicheSkill(models.Model):
    fiche = models.ForeignKey(RomeFiche, on_delete=models.CASCADE, related_name="skill_links")
    skill = models.ForeignKey(RomeSkill, on_delete=models.CASCADE, related_name="fiche_links")
    is_core = models.BooleanField(_("cœur de métier"), default=False)

    class Meta:
        verbose_name = _("compétence d'une fiche")
        constraints = [
            models.UniqueConstraint(fields=["fiche", "skill"], name="unique_fiche_skill"),
        ]

    def __str__(self):
        return f"{self.fiche_id} — {self.skill_id}"


class RomeMobility(models.Model):
    """A related job suggested by ROME for a fiche (« mobilité »), with its rank."""

    source = models.ForeignKey(RomeFiche, on_delete=models.CASCADE, related_name="mobilities")
    target = models.ForeignKey(RomeFiche, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rang"))

    class Meta:
        verbose_name = _("mobilité ROME")
        ordering = ["source", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="unique_rome_mobility"),
        ]

    def __str__(self):
        return f"{self.source_id} → {self.target_id}"


class ThematiqueCategory(models.Model):
    """A data·inclusion catégorie (e.g. « Mobilité »)."""

    code = models.CharField(max_length=100, primary_key=True)
    label = models.CharField(_("libellé"), max_length=255)

    class Meta:
        verbose_name = _("catégorie data·inclusion")
        verbose_name_plural = _("catégories data·inclusion")
        ordering = ["label"]

    def __str__(self):
        return self.label


class Thematique(models.Model):
    """A data·inclusion thématique (e.g. « mobilite--obtenir-le-permis-de-conduire »)."""

    code = models.CharField(max_length=150, primary_key=True)
    label = models.CharField(_("libellé"), max_length=255)
    category = models.ForeignKey(
        ThematiqueCategory, on_delete=models.PROTECT, related_name="thematiques"
    )

    class Meta:
        verbose_name = _("thématique data·inclusion")
        verbose_name_plural = _("thématiques data·inclusion")
        ordering = ["category__label", "label"]

    def __str__(self):
        return self.label


class HiringIntention(models.Model):
    """One line of France Travail's survey « Besoins en main-d'œuvre » (BMO): the
    recruitment projects that employers of one employment basin declared for the year in
    one occupation (a FAP 2021 family, not a ROME fiche). A basin that spans departments
    has one line per department: its figures are their sum. A count the survey withholds
    (statistical secrecy, « * » in the file) is None, never 0."""

    year = models.PositiveSmallIntegerField(_("année"))
    basin_code = models.CharField(_("bassin d'emploi BMO"), max_length=6)
    basin_name = models.CharField(_("bassin d'emploi"), max_length=150)
    department_code = models.CharField(_("département"), max_length=3)
    occupation_code = models.CharField(_("code métier BMO"), max_length=6)
    occupation = models.CharField(_("métier"), max_length=200)
    family_code = models.CharField(_("code de la famille de métiers"), max_length=2)
    family = models.CharField(_("famille de métiers"), max_length=120)
    projects = models.PositiveIntegerField(_("projets de recrutement"), null=True, blank=True)
    difficult = models.PositiveIntegerField(_("dont jugés difficiles"), null=True, blank=True)
    seasonal = models.PositiveIntegerField(_("dont saisonniers"), null=True, blank=True)

    class Meta:
        verbose_name = _("besoin en main-d'œuvre (BMO)")
        verbose_name_plural = _("besoins en main-d'œuvre (BMO)")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "basin_code", "department_code", "occupation_code"],
                name="bmo_one_line_per_basin",
            )
        ]
        indexes = [
            models.Index(fields=["year", "department_code"], name="bmo_department"),
            models.Index(fields=["year", "occupation_code"], name="bmo_occupation"),
        ]

    def __str__(self):
        return f"{self.occupation} — {self.basin_name} ({self.year})"
