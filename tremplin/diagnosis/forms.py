from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.core.forms import DateInput
from tremplin.diagnosis.actions import DomainData
from tremplin.diagnosis.domains import SEVERITIES, Domain
from tremplin.diagnosis.models import UrgencyItem, ValidationChannel
from tremplin.people.uploads import SCAN_TYPES, check_upload
from tremplin.referentials.models import Thematique

MIN_OBSTACLE_ROWS = 3


class DiagnosisForm(forms.Form):
    """The whole diagnosis on one page: the interview, then one fieldset per life domain."""

    interview_date = forms.DateField(label="Date de l'entretien", widget=DateInput())
    demand = forms.CharField(
        label="La demande, dans les mots de la personne",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    order = forms.ModelChoiceField(
        label="Commande du prescripteur",
        queryset=None,
        required=False,
        empty_label="Aucune commande",
    )
    synthesis = forms.CharField(
        label="Synthèse, rédigée avec la personne",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Ce que vous retenez ensemble : priorités, points d'appui, prochaines étapes.",
    )
    base_number = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self, *args, domains: list[Domain], previous=None, orders=None, person=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.domains = domains
        self.person = person
        self.fields["order"].queryset = orders
        self.fields["order"].label_from_instance = lambda o: (
            f"{o.prescriber_name} — reçue le {o.received_on:%d/%m/%Y} — {o.service_ordered[:60]}"
        )
        self.fields["base_number"].initial = previous.number if previous else 0
        self.fields["interview_date"].initial = timezone.localdate()
        themes = {}
        for thematique in Thematique.objects.order_by("label"):
            themes.setdefault(thematique.category_id, []).append(
                (thematique.code, thematique.label)
            )
        existing = {}
        if previous is not None:
            self.fields["demand"].initial = previous.demand
            self.fields["synthesis"].initial = previous.synthesis
            self.fields["order"].initial = previous.order_id
            existing = {a.domain: a for a in previous.domains.prefetch_related("needs")}
        self.obstacle_rows = {}
        for domain in domains:
            old = existing.get(domain.code)
            for fact in domain.facts:
                name = self._name(domain, fact.key)
                if fact.is_number:
                    field = forms.IntegerField(
                        label=fact.label, required=False, min_value=0, max_value=30
                    )
                else:
                    field = forms.ChoiceField(
                        label=fact.label,
                        required=False,
                        choices=[("", "Non renseigné"), *fact.choices],
                    )
                field.initial = old.facts.get(fact.key) if old else None
                self.fields[name] = field
            self.fields[self._name(domain, "situation")] = forms.CharField(
                label="Situation",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=old.situation if old else "",
            )
            self.fields[self._name(domain, "strengths")] = forms.CharField(
                label="Atouts",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=old.strengths if old else "",
            )
            obstacles = old.obstacles if old else []
            rows = max(MIN_OBSTACLE_ROWS, len(obstacles) + 1)
            self.obstacle_rows[domain.code] = rows
            for index in range(rows):
                current = obstacles[index] if index < len(obstacles) else {}
                self.fields[self._name(domain, f"obstacle_{index}")] = forms.CharField(
                    label=f"Frein {index + 1}",
                    required=False,
                    max_length=200,
                    initial=current.get("label", ""),
                )
                self.fields[self._name(domain, f"severity_{index}")] = forms.ChoiceField(
                    label=f"Importance du frein {index + 1}",
                    required=False,
                    choices=[("", "—"), *SEVERITIES],
                    initial=current.get("severity", ""),
                )
            self.fields[self._name(domain, "needs")] = forms.MultipleChoiceField(
                label="Besoins",
                required=False,
                choices=themes.get(domain.category, []),
                widget=forms.CheckboxSelectMultiple,
                initial=[t.code for t in old.needs.all()] if old else [],
            )

    @staticmethod
    def _name(domain: Domain, key: str) -> str:
        return f"{domain.code}__{key}"

    def domain_groups(self):
        """For the template: each domain with its bound fields, open when it holds data."""
        groups = []
        for domain in self.domains:
            name = lambda key, d=domain: self[self._name(d, key)]  # noqa: E731
            obstacles = [
                (name(f"obstacle_{i}"), name(f"severity_{i}"))
                for i in range(self.obstacle_rows[domain.code])
            ]
            bound = [name(f.key) for f in domain.facts] + [
                name("situation"),
                name("strengths"),
                name("needs"),
            ]
            has_data = any(b.value() not in (None, "", [], ()) for b in bound) or any(
                o.value() for o, _s in obstacles
            )
            has_errors = any(b.errors for b in bound) or any(
                o.errors or s.errors for o, s in obstacles
            )
            groups.append(
                {
                    "domain": domain,
                    "facts": [name(f.key) for f in domain.facts],
                    "situation": name("situation"),
                    "strengths": name("strengths"),
                    "obstacles": obstacles,
                    "needs": name("needs"),
                    "open": has_data or has_errors,
                }
            )
        return groups

    def clean_interview_date(self):
        # The date is shown on every page and document of the diagnosis: a typo must not
        # leave an interview « in 2027 », or before the person was born.
        day = self.cleaned_data["interview_date"]
        if day > timezone.localdate():
            raise ValidationError(
                "La date de l'entretien ne peut pas être dans le futur : notez le diagnostic "
                "une fois l'entretien fait."
            )
        birth = getattr(self.person, "birth_date", None)
        if birth and day <= birth:
            raise ValidationError(
                f"La date de l'entretien précède la naissance de la personne "
                f"({birth:%d/%m/%Y}) : vérifiez-la."
            )
        return day

    def clean(self):
        cleaned = super().clean()
        for domain in self.domains:
            for index in range(self.obstacle_rows[domain.code]):
                label_name = self._name(domain, f"obstacle_{index}")
                severity_name = self._name(domain, f"severity_{index}")
                label, severity = cleaned.get(label_name), cleaned.get(severity_name)
                if label and not severity:
                    self.add_error(severity_name, "Indiquez l'importance de ce frein.")
                elif severity and not label:
                    self.add_error(label_name, "Décrivez le frein, ou retirez son importance.")
        return cleaned

    def domain_data(self) -> dict[str, DomainData]:
        data = {}
        thematiques = {t.code: t for t in Thematique.objects.all()}
        for domain in self.domains:
            get = lambda key, d=domain: self.cleaned_data.get(self._name(d, key))  # noqa: E731
            facts = {f.key: get(f.key) for f in domain.facts if get(f.key) not in (None, "")}
            obstacles = [
                {"label": get(f"obstacle_{i}").strip(), "severity": get(f"severity_{i}")}
                for i in range(self.obstacle_rows[domain.code])
                if get(f"obstacle_{i}")
            ]
            data[domain.code] = DomainData(
                facts=facts,
                situation=get("situation") or "",
                strengths=get("strengths") or "",
                obstacles=obstacles,
                needs=[thematiques[c] for c in get("needs") or []],
            )
        return data


class ValidationForm(forms.Form):
    channel = forms.ChoiceField(
        label="Comment la personne a validé la synthèse",
        # The person validates from their space themself: never recorded by a counselor.
        choices=[c for c in ValidationChannel.choices if c[0] != ValidationChannel.PERSON_SPACE],
    )
    scan = forms.FileField(
        label="Synthèse signée (scan)", required=False, help_text="PDF, JPEG ou PNG, 10 Mo au plus."
    )
    confirm = forms.BooleanField(
        label="La personne a relu la synthèse et l'a validée ; elle en a reçu un exemplaire.",
        required=True,
    )

    def clean(self):
        cleaned = super().clean()
        scan = cleaned.get("scan")
        if cleaned.get("channel") == ValidationChannel.PAPER and not scan:
            self.add_error("scan", "Joignez le scan de la synthèse signée.")
        if scan:
            try:
                check_upload(scan, allowed=SCAN_TYPES)
            except ValidationError as error:
                self.add_error("scan", error)
        return cleaned


class UrgencyCheckForm(forms.Form):
    positives = forms.MultipleChoiceField(
        label="Cochez chaque situation que la personne vit en ce moment",
        choices=UrgencyItem.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    none_confirmed = forms.BooleanField(
        label="J'ai posé chaque question : aucune de ces situations", required=False
    )
    note = forms.CharField(
        label="Ce qui a été fait tout de suite",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        positives, none = cleaned.get("positives"), cleaned.get("none_confirmed")
        if not positives and not none:
            raise ValidationError(
                "Cochez les situations repérées, ou confirmez qu'aucune ne concerne la personne."
            )
        if positives and none:
            raise ValidationError(
                "Vous avez coché une situation et « aucune de ces situations » : corrigez."
            )
        return cleaned


class ResolveAlertForm(forms.Form):
    resolution = forms.CharField(
        label="Ce qui a été fait", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
