from django import forms

from tremplin.referentials.forms import CommuneField
from tremplin.referentials.models import Thematique

RADIUS_CHOICES = [(5, "5 km"), (10, "10 km"), (20, "20 km"), (30, "30 km"), (50, "50 km")]


def thematique_choices(empty_label: str) -> list:
    """data·inclusion thématiques grouped by catégorie, for a select."""
    groups: dict[str, list] = {}
    for thematique in Thematique.objects.select_related("category").order_by(
        "category__label", "label"
    ):
        groups.setdefault(thematique.category.label, []).append((thematique.code, thematique.label))
    return [("", empty_label), *groups.items()]


class DirectorySearchForm(forms.Form):
    thematique = forms.ChoiceField(label="Besoin (thématique)", required=False)
    commune = CommuneField(label="Autour de la commune", required=False)
    rayon = forms.TypedChoiceField(
        label="Dans un rayon de", choices=RADIUS_CHOICES, coerce=int, initial=30, required=False
    )
    q = forms.CharField(label="Mots-clés", max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thematique"].choices = thematique_choices("Tous les besoins")
