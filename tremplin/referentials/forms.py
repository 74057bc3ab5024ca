"""Form fields that pick a referential entry by typing (with a datalist of suggestions).

The text typed is resolved on the server, so the fields work without JavaScript: a commune's
suggestion label ends with its INSEE code in brackets; a job's is « intitulé — fiche ROME »,
which names one appellation; otherwise a unique exact match by name is accepted, and an
ambiguous entry asks the user to choose from the list.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy

from tremplin.core.text import normalize
from tremplin.referentials.models import Commune, RomeAppellation

_CODE_IN_BRACKETS = re.compile(r"\(([0-9A-Z]{2,10})\)\s*$")
# 'Maçon / Maçonne — F1703', formerly followed by the OGR code: 'Maçon / Maçonne — F1703 (16250)'.
_APPELLATION_LABEL = re.compile(
    r"(?P<label>.*?)\s*—\s*(?P<fiche>[A-Z][0-9]{4})\s*(?:\((?P<ogr>[0-9]{1,10})\))?\s*"
)


class SuggestInput(forms.TextInput):
    """A text input with a datalist that htmx fills as the user types."""

    template_name = "referentials/suggest_input.html"

    def __init__(self, url, attrs=None):
        self.url = url
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        list_id = f"{context['widget']['attrs'].get('id', name)}-suggestions"
        context["widget"]["attrs"].update(
            {
                "list": list_id,
                "autocomplete": "off",
                "hx-get": str(self.url),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": f"#{list_id}",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
            }
        )
        context["widget"]["list_id"] = list_id
        return context


def _split_label(value: str) -> tuple[str | None, str]:
    """'Morlaix — 29600 (29151)' -> ('29151', 'Morlaix')."""
    match = _CODE_IN_BRACKETS.search(value)
    code = match.group(1) if match else None
    name = _CODE_IN_BRACKETS.sub("", value).split("—")[0].strip()
    return code, name


class ReferentialField(forms.Field):
    """A referential entry typed with suggestions, resolved on the server.

    The suggestion label ends with the code in brackets; otherwise the one candidate whose
    normalised name is exactly what was typed is taken, and anything else asks the user
    to choose from the list.
    """

    suggestions_url = ""
    unknown_message = ""
    ambiguous_message = ""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", SuggestInput(reverse_lazy(self.suggestions_url)))
        super().__init__(**kwargs)

    def by_code(self, code: str):
        raise NotImplementedError

    def candidates(self, name: str) -> list:
        raise NotImplementedError

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        code, name = _split_label(value)
        if code and (found := self.by_code(code)) is not None:
            return found
        candidates = self.candidates(name)
        if name.isdigit():
            exact = candidates  # a postal code names its communes exactly
        else:
            exact = [c for c in candidates if c.search_key == normalize(name)]
        if len(exact) == 1:
            return exact[0]
        if not candidates:
            raise ValidationError(self.unknown_message, code="unknown")
        raise ValidationError(self.ambiguous_message, code="ambiguous")


class CommuneField(ReferentialField):
    suggestions_url = "referentials:communes"
    unknown_message = "Commune introuvable : vérifiez l'orthographe ou tapez le code postal."
    ambiguous_message = (
        "Plusieurs communes correspondent : choisissez dans la liste proposée "
        "(nom, code postal et code INSEE)."
    )

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", "Tapez le nom ou le code postal, puis choisissez dans la liste."
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Commune):
            return value.label
        if isinstance(value, str) and re.fullmatch(r"[0-9][0-9AB][0-9]{3}", value):
            commune = self.by_code(value)
            return commune.label if commune else value
        return value

    def by_code(self, code):
        return Commune.objects.filter(pk=code).first()

    def candidates(self, name):
        return list(Commune.objects.ranked(name)[:10])


class AppellationField(ReferentialField):
    """One ROME appellation, typed as « intitulé — fiche ROME » ('Maçon / Maçonne — F1703').

    The label and the fiche code name the appellation; a label picked before the OGR code
    left the forms ('Maçon / Maçonne — F1703 (16250)') is still read by that code, when the
    label and fiche beside it are the appellation's. A bare label is taken when one
    appellation alone has it. Two appellations of one fiche with the same label
    (a handful in ROME 4.0) are never picked by label: they are shown with their OGR code.
    """

    suggestions_url = "referentials:appellations"
    unknown_message = "Métier introuvable dans le ROME : essayez un autre intitulé."
    ambiguous_message = "Plusieurs métiers correspondent : choisissez dans la liste proposée."

    def prepare_value(self, value):
        if isinstance(value, RomeAppellation):
            return value.display_with_code
        if isinstance(value, (str, int)) and str(value).isdigit():
            # A model form gives the field the appellation's code.
            found = self.by_code(str(value))
            return found.display_with_code if found else value
        return value

    def by_code(self, code):
        return RomeAppellation.objects.filter(pk=code).select_related("fiche").first()

    def candidates(self, name):
        return list(RomeAppellation.objects.ranked(name)[:10])

    def _one(self, queryset):
        found = list(queryset.select_related("fiche")[:2])
        if len(found) > 1:
            raise ValidationError(self.ambiguous_message, code="ambiguous")
        return found[0] if found else None

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        name = value
        if match := _APPELLATION_LABEL.fullmatch(value):
            name = match["label"]
            key = normalize(name)
            if match["ogr"]:
                # An OGR code is only believed with its own label and fiche beside it: a
                # label typed over an old one must not be replaced by the code left behind.
                found = self.by_code(match["ogr"])
                if found and found.fiche_id == match["fiche"] and found.search_key == key:
                    return found
            if key:
                found = self._one(
                    RomeAppellation.objects.filter(fiche_id=match["fiche"], search_key=key)
                )
                if found is not None:
                    return found
        key = normalize(name)
        if key and (found := self._one(RomeAppellation.objects.filter(search_key=key))):
            return found
        if not key or not self.candidates(name):
            raise ValidationError(self.unknown_message, code="unknown")
        raise ValidationError(self.ambiguous_message, code="ambiguous")


class SelectedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes for the chosen entries only (unticking one removes it).

    The field's queryset may be a whole referential: only the selected rows are loaded.
    """

    def __init__(self, model, label_attr="display_with_code", attrs=None):
        self.model = model
        self.label_attr = label_attr
        super().__init__(attrs)

    def optgroups(self, name, value, attrs=None):
        codes = [str(v) for v in value if v]
        queryset = self.model.objects.filter(pk__in=codes)
        if hasattr(queryset, "with_label_clash"):
            queryset = queryset.with_label_clash()
        rows = {str(r.pk): r for r in queryset}
        groups = []
        for index, code in enumerate(c for c in codes if c in rows):
            label = getattr(rows[code], self.label_attr)
            option = self.create_option(name, code, label, True, index, attrs=attrs)
            groups.append((None, [option], index))
        return groups


def reconcile_commune(form, commune_field: str = "commune", postal_field: str = "postal_code"):
    """Make a form's commune and postal code agree (call from ``clean``).

    A name shared by several communes (« Saint-Nazaire ») is resolved by the postal code
    typed beside it (44600); a postal code that is not the commune's is refused; an empty
    postal code takes the commune's first one; an empty commune takes the postal code's, when
    that code is a single commune's.
    """
    cleaned = form.cleaned_data
    postal_code = (cleaned.get(postal_field) or "").strip()
    errors = form.errors.get(commune_field)
    if errors is not None and postal_code:
        if all(error.code == "ambiguous" for error in errors.as_data()):
            _code, name = _split_label(form.data.get(form.add_prefix(commune_field), ""))
            matches = [
                commune
                for commune in Commune.objects.filter(
                    search_key=normalize(name), postal_codes__contains=postal_code
                )
                if postal_code in commune.postal_code_list
            ]
            if len(matches) == 1:
                del form.errors[commune_field]
                cleaned[commune_field] = matches[0]
    commune = cleaned.get(commune_field)
    # A malformed postal code gets its own message from the model's validator.
    well_formed = re.fullmatch(r"[0-9]{5}", postal_code) is not None
    if commune and well_formed and postal_code not in commune.postal_code_list:
        form.add_error(
            postal_field,
            "Ce code postal ne correspond pas à la commune choisie "
            f"({', '.join(commune.postal_code_list) or '—'}).",
        )
    if commune and not postal_code and commune.postal_code_list:
        cleaned[postal_field] = commune.postal_code_list[0]
    if not commune and well_formed and commune_field not in form.errors:
        # A postal code typed without its commune: when it is a single commune's, take it.
        only = communes_of_postal_code(postal_code)
        if len(only) == 1:
            cleaned[commune_field] = only[0]
    return cleaned


def communes_of_postal_code(postal_code: str) -> list[Commune]:
    """The communes (not the arrondissements of Paris, Lyon, Marseille) served by a postal
    code: one for 44600 (Saint-Nazaire), several for a code shared by villages."""
    return [
        commune
        for commune in Commune.objects.filter(
            kind=Commune.Kind.COMMUNE, postal_codes__contains=postal_code
        )[:20]
        if postal_code in commune.postal_code_list
    ]
