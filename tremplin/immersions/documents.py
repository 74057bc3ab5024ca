"""The convention PDF/DOCX and the review (bilan). The convention's content (without the
signatures) is what each party signs: its SHA-256 is recorded with each signature."""

from django.utils import timezone

from tremplin.documents.rendering import (
    Document,
    Fields,
    Heading,
    Paragraph,
    Signatures,
    SignedBox,
    SignedBoxes,
    Table,
    letterhead_for,
)
from tremplin.immersions.enums import WEEKDAYS, Party, SignatureChannel
from tremplin.pathways.documents import content_hash, snapshot_of


def _name(person) -> str:
    return f"{person.first_name} {person.last_name.upper()}"


def _date(day) -> str:
    return f"{day:%d/%m/%Y}" if day else "—"


def _hours(value) -> str:
    return f"{value.normalize():f}".replace(".", ",") + " h"


class KeptTable(Table):
    """A table the PDF keeps on one page. The same fields as a Table (the same content and
    hash): only the class says « keep together », and it survives the typesetting copy."""

    keep_together = True


LEGAL_NOTE = (
    "Période de mise en situation en milieu professionnel (code du travail, articles L5135-1 "
    "à L5135-8 et D5135-1 à D5135-8). La personne garde son statut et sa rémunération ou "
    "son indemnisation ; elle n'est pas salariée de la structure d'accueil, qui ne la "
    "rémunère pas et ne lui confie pas de tâches sans lien avec l'objet de l'immersion ni "
    "un poste de salarié absent. La structure d'accueil applique à la personne ses règles "
    "de santé et de sécurité, de durée du travail et de repos."
)


def _place(immersion, *, with_postal_code: bool = True) -> str:
    commune = immersion.company_commune
    if commune is None:
        return immersion.company_address
    town = commune.name
    if with_postal_code and immersion.company_postal_code:
        town = f"{immersion.company_postal_code} {town}"
    return f"{immersion.company_address}, {town}"


def convention_blocks(
    immersion, *, former_wording: bool = False, before_tutor_wording: bool = False
) -> list:
    """The content of the convention, as the parties read and sign it. `former_wording`:
    « Née le / né le », as conventions signed before 24/11/2026 read (and with the wording
    below). `before_tutor_wording`: « Tuteur·rice » and the place without its postal code, as
    conventions signed before « Tuteur ou tutrice » read."""
    person = immersion.person
    former_tutor = former_wording or before_tutor_wording
    place = _place(immersion, with_postal_code=not former_tutor)
    tutor = "Tuteur·rice" if former_tutor else "Tuteur ou tutrice"
    tutor_contact = (
        "Contact du tuteur·rice" if former_tutor else "Contact du tuteur ou de la tutrice"
    )
    schedule = [
        [day, _hours(hours)]
        for day, hours in zip(WEEKDAYS, immersion.daily_hours, strict=True)
        if hours > 0
    ]
    # The days and their hours stay on one page (not « Lundi » alone at the foot of a page).
    schedule_table = KeptTable(["Jour", "Heures de présence"], schedule)
    blocks: list = [
        Heading("La personne"),
        Fields(
            [
                ("Nom", _name(person)),
                (
                    "Née le / né le" if former_wording else person.born_on_word,
                    _date(person.birth_date),
                ),
                ("Statut", immersion.get_beneficiary_status_display()),
            ]
        ),
        Heading("La structure prescriptrice"),
        Fields(
            [
                ("Structure", immersion.structure.name),
                ("Référent·e", immersion.referent.full_name),
                ("Contact", immersion.referent.email),
            ]
        ),
        Heading("La structure d'accueil"),
        Fields(
            [
                ("Raison sociale", immersion.company_name),
                ("SIRET", immersion.siret),
                ("Code NAF", immersion.naf_code or "—"),
                ("Lieu de l'immersion", place),
                (tutor, f"{immersion.tutor_name} — {immersion.tutor_function}"),
                (tutor_contact, f"{immersion.tutor_phone} — {immersion.tutor_email}"),
            ]
        ),
        Heading("L'immersion"),
        Fields(
            [
                ("Objet", immersion.get_objective_display()),
                (
                    "Métier observé",
                    f"{immersion.appellation.label} ({immersion.appellation.fiche_id})"
                    if immersion.appellation
                    else "—",
                ),
                (
                    "Dates",
                    f"du {_date(immersion.starts_on)} au {_date(immersion.ends_on)} "
                    f"({immersion.days} jour{'s' if immersion.days > 1 else ''} calendaire"
                    f"{'s' if immersion.days > 1 else ''})",
                ),
                ("Durée hebdomadaire", _hours(immersion.weekly_hours)),
                ("Horaires", immersion.schedule_note or "—"),
            ]
        ),
        schedule_table,
    ]
    if immersion.renews_id:
        renews = immersion.renews
        blocks.append(
            Paragraph(
                f"Renouvellement de l'immersion du {_date(renews.starts_on)} au "
                f"{_date(renews.ends_on)}, pour le même objet."
            )
        )
    blocks += [
        Heading("Activités et compétences"),
        Fields(
            [
                ("Activités et tâches confiées", immersion.tasks),
                ("Compétences à observer", immersion.skills_to_observe or "—"),
            ]
        ),
        Heading("Prévention des risques"),
        Fields(
            [
                ("Risques du poste", immersion.risks or "Non renseigné"),
                ("Équipements de protection", immersion.protective_equipment or "—"),
                (
                    "Surveillance médicale renforcée",
                    "oui" if immersion.needs_medical_surveillance else "non",
                ),
            ]
        ),
        Heading("Protection sociale et assurance"),
        Fields(
            [
                ("Accidents du travail", immersion.accident_cover),
                ("Responsabilité civile", immersion.liability_insurance or "Non renseignée"),
            ]
        ),
        Paragraph(LEGAL_NOTE, muted=True),
    ]
    return blocks


def convention_content(
    immersion, *, former_wording: bool = False, before_tutor_wording: bool = False
) -> Document:
    return Document(
        title="Convention d'immersion professionnelle (PMSMP)",
        subtitle=f"{_name(immersion.person)} chez {immersion.company_name}",
        letterhead=letterhead_for(immersion.structure),
        blocks=convention_blocks(
            immersion, former_wording=former_wording, before_tutor_wording=before_tutor_wording
        ),
    )


def convention_hash(immersion) -> str:
    """The SHA-256 of the content each party signs (the date of printing is not part of it)."""
    return content_hash(snapshot_of(convention_content(immersion)))


def signed_hashes(immersion) -> set[str]:
    """The hashes a signature of the current content may carry: the content as it reads now,
    or as it read with the former wording (a signature given before that change still covers
    the same convention). A new signature always takes the current hash."""
    former = content_hash(snapshot_of(convention_content(immersion, former_wording=True)))
    before_tutor = content_hash(
        snapshot_of(convention_content(immersion, before_tutor_wording=True))
    )
    return {convention_hash(immersion), former, before_tutor}


MENTIONS = {
    Party.PERSON: "J'ai lu cette convention et je m'engage à la respecter.",
    Party.TUTOR: "Pour la structure d'accueil, en qualité de tuteur ou de tutrice.",
    Party.PRESCRIBER: "Pour la structure prescriptrice.",
}


def convention_document(immersion) -> Document:
    """The convention with the state of each party's signature (of the current content)."""
    document = convention_content(immersion)
    signatures = {s.party: s for s in immersion.current_signatures()}
    names = {
        Party.PERSON: _name(immersion.person),
        Party.TUTOR: f"{immersion.tutor_name} ({immersion.company_name})",
        Party.PRESCRIBER: immersion.structure.name,
    }
    if signatures:
        boxes = []
        for party in Party:
            signature = signatures.get(party)
            if signature is None:
                boxes.append(
                    SignedBox(names[party], MENTIONS[party], "Date :", "Pas encore signé.")
                )
                continue
            signed_at = timezone.localtime(signature.signed_at)
            png = None
            if signature.drawing:
                with signature.drawing.open("rb") as f:
                    png = f.read()
            boxes.append(
                SignedBox(
                    names[party],
                    MENTIONS[party],
                    f"Date : {signed_at:%d/%m/%Y à %H:%M}",
                    f"Signé par {signature.signer_name}, {signature.how}.",
                    png=png,
                    caption=(
                        f"Signature tracée (SHA-256 {signature.drawing_sha256})" if png else ""
                    ),
                )
            )
        document.blocks += [Heading("Signatures"), SignedBoxes(boxes)]
        signed = sorted({s.content_sha256 for s in signatures.values()})
        channels = {s.channel for s in signatures.values()}
        if channels == {SignatureChannel.ELECTRONIC}:
            how = (
                "Chaque partie a signé électroniquement en saisissant son nom et en cochant la "
                "mention d'acceptation, par un lien personnel ou dans Tremplin."
            )
        else:
            how = (
                "Chaque partie a signé en saisissant son nom et en cochant la mention "
                "d'acceptation (par un lien personnel ou dans Tremplin, à l'écran pendant un "
                "entretien), ou sur papier : le scan de la convention signée est conservé "
                "dans le dossier."
            )
        note = f"{how} Empreinte SHA-256 du contenu signé : {', '.join(signed)}."
        if not set(signed) <= signed_hashes(immersion):
            # The person's file changed since (a corrected name, say): say so, never hide it.
            note += " Le dossier a été modifié depuis la signature : ce texte en tient compte."
        document.blocks.append(Paragraph(note, muted=True))
    else:
        document.blocks.append(Signatures([(names[party], MENTIONS[party]) for party in Party]))
    if immersion.validated_at:
        document.blocks.append(
            Paragraph(
                f"Convention validée par {immersion.structure.name} le "
                f"{timezone.localtime(immersion.validated_at):%d/%m/%Y}."
            )
        )
    return document


def review_document(review) -> Document:
    immersion = review.immersion
    skills = [s.label for s in review.skills_observed.all()]
    blocks: list = [
        Fields(
            [
                ("Personne", _name(immersion.person)),
                ("Structure d'accueil", immersion.company_name),
                ("Tuteur ou tutrice", immersion.tutor_name),
                (
                    "Métier observé",
                    immersion.appellation.label if immersion.appellation else "—",
                ),
                ("Immersion", f"du {_date(immersion.starts_on)} au {_date(immersion.ends_on)}"),
                ("Bilan du", _date(review.held_on)),
                ("Professionnel·le", review.author.full_name),
            ]
        ),
        Heading("Les tâches réellement effectuées"),
        Paragraph(review.tasks_done),
        Heading("Les compétences observées"),
        Paragraph("\n".join(f"• {s}" for s in skills) if skills else "—"),
        Paragraph(review.skills_other or "—"),
        Heading("L'appréciation du tuteur ou de la tutrice"),
        Paragraph(review.tutor_assessment),
        Heading("L'avis de la personne"),
        Paragraph(review.person_opinion),
        Heading("La suite"),
        Paragraph(review.get_outcome_display()),
        Signatures(
            [
                (_name(immersion.person), "J'ai pris part à ce bilan."),
                (immersion.tutor_name, immersion.company_name),
                (review.author.full_name, immersion.structure.name),
            ]
        ),
    ]
    return Document(
        title="Bilan d'immersion professionnelle",
        subtitle=f"{_name(immersion.person)} — {immersion.company_name}",
        letterhead=letterhead_for(immersion.structure),
        blocks=blocks,
    )
