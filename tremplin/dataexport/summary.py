"""`synthese.pdf`: the archive's data told in plain French, part by part (art. 15 RGPD),
rendered like every other document of the job (documents.rendering, WeasyPrint)."""

import datetime

from django.utils import timezone

from tremplin.core.permissions import Section
from tremplin.core.text import counted
from tremplin.documents.rendering import (
    Bullets,
    Document,
    Fields,
    Heading,
    Paragraph,
    Subheading,
    Table,
    letterhead_for,
    render_pdf,
)

# The order of the parts in the PDF, and what each one is, in plain words.
SECTION_WORDS = {
    Section.IDENTITY: "Votre suivi par la structure, votre espace personnel et vos demandes.",
    Section.SITUATION: "Votre situation administrative et sociale, et les estimations de vos "
    "droits sociaux faites avec vous.",
    Section.HEALTH: "Ce qui touche à votre santé et qui est utile à votre accompagnement.",
    Section.JUSTICE: "Ce qui touche à une mesure de justice et qui est utile à votre "
    "accompagnement.",
    Section.RECEPTION: "Votre accueil dans la structure et les demandes de prescripteurs.",
    Section.DIAGNOSIS: "Le diagnostic fait avec vous : votre situation, vos atouts, vos freins, "
    "vos besoins.",
    Section.REFERRALS: "Les partenaires vers qui vous avez été orienté·e.",
    Section.AGENDA: "Vos rendez-vous, les invitations et les ateliers.",
    Section.PATHWAY: "Votre parcours : contrat, engagements, objectifs, actions, entretiens, "
    "bilans.",
    Section.PROJECT: "Votre projet professionnel : métiers visés, expériences, formations, "
    "candidatures, offres proposées.",
    Section.IMMERSION: "Vos immersions en entreprise (PMSMP).",
    Section.EMPLOYMENT: "Le suivi de votre emploi.",
    Section.DOCUMENTS: "Les documents de votre dossier. Leurs fichiers sont dans le dossier "
    "« documents » de l'archive.",
    Section.CONSENTS: "Les accords que vous avez donnés (ou retirés).",
}
ORDER = list(SECTION_WORDS)

# Beyond this, the PDF shows the latest reads; donnees.json has them all.
MAX_READS_IN_PDF = 300


# Parts told as a summary (what happened, how often, from when to when) rather than row by
# row: a connection journal would otherwise fill pages with the same lines.
SUMMARISED_PARTS = {"portal.SpaceEvent"}


def _summary_lines(part) -> list[str]:
    """One line per kind of event: « Connexion à l'espace : 11 fois, du … au … »."""
    dates: dict[str, list[str]] = {}
    for row in part.rows:
        values = {v.name: v for v in row.values}
        kind = values["kind"].text if "kind" in values else str(part.single_title)
        when = values["at"].data if "at" in values else None
        dates.setdefault(kind, [])
        if when:
            dates[kind].append(when)
    lines = []
    for kind, moments in dates.items():
        days = sorted(datetime.datetime.fromisoformat(m) for m in moments)
        count = len(moments) or sum(1 for _ in part.rows)
        if not days:
            lines.append(f"{kind} : {count} fois")
        elif len(days) == 1:
            lines.append(f"{kind} : le {days[0]:%d/%m/%Y}")
        else:
            lines.append(f"{kind} : {count} fois, du {days[0]:%d/%m/%Y} au {days[-1]:%d/%m/%Y}")
    return lines


def _row_fields(row) -> list[tuple[str, str]]:
    return [(v.label[:1].upper() + v.label[1:], v.text) for v in row.values if v.text]


def summary_document(export) -> Document:
    person = export.person
    structure = export.structure
    generated = timezone.localtime(export.generated_at)
    blocks: list = [
        Paragraph(
            f"Ce document liste les informations que {structure.name} détient sur vous, "
            f"{person.first_name} {person.last_name}, au {generated:%d/%m/%Y à %H:%M}. "
            "Vous l'avez demandé au titre de votre droit d'accès (article 15 du RGPD)."
        ),
        Paragraph(
            "Le fichier « donnees.json » de la même archive contient les mêmes informations "
            "dans un format qu'un ordinateur peut lire : vous pouvez le transmettre à un autre "
            "organisme (droit à la portabilité, article 20 du RGPD).",
        ),
        Paragraph(
            "Les autres structures qui vous accompagnent détiennent leurs propres informations : "
            "elles ne sont pas ici. Demandez-les à chacune d'elles.",
            muted=True,
        ),
        Heading("Votre identité et votre situation"),
        Fields([(v.label[:1].upper() + v.label[1:], v.text or "—") for v in export.identity]),
    ]
    by_section: dict = {}
    for part in export.parts:
        by_section.setdefault(part.section, []).append(part)
    sections = sorted(by_section, key=lambda s: ORDER.index(s) if s in ORDER else len(ORDER))
    for section in sections:
        blocks.append(Heading(str(section.label)))
        if section in SECTION_WORDS:
            blocks.append(Paragraph(SECTION_WORDS[section], muted=True))
        for part in by_section[section]:
            count = len(part.rows)
            title = part.title[:1].upper() + part.title[1:]
            blocks.append(Subheading(f"{title} ({count})"))
            if part.holder.label in SUMMARISED_PARTS:
                blocks.append(Bullets(_summary_lines(part)))
                continue
            for index, row in enumerate(part.rows, start=1):
                fields = _row_fields(row)
                if count > 1:
                    fields.insert(0, ("N°", f"{index} sur {count}"))
                blocks.append(Fields(fields))
    blocks.append(Heading("Qui a consulté votre dossier"))
    reads = export.reads
    if reads:
        blocks.append(
            Paragraph(
                f"Chaque consultation de votre dossier dans {structure.name} est notée et "
                f"gardée un an : {counted(len(reads), 'consultation')}."
                + (
                    f" Les {MAX_READS_IN_PDF} plus récentes sont ci-dessous ; toutes sont dans "
                    "« donnees.json »."
                    if len(reads) > MAX_READS_IN_PDF
                    else ""
                )
            )
        )
        blocks.append(
            Table(
                ["Date", "Qui", "Partie du dossier"],
                [
                    [
                        datetime.datetime.fromisoformat(r["le"]).strftime("%d/%m/%Y %H:%M"),
                        r["qui"],
                        r["partie_du_dossier"]["libelle"],
                    ]
                    for r in reads[:MAX_READS_IN_PDF]
                ],
            )
        )
    else:
        blocks.append(Paragraph("Personne n'a encore consulté votre dossier."))
    if export.excluded:
        blocks.append(Heading("Ce que cette archive ne contient pas"))
        blocks.append(
            Paragraph(
                "Téléchargée depuis votre espace, elle ne contient pas les informations de "
                "santé et de justice : elles viennent souvent d'autres professionnels (médecin, "
                f"SPIP) et méritent d'être expliquées. Demandez-les à {structure.name}, qui "
                "vous les remettra avec un professionnel."
            )
        )
    if export.missing_files:
        blocks.append(Heading("Fichiers manquants"))
        blocks.append(
            Paragraph(
                "Ces fichiers sont mentionnés dans votre dossier mais n'ont pas pu être lus ; "
                "la structure vous les fournira autrement :"
            )
        )
        blocks.append(Bullets(export.missing_files))
    blocks.append(Heading("Vos droits"))
    blocks.append(
        Bullets(
            [
                f"Faire corriger une information inexacte : adressez-vous à {structure.name} "
                "(article 16 du RGPD).",
                "Demander l'effacement d'une information qui n'est plus utile, ou vous opposer "
                "à un traitement (articles 17 et 21 du RGPD).",
                "Retirer à tout moment un accord donné, depuis votre espace personnel ou "
                "auprès de votre conseiller·ère.",
                "Saisir la CNIL si vous estimez que vos droits ne sont pas respectés (www.cnil.fr).",
            ]
        )
    )
    return Document(
        title="Vos données personnelles",
        subtitle=f"Détenues par {structure.name} — droit d'accès et portabilité",
        letterhead=letterhead_for(structure),
        blocks=blocks,
        confidential=False,
        date=generated.date(),
    )


def render_summary(export) -> bytes:
    return render_pdf(summary_document(export))
