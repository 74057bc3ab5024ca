"""Documents of the pathway: the contract, the compte rendu d'entretien, the review (bilan).

The contract's content is serialised to JSON to be frozen when signed (`snapshot`) and
hashed (`content_hash`): the signed version is rendered again from its snapshot, never from
the pathway as it is now.
"""

import hashlib
import json
from dataclasses import asdict

from django.utils import timezone

from tremplin.core.text import de, french_hours, of_structure
from tremplin.documents.rendering import (
    Bullets,
    Document,
    Fields,
    Heading,
    Letterhead,
    Paragraph,
    Signatures,
    SignedBox,
    SignedBoxes,
    Subheading,
    Table,
    letterhead_for,
)
from tremplin.pathways.enums import (
    ActionOwner,
    ActionStatus,
    CommitmentParty,
    Framework,
    TargetReason,
)

BLOCK_TYPES = {
    "heading": Heading,
    "subheading": Subheading,
    "paragraph": Paragraph,
    "fields": Fields,
    "bullets": Bullets,
    "table": Table,
    "signatures": Signatures,
}


def _name(person) -> str:
    return f"{person.first_name} {person.last_name.upper()}"


def _date(day) -> str:
    return f"{day:%d/%m/%Y}" if day else "—"


def _hours(value) -> str:
    return french_hours(value)


def _who(action, pathway) -> str:
    """Who leads the action: the partner's or the référent's name when it is known."""
    if action.partner_name:
        return action.partner_name
    if action.owner == ActionOwner.COUNSELOR and pathway.referent:
        return pathway.referent.full_name
    return action.get_owner_display()


FRAMEWORK_NOTES = {
    Framework.CONTRAT_ENGAGEMENT: (
        "Ce contrat d'engagement est établi en application de l'article L5411-6 du code du "
        "travail (loi n° 2023-1196 du 18 décembre 2023 pour le plein emploi). Il prévoit au "
        "moins 15 heures d'activité par semaine, adaptées si la situation de la personne le "
        "justifie."
    ),
    Framework.CEJ: (
        "Le contrat d'engagement jeune prévoit un accompagnement intensif de 15 à 20 heures "
        "par semaine (articles L5131-6 et R5131-16 du code du travail)."
    ),
}


def target_reason_text(pathway) -> str:
    """Why the weekly target is adapted, as a sentence goes on: « difficulté de logement en
    cours de résolution », or for « Autre motif » its precision alone (« reprise progressive
    après hospitalisation »)."""
    detail = pathway.target_reason_detail.strip()
    if pathway.target_reason == TargetReason.OTHER and detail:
        # Lower-case the first letter, never an acronym's (« RQTH en cours »).
        if len(detail) > 1 and detail[1].isupper():
            return detail
        return detail[0].lower() + detail[1:]
    reason = pathway.get_target_reason_display().lower()
    return reason + (f" ({detail})" if detail else "")


def hours_row(pathway, *, former: bool = False) -> str:
    """The « Heures d'activité » of the contract: the framework's rule, or the target
    adapted for this person and why. `former`: as contracts signed before 24/11/2026 worded
    an adapted target."""
    if pathway.weekly_hours_target is None:
        return pathway.hours_rule.label
    hours = french_hours(pathway.weekly_hours_target)
    if former:
        return f"{hours} par semaine, adapté : {pathway.get_target_reason_display().lower()}" + (
            f" ({pathway.target_reason_detail})" if pathway.target_reason_detail else ""
        )
    return f"{hours} par semaine, adapté : {target_reason_text(pathway)}"


def framework_note(pathway, *, former: bool = False) -> str | None:
    """What the law says of the frame; with an adapted target, what it is for this person,
    so that the contract never says « 8 h » and « 15 à 20 heures » without saying why.
    `former`: the note alone, as contracts signed before 24/11/2026 read it."""
    note = FRAMEWORK_NOTES.get(pathway.framework)
    if note is None or former or pathway.weekly_hours_target is None:
        return note
    return (
        f"{note.rstrip('.')} ; pour vous, l'objectif est adapté à "
        f"{french_hours(pathway.weekly_hours_target)} par semaine (motif : "
        f"{target_reason_text(pathway)})."
    )


def former_hours_wording(snapshot: dict, pathway) -> dict | None:
    """The snapshot with the hours and the frame's note worded as before 24/11/2026 (an
    adapted target was said « adapté : autre motif, précisé (…) », and the note did not
    say it): None when that wording is the same as today's."""
    row, former_row = hours_row(pathway), hours_row(pathway, former=True)
    note, former_note = framework_note(pathway), framework_note(pathway, former=True)
    if row == former_row and note == former_note:
        return None
    blocks = []
    for block in snapshot["blocks"]:
        if block["kind"] == "fields":
            block = {
                **block,
                "rows": [
                    [r[0], former_row] if r[0] == HOURS_LABEL and r[1] == row else r
                    for r in block["rows"]
                ],
            }
        elif block["kind"] == "paragraph" and note and block["text"] == note:
            block = {**block, "text": former_note}
        blocks.append(block)
    return {**snapshot, "blocks": blocks}


HOURS_LABEL = "Heures d'activité"


# Contracts signed before 24/11/2026 read « Contrat — <cadre> » and « Née le / né le »: the
# same terms, worded as they were then. `contract_document(…, former_wording=True)` rebuilds
# that wording, so that those signatures still cover the contract (see contract_state).
FORMER_BIRTH_LABEL = "Née le / né le"


def contract_title(pathway, *, former_wording: bool = False) -> str:
    """« Contrat d'engagement jeune (CEJ) », « Contrat d'accompagnement — Parcours IAE »,
    « Contrat d'accompagnement » without a contractual frame: never « Contrat — Contrat… »."""
    frame = pathway.get_framework_display()
    if former_wording:
        return f"Contrat — {frame}"
    if pathway.framework == Framework.NONE:
        return "Contrat d'accompagnement"
    if frame.startswith("Contrat"):
        return frame
    return f"Contrat d'accompagnement — {frame}"


OBJECTIVE_HEADERS = ["Objectif", "Domaine"]


def _status(label: str) -> str:
    """A short status (« En cours ») never breaks over two lines of its cell."""
    return label.replace(" ", "\u00a0") if len(label) <= 12 else label


def objective_rows(objectives) -> list[list[str]]:
    """[objective, domain, status]: the thematique is named only when the objective, in the
    person's words, says something else (an objective from the diagnosis is its need)."""
    rows = []
    for o in objectives:
        title = o.title
        if o.thematique.label.casefold() != o.title.strip().casefold():
            title += f" (thématique : {o.thematique.label})"
        rows.append([title, o.thematique.category.label, _status(o.get_status_display())])
    return rows


def _former_objectives_table(objectives) -> Table:
    """The objectives as contracts signed before 24/11/2026 listed them."""
    return Table(
        ["Objectif", "Thématique", PROGRESS_COLUMN],
        [[o.title, o.thematique.label, o.get_status_display()] for o in objectives],
    )


def contract_document(
    pathway, *, former_wording: bool = False, former_objectives: bool = False
) -> Document:
    """The contract as it stands now: parties, frame, commitments, objectives, actions."""
    person = pathway.person
    rule = pathway.hours_rule
    rows = [
        ("Personne", _name(person)),
        (FORMER_BIRTH_LABEL if former_wording else person.born_on_word, _date(person.birth_date)),
        ("Cadre", pathway.get_framework_display()),
        ("Durée", f"du {_date(pathway.started_on)} au {_date(pathway.planned_end_on)}"),
        (REFERENT_LABEL, pathway.referent.full_name if pathway.referent else "à désigner"),
    ]
    funders = [f.name for f in pathway.funders.all()]
    if funders:
        rows.append(("Financé par", ", ".join(funders)))
    if rule.minimum is not None:
        rows.append((HOURS_LABEL, hours_row(pathway)))
    blocks: list = [Fields(rows)]
    note = framework_note(pathway)
    if note:
        blocks.append(Paragraph(note, muted=True))
    commitments = list(pathway.commitments.all())
    for party, title in (
        (CommitmentParty.STRUCTURE, f"Les engagements {of_structure(pathway.structure.name)}"),
        (CommitmentParty.PERSON, f"Les engagements {de(person.first_name)}"),
    ):
        items = [c.text for c in commitments if c.party == party]
        blocks += [Heading(title), Bullets(items) if items else Paragraph("—")]
    objectives = list(pathway.objectives.select_related("thematique__category"))
    blocks.append(Heading("Les objectifs"))
    if objectives and former_objectives:
        blocks.append(_former_objectives_table(objectives))
    elif objectives:
        blocks.append(Table([*OBJECTIVE_HEADERS, PROGRESS_COLUMN], objective_rows(objectives)))
    else:
        blocks.append(Paragraph("—"))
    actions = [
        a for a in pathway.actions.select_related("objective") if a.status != ActionStatus.CANCELLED
    ]
    blocks.append(Heading(PLAN_HEADING))
    if actions:
        blocks.append(
            Table(
                ["Action", "Qui", "Échéance", "Heures"],
                [
                    [
                        a.title,
                        _who(a, pathway),
                        _date(a.due_on),
                        _hours(a.hours),
                    ]
                    for a in actions
                ],
            )
        )
    else:
        blocks.append(Paragraph("—"))
    blocks.append(
        Signatures(
            [
                (_name(person), "J'ai lu ce contrat et je m'engage à le respecter."),
                (
                    pathway.referent.full_name if pathway.referent else pathway.structure.name,
                    pathway.structure.name,
                ),
            ]
        )
    )
    return Document(
        title=contract_title(pathway, former_wording=former_wording),
        subtitle=f"Parcours {de(_name(person))}",
        letterhead=letterhead_for(pathway.structure),
        blocks=blocks,
    )


def snapshot_of(document: Document) -> dict:
    """The document's content as JSON (the date of printing is not part of it)."""
    return {
        "title": document.title,
        "subtitle": document.subtitle,
        "letterhead": asdict(document.letterhead),
        "blocks": [asdict(block) for block in document.blocks],
    }


def content_hash(snapshot: dict) -> str:
    canonical = json.dumps(snapshot, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# What the person signs up to, and what a new signature is needed for: the parties, the
# frame, the duration, the hours, the funders, the commitments and the objectives. The action
# plan, the objectives' progress and the référent's name move with the follow-up (they are
# reviewed at each interview) and never ask for a new signature on their own.
PLAN_HEADING = "Les actions prévues"
REFERENT_LABEL = "Référent·e"
PROGRESS_COLUMN = "État"


def contract_terms(snapshot: dict) -> dict:
    """The binding part of a contract's snapshot (see above). Works on the snapshots of
    every signature ever recorded, since it reads the blocks, not the pathway."""
    blocks = []
    in_plan = False
    for block in snapshot["blocks"]:
        kind = block["kind"]
        if kind == "heading":
            in_plan = block["text"] == PLAN_HEADING
        if in_plan or kind == "signatures":
            continue
        if kind == "fields":
            block = {**block, "rows": [r for r in block["rows"] if r[0] != REFERENT_LABEL]}
        elif kind == "table" and PROGRESS_COLUMN in block["headers"]:
            keep = [i for i, h in enumerate(block["headers"]) if h != PROGRESS_COLUMN]
            block = {
                **block,
                "headers": [block["headers"][i] for i in keep],
                "rows": [[row[i] for i in keep] for row in block["rows"]],
            }
        blocks.append(block)
    return {"title": snapshot["title"], "subtitle": snapshot["subtitle"], "blocks": blocks}


def _block(data: dict):
    data = dict(data)
    kind = data.pop("kind")
    for key in ("rows", "parties"):
        if key in data and kind in ("fields", "signatures"):
            data[key] = [tuple(row) for row in data[key]]
    return BLOCK_TYPES[kind](**data)


READ_AND_AGREED = "J'ai lu ce contrat et je m'engage à le respecter"


def _quoted(text: str) -> str:
    """« text », with the no-break spaces of French typography: never split from its marks."""
    return f"«\u00a0{text}\u00a0»"


def _filled_signatures(block: dict, signature, signed_at) -> SignedBoxes:
    """The signature boxes of the signed contract, filled in: how and when the person signed
    (with the signature they drew, inside their box), and who signed it for the structure
    (the counselor who had it signed), and when. The contract binds both parties: neither
    box stays blank."""
    (person, person_mention), (structure_who, structure_mention) = block["parties"]
    if signature.channel == "screen":
        person_signed = (
            f"Signé à l'écran le {signed_at:%d/%m/%Y} par {signature.signer_name or person}"
        )
    else:
        person_signed = f"Signé sur papier le {signed_at:%d/%m/%Y} (scan joint au dossier)"
    png = None
    if signature.drawing:
        with signature.drawing.open("rb") as f:
            png = f.read()
    day = f"Date : {signed_at:%d/%m/%Y}"
    counselor = signature.recorded_by.full_name
    return SignedBoxes(
        [
            SignedBox(
                person,
                person_mention,
                day,
                f"Signature : {person_signed}",
                png=png,
                caption=(
                    f"Signature tracée par {signature.signer_name} "
                    f"(SHA-256 {signature.drawing_sha256})"
                    if png
                    else ""
                ),
            ),
            SignedBox(
                structure_who,
                structure_mention,
                day,
                f"Signature : pour la structure, {counselor}, qui a fait signer le contrat",
            ),
        ]
    )


def signed_document(signature) -> Document:
    """The contract exactly as it was signed, with the signature's evidence."""
    snap = signature.snapshot
    signed_at = timezone.localtime(signature.signed_at)
    if signature.channel == "screen":
        how = (
            f"Signé à l'écran le {signed_at:%d/%m/%Y à %H:%M} : la personne a saisi son nom "
            f"{_quoted(signature.signer_name)} et coché "
            f"{_quoted(READ_AND_AGREED)}."
        )
    else:
        how = f"Signé sur papier le {signed_at:%d/%m/%Y} ; le scan est joint au dossier."
    blocks = [
        _filled_signatures(b, signature, signed_at)
        if b["kind"] == "signatures" and len(b["parties"]) == 2
        else _block(b)
        for b in snap["blocks"]
    ]
    blocks.append(
        Paragraph(
            f"{how} Enregistré par {signature.recorded_by.full_name}. Version {signature.number} "
            f"du contrat ; empreinte SHA-256 du contenu signé : {signature.content_sha256}.",
            muted=True,
        )
    )
    return Document(
        title=snap["title"],
        subtitle=snap["subtitle"] + f" — version {signature.number} signée",
        letterhead=Letterhead(**snap["letterhead"]),
        blocks=blocks,
        date=signed_at.date(),
    )


def interview_document(interview) -> Document:
    pathway = interview.pathway
    person = pathway.person
    blocks = [
        Fields(
            [
                ("Personne", _name(person)),
                ("Entretien du", _date(interview.held_on)),
                ("Professionnel·le", interview.author.full_name),
                ("Parcours", str(pathway)),
            ]
        )
    ]
    for title, text in (
        ("Les faits", interview.facts),
        ("Les mots de la personne", interview.person_words),
        ("Les décisions", interview.decisions),
        ("Les prochaines étapes", interview.next_steps),
    ):
        blocks += [Heading(title), Paragraph(text or "—")]
    return Document(
        title="Compte rendu d'entretien",
        subtitle=f"{_name(person)} — {_date(interview.held_on)}",
        letterhead=letterhead_for(pathway.structure),
        blocks=blocks,
    )


def review_document(review, *, needs: list[tuple[str, str]]) -> Document:
    """The review: what the diagnosis said (needs of the visible domains), the objectives
    and actions as they stand, and what was said at the review."""
    pathway = review.pathway
    person = pathway.person
    blocks: list = [
        Fields(
            [
                ("Personne", _name(person)),
                ("Bilan du", _date(review.held_on)),
                ("Professionnel·le", review.author.full_name),
                ("Parcours", f"{pathway} — fin prévue le {_date(pathway.planned_end_on)}"),
            ]
        ),
        Heading("Le diagnostic relu"),
    ]
    version = review.diagnosis_version
    if version:
        blocks.append(
            Paragraph(f"Diagnostic version {version.number} du {_date(version.interview_date)}.")
        )
        blocks.append(
            Fields([(domain, need) for domain, need in needs])
            if needs
            else Paragraph("Aucun besoin noté.")
        )
    else:
        blocks.append(Paragraph("Pas de diagnostic dans la structure."))
    blocks.append(Heading("Les objectifs"))
    objectives = list(pathway.objectives.select_related("thematique__category"))
    blocks.append(
        Table([*OBJECTIVE_HEADERS, "État"], objective_rows(objectives))
        if objectives
        else Paragraph("—")
    )
    blocks.append(Heading("Les actions"))
    actions = list(pathway.actions.all())
    blocks.append(
        Table(
            ["Action", "Échéance", "État", "Heures"],
            [[a.title, _date(a.due_on), a.get_status_display(), _hours(a.hours)] for a in actions],
        )
        if actions
        else Paragraph("—")
    )
    for title, text in (
        ("Ce qui a avancé", review.progress),
        ("Les difficultés", review.difficulties),
        ("L'avis de la personne", review.person_opinion),
        ("La suite", review.next_steps),
    ):
        blocks += [Heading(title), Paragraph(text or "—")]
    blocks.append(
        Signatures(
            [
                (_name(person), "J'ai pris part à ce bilan."),
                (review.author.full_name, pathway.structure.name),
            ]
        )
    )
    return Document(
        title=review.get_kind_display(),
        subtitle=f"{_name(person)} — {_date(review.held_on)}",
        letterhead=letterhead_for(pathway.structure),
        blocks=blocks,
    )
