"""The archive of one person's data held by one structure (art. 15 and 20 RGPD).

What goes in is not listed by hand: every model of the privacy inventory whose rows belong
to the person's file is walked, and only the rows of the structure that answers (the
controller) are kept, so that a model added later is exported without anyone declaring it
and nothing of another structure ever leaves. The archive holds:

- `donnees.json`: the data, machine-readable (portability): each field by its name, with
  its French label and, for a choice, the label of the value;
- `synthese.pdf`: the same, in plain French, section by section (right of access);
- `documents/`: the files of the structure's documents (not the deleted ones);
- `signatures/`: the drawn signatures kept with the file;
- `LISEZMOI.txt`: what each part is.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import io
import json
import re
import uuid
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.http import HttpResponse
from django.utils import timezone

from tremplin.audit.models import AccessLog
from tremplin.core.permissions import Section
from tremplin.privacy.inventory import Holder, holders

FORMAT_VERSION = 1

# Which part of the file each app's rows belong to (for the reading log and the PDF).
SECTION_OF_APP = {
    "people": Section.IDENTITY,
    "reception": Section.RECEPTION,
    "diagnosis": Section.DIAGNOSIS,
    "network": Section.REFERRALS,
    "agenda": Section.AGENDA,
    "workshops": Section.AGENDA,
    "pathways": Section.PATHWAY,
    "fse": Section.PATHWAY,
    "projects": Section.PROJECT,
    "matching": Section.PROJECT,
    "immersions": Section.IMMERSION,
    "employment": Section.EMPLOYMENT,
    "rights": Section.SITUATION,
    "portal": Section.IDENTITY,
    "dataexport": Section.IDENTITY,
}
SECTION_OF_MODEL = {
    "people.Consent": Section.CONSENTS,
    "people.Document": Section.DOCUMENTS,
    "projects.TargetJobHealth": Section.HEALTH,
}
# Parts of the file every archive reads, whatever rows there are.
ALWAYS_READ = (
    Section.IDENTITY,
    Section.SITUATION,
    Section.HEALTH,
    Section.JUSTICE,
    Section.DOCUMENTS,
    Section.CONSENTS,
    Section.ACCESS_LOG,
)

# Fields that are not the person's data but the machinery's: link secrets, search keys,
# optimistic-lock counters, the NIR's hash (never shown anywhere).
SKIPPED_FIELDS = {"search_key", "version", "nir_hash", "public_id"}
SECRET_PARTS = ("nonce", "token", "secret", "epoch", "password")


def section_of(holder: Holder) -> Section:
    return SECTION_OF_MODEL.get(holder.label) or SECTION_OF_APP.get(
        holder.model._meta.app_label, Section.IDENTITY
    )


def _is_exported(field) -> bool:
    return field.name not in SKIPPED_FIELDS and not any(p in field.name for p in SECRET_PARTS)


def _clean_json(value):
    """A JSON field's value without any key that looks like a secret."""
    if isinstance(value, dict):
        return {
            k: _clean_json(v)
            for k, v in value.items()
            if k not in SKIPPED_FIELDS and not any(p in str(k) for p in SECRET_PARTS)
        }
    if isinstance(value, list):
        return [_clean_json(v) for v in value]
    return value


def _safe_name(name: str) -> str:
    name = re.sub(r"[^\w.\- ]+", "_", name, flags=re.UNICODE).strip(" .") or "fichier"
    return name[:120]


@dataclass
class Value:
    """One field of one row: its name, French label, value for JSON and text for the PDF."""

    name: str
    label: str
    data: object
    text: str
    choice_label: str | None = None

    def as_json(self) -> dict:
        item = {"libelle": self.label, "valeur": self.data}
        if self.choice_label is not None:
            item["libelle_valeur"] = self.choice_label
        return item


@dataclass
class Row:
    pk: int
    values: list[Value]
    file: str | None = None  # path in the archive of the row's file, if any


@dataclass
class Part:
    holder: Holder
    section: Section
    rows: list[Row]

    @property
    def title(self) -> str:
        # Django's own plural only adds an « s » (« version du diagnostics »): the singular,
        # unless the model says its plural.
        meta = self.holder.model._meta
        if "verbose_name_plural" in meta.original_attrs:
            return str(meta.verbose_name_plural)
        return str(meta.verbose_name)

    @property
    def single_title(self) -> str:
        return str(self.holder.model._meta.verbose_name)


@dataclass
class Export:
    person: object
    structure: object
    generated_at: datetime.datetime
    identity: list[Value]
    parts: list[Part]
    reads: list[dict]
    files: dict[str, bytes] = field(default_factory=dict)
    missing_files: list[str] = field(default_factory=list)
    # Parts left out of this archive (from the person's space: health and justice).
    excluded: frozenset[Section] = frozenset()
    # Common parts of the file the person did not open to this structure (it took her in
    # from another's referral): not its to hand over, nor to read (`Follow.opened_sections`).
    closed: frozenset[Section] = frozenset()

    @property
    def sections(self) -> set[Section]:
        read = set(ALWAYS_READ) - self.excluded - self.closed
        return read | {part.section for part in self.parts}


class _Labels:
    """Display names of the staff and structures met, one query each at most."""

    def __init__(self):
        self.users: dict[int, str] = {}

    def user(self, user) -> str:
        if user.pk not in self.users:
            self.users[user.pk] = user.full_name or "Professionnel·le de la structure"
        return self.users[user.pk]


def _plain(value) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y à %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value if _plain(v))
    if isinstance(value, dict):
        return "; ".join(f"{k} : {_plain(v)}" for k, v in value.items() if _plain(v))
    return str(value)


def _json_scalar(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    return value


def _ref_text(ref) -> str:
    """A referential's own label (its `label` or `name` column)."""
    names = {f.name for f in ref._meta.concrete_fields}
    for name in ("label", "name"):
        if name in names:
            return getattr(ref, name)
    return str(ref)


# French labels for the fields a model left unnamed (Django then derives the label from the
# English name): the common ones, so that the person reads French.
UNNAMED_FIELDS = {
    "created_at": "créé le",
    "updated_at": "modifié le",
    "created_by": "par",
    "recorded_by": "enregistré par",
    "updated_by": "modifié par",
    "by": "par",
    "user": "par",
    "at": "le",
    "kind": "type",
    "status": "état",
    "status_from": "état précédent",
    "status_to": "nouvel état",
    "registered_at": "inscrit·e le",
    "sha256": "empreinte SHA-256",
    "note": "note",
    "content_type": "type de fichier",
    "raised_at": "signalée le",
    "resolved_at": "traitée le",
    "sent_at": "envoyé le",
    "answered_at": "réponse le",
    "signed_at": "signé le",
    "deleted_at": "retiré le",
    "cancelled_at": "annulé le",
    "cancelled": "annulé",
    "recorded_at": "noté le",
    "merged_at": "fusionné le",
    "asked_at": "posées le",
    "by_label": "par",
    "attendance_recorded_at": "présence notée le",
    "channel": "canal",
    "drawing_sha256": "empreinte SHA-256 du tracé",
    "content_sha256": "empreinte SHA-256 du texte signé",
    "snapshot": "contenu au moment de la signature",
    "risk_raised_at": "risque de rupture signalé le",
    "risk_cleared_at": "risque de rupture levé le",
    "outcome_recorded_on": "issue notée le",
    "sent_to": "envoyé à",
    "link_kind": "type de lien",
    "last_link_sent_at": "dernier lien envoyé le",
    "file": "fichier",
}


def _label(field) -> str:
    """The field's French label; for a field left unnamed, a French word for it."""
    label = str(field.verbose_name)
    if label != field.name.replace("_", " "):
        return label
    if field.name in UNNAMED_FIELDS:
        return UNNAMED_FIELDS[field.name]
    if field.is_relation:
        return str(field.related_model._meta.verbose_name)
    return label


def _row_text(obj) -> str:
    """A row of the file as the person knows it: its own wording, else its kind and date."""
    text = str(obj)
    meta = obj._meta
    if " object (" in text or re.search(r"\b(dossier|n°)\s*\d+\b", text):
        text = str(meta.verbose_name)
        text = text[:1].upper() + text[1:]
        for name in ("created_at", "at", "given_at", "started_on", "date", "sent_at"):
            when = getattr(obj, name, None)
            if isinstance(when, datetime.date):
                return f"{text} du {_plain(when).split(' à ')[0]}"
    return text


def _sections_text(value) -> str | None:
    """A list of parts of the file (« identity », « health ») by their French names."""
    codes = {s.value: str(s.label) for s in Section}
    if isinstance(value, list) and value and all(v in codes for v in value):
        return ", ".join(codes[v] for v in value)
    return None


def _json_text(model, field, obj, raw) -> str:
    """A JSON field told in French for the PDF; donnees.json keeps the codes."""
    label = model._meta.label
    if label == "diagnosis.DomainAssessment" and field.name == "facts":
        return "; ".join(f"{question} : {answer}" for question, answer in obj.fact_rows)
    if label == "diagnosis.DomainAssessment" and field.name == "obstacles":
        return "; ".join(
            f"{text} ({severity.lower()})" if severity else text
            for text, _code, severity in obj.obstacle_rows
        )
    if label == "diagnosis.UrgencyCheck" and field.name == "positives":
        return ", ".join(str(label) for label in obj.positive_labels)
    if label == "rights.RightsEstimate" and field.name in ("household", "result"):
        from tremplin.rights.documents import euros, household_rows

        try:
            if field.name == "household":
                return "; ".join(f"{name} : {value}" for name, value in household_rows(obj))
            lines = [f"{line['label']} : {euros(line['amount'])}" for line in obj.lines()]
            return "; ".join(lines) or "aucune prestation ouverte"
        except (KeyError, TypeError, ValueError):
            pass  # a record of an older format: said as it is below
    if field.name == "snapshot":
        return "le texte tel qu'il a été signé (conservé dans « donnees.json »)"
    sections = _sections_text(raw)
    if sections is not None:
        return sections
    return _plain(raw)


def _related(field, obj, *, person_ids, holder_models, labels: _Labels) -> Value | None:
    target = field.related_model
    related_id = getattr(obj, field.attname)
    label = _label(field)
    if target._meta.label == "people.Person" and related_id in person_ids:
        return None  # the person themself: the whole archive is theirs
    if related_id is None:
        return Value(field.name, label, None, "")
    if target._meta.label_lower == settings.AUTH_USER_MODEL.lower():
        name = labels.user(getattr(obj, field.name))
        return Value(field.name, label, name, name)
    if target._meta.app_label == "referentials":
        ref = getattr(obj, field.name)
        text = _ref_text(ref)
        # The PDF names it; its code (a slug, a ROME number) stays in donnees.json.
        return Value(field.name, label, {"code": ref.pk, "libelle": text}, text)
    if target._meta.label == "people.Person":
        # Another file (a merge): its number only, never another person's name.
        return Value(field.name, label, related_id, f"dossier n° {related_id}")
    if target in holder_models:
        # Another row of this same file: its id in the archive, and in the PDF what the row
        # is (a title, a date), never an internal number.
        return Value(field.name, label, related_id, _row_text(getattr(obj, field.name)))
    text = str(getattr(obj, field.name))
    return Value(field.name, label, text, text)


def _values(
    obj, model, *, person_ids, holder_models, labels, files, prefix, left_out=frozenset()
) -> Row:
    values: list[Value] = []
    row = Row(pk=obj.pk, values=values)
    for f in model._meta.concrete_fields:
        if not _is_exported(f) or f.primary_key or f.name in left_out:
            continue
        label = _label(f)
        if f.is_relation:
            value = _related(
                f, obj, person_ids=person_ids, holder_models=holder_models, labels=labels
            )
            if value is not None:
                values.append(value)
            continue
        raw = getattr(obj, f.attname)
        if isinstance(f, models.FileField):
            path = files(obj, f, raw, prefix)
            values.append(Value(f.name, label, path, path or ""))
            if path and not row.file:
                row.file = path
            continue
        if isinstance(f, models.JSONField):
            raw = _clean_json(raw)
            values.append(Value(f.name, label, raw, _json_text(model, f, obj, raw)))
            continue
        if f.choices and raw not in (None, ""):
            choice = str(dict(f.flatchoices).get(raw, raw))
            values.append(Value(f.name, label, _json_scalar(raw), choice, choice_label=choice))
            continue
        values.append(Value(f.name, label, _json_scalar(raw), _plain(raw)))
    for m2m in model._meta.many_to_many:
        if not _is_exported(m2m):
            continue
        items = []
        for related in getattr(obj, m2m.name).all():
            if related._meta.app_label == "referentials":
                items.append({"code": related.pk, "libelle": _ref_text(related)})
            elif related._meta.model in holder_models:
                items.append(related.pk)
            else:
                items.append(str(related))
        text = ", ".join(i["libelle"] if isinstance(i, dict) else str(i) for i in items)
        values.append(Value(m2m.name, _label(m2m), items, text))
    return row


def _identity(person, exclude=frozenset()) -> list[Value]:
    """The file's identity and situation, as the app shows them (the NIR by its tail only)."""
    from tremplin.people.models import Person

    names = [
        n
        for section, fields in Person.SECTION_FIELDS.items()
        if section not in exclude
        for n in fields
    ]
    labels = _Labels()
    values = []
    for name in names:
        f = Person._meta.get_field(name)
        if f.many_to_many:
            items = [
                {"code": a.pk, "libelle": a.label}
                for a in getattr(person, name).all().order_by("pk")
            ]
            values.append(
                Value(name, str(f.verbose_name), items, ", ".join(i["libelle"] for i in items))
            )
            continue
        if f.is_relation:
            value = _related(f, person, person_ids=(), holder_models=set(), labels=labels)
            values.append(value)
            continue
        raw = getattr(person, f.attname)
        if f.choices and raw not in (None, ""):
            choice = str(dict(f.flatchoices).get(raw, raw))
            values.append(Value(name, str(f.verbose_name), raw, choice, choice_label=choice))
        elif isinstance(f, models.JSONField):
            values.append(Value(name, str(f.verbose_name), raw, _plain(raw)))
        else:
            values.append(Value(name, str(f.verbose_name), _json_scalar(raw), _plain(raw)))
    nir = f"Renseigné (se termine par {person.nir_tail})" if person.has_nir else "Non renseigné"
    values.insert(4, Value("nir", "NIR (numéro de sécurité sociale)", person.nir_tail or None, nir))
    values.append(
        Value(
            "created_at",
            "dossier créé le",
            _json_scalar(person.created_at),
            _plain(person.created_at),
        )
    )
    return values


def _reads(person, structure) -> list[dict]:
    """Who read the file in this structure, newest first (the person's own reads too)."""
    logs = AccessLog.objects.for_person(person).filter(structure=structure).select_related("user")
    labels = _Labels()
    rows = []
    for log in logs:
        if log.user_id:
            who = labels.user(log.user)
        elif log.channel == AccessLog.Channel.SPACE:
            who = "Vous-même, dans votre espace personnel"
        else:
            who = log.reason or "Lien envoyé à un partenaire"
        rows.append(
            {
                "le": timezone.localtime(log.at).isoformat(),
                "qui": who,
                "partie_du_dossier": {"code": log.section, "libelle": log.get_section_display()},
                "canal": {"code": log.channel, "libelle": log.get_channel_display()},
                "motif": log.reason,
            }
        )
    return rows


# The sensitivity of a document, as the part of the file it belongs to.
SECTION_OF_SENSITIVITY = {
    "general": Section.DOCUMENTS,
    "social": Section.SITUATION,
    "health": Section.HEALTH,
    "justice": Section.JUSTICE,
}


# When health and justice are left out (the download from the person's space), so are the
# rows and fields that carry them without being filed under those sections — the urgency
# screening (violence, health emergency), alerts, the merge snapshot (a whole file), the
# disability of the FSE+ data, a suspension's detail (of the pathway or of the PASS IAE) —
# and what third parties said or gave
# (art. 15.4 RGPD): tutors' and contacts' phones, a partner's comment, a tutor's feedback.
LEFT_OUT_OF_SPACE_MODELS = {
    "diagnosis.UrgencyCheck",
    "diagnosis.Alert",
    "people.PersonMerge",
    "employment.EmploymentContact",
    "employment.TutorFeedback",
}
LEFT_OUT_OF_SPACE_FIELDS = {
    "fse.Participation": {"disability"},
    "pathways.Suspension": {"detail"},
    "pathways.IaeSuspension": {"detail"},
    "pathways.IaeProlongation": {"detail"},
    "employment.Employment": {"tutor_phone"},
    "immersions.Immersion": {"tutor_phone"},
    "projects.RealityCheck": {"met_name"},
    "network.Referral": {"partner_comment", "answered_by_name"},
}


def collect(
    person,
    structure,
    *,
    exclude: frozenset[Section] = frozenset(),
    closed: frozenset[Section] = frozenset(),
) -> Export:
    """Everything `structure` holds on `person` (and the files merged into theirs), but the
    parts in `exclude` and the common parts `closed` to the structure."""
    person_ids = {person.pk, *person.merged_from.values_list("pk", flat=True)}
    all_holders = holders()
    holder_models = {h.model for h in all_holders}
    labels = _Labels()
    export = Export(
        person=person,
        structure=structure,
        generated_at=timezone.now(),
        identity=_identity(person, frozenset(exclude) | frozenset(closed)),
        parts=[],
        reads=_reads(person, structure),
        excluded=frozenset(exclude),
        closed=frozenset(closed),
    )

    def files(obj, f, raw, prefix):
        if not raw:
            return None
        if holder_label == "people.Document":
            if obj.deleted_at is not None:
                return None
            path = f"documents/{obj.pk}-{_safe_name(obj.original_name)}"
        else:
            extension = "." + raw.name.rsplit(".", 1)[-1] if "." in raw.name else ""
            path = f"signatures/{prefix}-{obj.pk}-{f.name}{extension}"
        try:
            with raw.open("rb") as handle:
                export.files[path] = handle.read()
        except OSError:
            export.missing_files.append(path)
            return None
        return path

    for holder in all_holders:
        holder_label = holder.label
        model = holder.model
        if holder.structure_lookup is None:
            continue  # no structure known: nothing can prove it is this structure's
        if section_of(holder) in exclude or (exclude and holder_label in LEFT_OUT_OF_SPACE_MODELS):
            continue
        left_out = LEFT_OUT_OF_SPACE_FIELDS.get(holder_label, set()) if exclude else set()
        queryset = (
            holder.rows_of(person_ids)
            .filter(**{holder.structure_lookup: structure.pk})
            .order_by("pk")
        )
        if holder_label == "people.Document" and exclude:
            queryset = queryset.exclude(
                sensitivity__in=[k for k, v in SECTION_OF_SENSITIVITY.items() if v in exclude]
            )
        if holder_label == "diagnosis.DomainAssessment" and exclude:
            from tremplin.diagnosis.domains import DOMAINS_BY_CODE

            queryset = queryset.exclude(
                domain__in=[c for c, d in DOMAINS_BY_CODE.items() if d.section in exclude]
            )
        sensitive = getattr(model, "SENSITIVE_REASONS", None)
        if sensitive and exclude:
            # A PASS IAE suspension or prolongation whose motif tells of health or justice
            # (pathways.models.WithdrawableEntry) stays out, as those parts do.
            queryset = queryset.exclude(
                reason__in=[r for r, section in sensitive.items() if section in exclude]
            )
        fk_names = [
            f.name
            for f in model._meta.concrete_fields
            if f.is_relation and _is_exported(f) and f.related_model._meta.label != "people.Person"
        ]
        queryset = queryset.select_related(*fk_names).prefetch_related(
            *[m.name for m in model._meta.many_to_many if _is_exported(m)]
        )
        prefix = f"{model._meta.app_label}-{model._meta.model_name}"
        rows = [
            _values(
                obj,
                model,
                person_ids=person_ids,
                holder_models=holder_models,
                labels=labels,
                files=files,
                prefix=prefix,
                left_out=left_out,
            )
            for obj in queryset
        ]
        if rows:
            export.parts.append(Part(holder=holder, section=section_of(holder), rows=rows))
    return export


def as_json(export: Export) -> dict:
    return {
        "format": {
            "nom": "Tremplin — export des données d'une personne",
            "version": FORMAT_VERSION,
            "produit_le": timezone.localtime(export.generated_at).isoformat(),
            "base_legale": "RGPD art. 15 (droit d'accès) et art. 20 (droit à la portabilité)",
        },
        "responsable_du_traitement": {
            "structure": export.structure.name,
            "siret": export.structure.siret,
        },
        "identite": {v.name: v.as_json() for v in export.identity},
        "parties": [
            {
                "modele": part.holder.label,
                "intitule": part.title,
                "partie_du_dossier": {
                    "code": part.section.value,
                    "libelle": str(part.section.label),
                },
                "lignes": [
                    {
                        "id": row.pk,
                        **({"fichier": row.file} if row.file else {}),
                        "champs": {v.name: v.as_json() for v in row.values},
                    }
                    for row in part.rows
                ],
            }
            for part in export.parts
        ],
        "consultations": export.reads,
        "fichiers_introuvables": export.missing_files,
    }


README = """Vos données personnelles — {structure}
Archive produite le {date}.

Cette archive contient tout ce que {structure} détient sur vous dans Tremplin :

- synthese.pdf : la liste lisible de vos données, partie par partie ;
- donnees.json : les mêmes données dans un format lisible par un ordinateur, pour
  les transmettre à un autre organisme si vous le souhaitez (droit à la portabilité) ;
- documents/ : les documents de votre dossier ;
- signatures/ : vos signatures (contrat, feuilles d'émargement) ;
- la liste des personnes qui ont consulté votre dossier est dans les deux fichiers.

Les autres structures qui vous accompagnent détiennent leurs propres informations :
demandez-les à chacune d'elles.

Vous pouvez demander à corriger ou à effacer une information : adressez-vous à
{structure}. Vous pouvez aussi saisir la CNIL (www.cnil.fr).
"""


SPACE_NOTE = """
Téléchargée depuis votre espace, cette archive ne contient pas les informations de santé
et de justice (documents de votre médecin, du SPIP, restrictions médicales…) : elles
viennent souvent d'autres professionnels et méritent d'être expliquées. Demandez-les à
{structure}, qui vous les remettra avec un professionnel.
"""

CLOSED_NOTE = """
Vous n'avez pas ouvert à {structure} ces parties de votre dossier commun : {parts}.
Elles ne figurent pas dans cette archive : demandez-les à la structure qui a ouvert
votre dossier.
"""


@dataclass(frozen=True)
class Archive:
    content: bytes
    sha256: str
    filename: str
    export: Export

    @property
    def size(self) -> int:
        return len(self.content)

    def response(self) -> HttpResponse:
        """The archive as a download, never cached (it holds the whole file)."""
        response = HttpResponse(self.content, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{self.filename}"'
        response["Cache-Control"] = "private, no-store"
        return response


def build_archive(
    person,
    structure,
    *,
    exclude: frozenset[Section] = frozenset(),
    closed: frozenset[Section] = frozenset(),
) -> Archive:
    """The ZIP of everything `structure` holds on `person`. Reads only: the caller logs."""
    from tremplin.dataexport.summary import render_summary

    export = collect(person, structure, exclude=exclude, closed=closed)
    data = as_json(export)
    local = timezone.localtime(export.generated_at)
    stamp = (local.year, local.month, local.day, local.hour, local.minute, local.second)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:

        def put(name: str, content: bytes) -> None:
            archive.writestr(zipfile.ZipInfo(name, date_time=stamp), content, zipfile.ZIP_DEFLATED)

        readme = README.format(structure=structure.name, date=local.strftime("%d/%m/%Y à %H:%M"))
        if export.excluded:
            readme += SPACE_NOTE.format(structure=structure.name)
        if export.closed:
            readme += CLOSED_NOTE.format(
                structure=structure.name,
                parts=", ".join(str(s.label).lower() for s in sorted(export.closed)),
            )
        put("LISEZMOI.txt", readme.encode())
        put("donnees.json", json.dumps(data, ensure_ascii=False, indent=2).encode())
        put("synthese.pdf", render_summary(export))
        for path, content in sorted(export.files.items()):
            put(path, content)
    content = buffer.getvalue()
    filename = f"donnees-personnelles-{local:%Y-%m-%d}.zip"
    return Archive(content, hashlib.sha256(content).hexdigest(), filename, export)
