"""Documents of the workshops: the design sheet, the sign-in sheet, the session review."""

import base64
from collections import Counter

from django.template.loader import render_to_string
from django.utils import timezone

from tremplin.documents.rendering import (
    Bullets,
    Document,
    Fields,
    Heading,
    Paragraph,
    Table,
    letterhead_for,
)
from tremplin.workshops.enums import Agreement, Reached, Satisfaction, SignatureMethod
from tremplin.workshops.models import format_minutes


def _name(person) -> str:
    return f"{person.last_name.upper()} {person.first_name}"


def design_document(design) -> Document:
    sequences = list(design.sequences.all())
    blocks: list = [
        Fields(
            [
                ("Demande ou besoin", design.demand),
                ("Besoins visés", ", ".join(t.label for t in design.thematiques.all()) or "—"),
                ("Public visé", design.public),
                ("Prérequis", design.prerequisites or "Aucun"),
                ("Durée totale", design.total_duration),
            ]
        ),
        Heading("Objectifs pédagogiques"),
        Bullets(list(design.objectives)),
        Heading("Scénario pédagogique"),
    ]
    if sequences:
        blocks.append(
            Table(
                ["N°", "Séquence", "Durée", "Méthode", "Ressources"],
                [
                    [
                        str(s.position),
                        s.title,
                        format_minutes(s.duration_minutes),
                        s.method,
                        s.resources,
                    ]
                    for s in sequences
                ],
            )
        )
    else:
        blocks.append(Paragraph("Aucune séquence n'est encore décrite.", muted=True))
    blocks += [
        Heading("Évaluation"),
        Paragraph(
            "Pour chaque participant·e, chaque objectif est noté atteint, partiellement atteint "
            "ou non atteint. Questionnaire de satisfaction (de 1, pas du tout satisfait·e, à 4, "
            "très satisfait·e) :"
        ),
        Bullets(list(design.satisfaction_questions)),
    ]
    return Document(
        title="Fiche de conception d'atelier",
        subtitle=design.title,
        letterhead=letterhead_for(design.structure),
        blocks=blocks,
        confidential=False,
    )


def _data_url(signature) -> str:
    with signature.image.open("rb") as handle:
        return "data:image/png;base64," + base64.b64encode(handle.read()).decode()


def sheet_header(session) -> dict:
    """What a sign-in sheet says of its session, kept as it was when the sheet is closed."""
    return {
        "title": session.design.title,
        "place": session.place,
        "facilitators": ", ".join(u.full_name for u in session.facilitators.all()),
        "funder_mention": session.funder_mention,
    }


def sheet_pdf(half_day) -> bytes:
    """The printed sign-in sheet of a half-day: one row per registered participant. Those
    who already signed on the screen appear with their signature and its time."""
    from weasyprint import HTML

    session = half_day.session
    signatures = {s.registration_id: s for s in half_day.signatures.select_related("registration")}
    presences = {p.registration_id: p for p in half_day.presences.all()}
    rows = []
    if half_day.is_closed:
        # Who was registered when the sheet was closed: each has a presence, signed or not.
        registrations = session.registrations.filter(presences__half_day=half_day)
    else:
        registrations = session.registered()
    for registration in registrations.select_related("person").order_by(
        "person__sort_key", "person_id"
    ):
        signature = signatures.get(registration.pk)
        rows.append(
            {
                "name": registration.person.last_name.upper(),
                "first_name": registration.person.first_name,
                "person": registration.person,
                "signature": signature,
                "image": _data_url(signature)
                if signature and signature.method == SignatureMethod.DRAWN
                else "",
                "signed_at": timezone.localtime(signature.signed_at) if signature else None,
                "presence": presences.get(registration.pk),
            }
        )
    html = render_to_string(
        "workshops/sheet_pdf.html",
        {
            "half_day": half_day,
            "session": session,
            "rows": rows,
            "blank_rows": range(max(0, 3 - len(rows))),
            "letterhead": letterhead_for(session.structure),
            "header": (half_day.is_closed and half_day.sheet_header) or sheet_header(session),
            "today": timezone.localdate(),
        },
    )
    return HTML(string=html).write_pdf()


def session_review_summary(session) -> dict:
    """Figures of the session review (bilan), shared by the page and the document."""
    design = session.design
    registrations = list(
        session.registered().with_attendance().select_related("person", "evaluation")
    )
    for registration in registrations:
        # Only who attended one half-day at least is evaluated and counted.
        registration.evaluation_or_none = (
            getattr(registration, "evaluation", None) if registration.attended else None
        )
    attended = [r for r in registrations if r.attended]
    half_days = list(session.half_days.all())
    presences = {}
    for half_day in half_days:
        signed = half_day.signatures.count()
        if half_day.is_closed:
            rows = list(half_day.presences.all())
            present = sum(1 for p in rows if p.is_present)
            absent: int | None = sum(1 for p in rows if not p.is_present)
        else:
            # A sheet still open: whoever signed on the screen is present; who is absent is
            # only known when the sheet is closed (the paper sheet may hold more names).
            present, absent = signed, None
        presences[half_day.pk] = (present, absent, signed)
    evaluations = [r.evaluation_or_none for r in registrations if r.evaluation_or_none]
    objectives = []
    for objective in design.objectives:
        counts = Counter(e.objectives.get(objective) for e in evaluations)
        objectives.append(
            (
                objective,
                counts[Reached.REACHED],
                counts[Reached.PARTLY],
                counts[Reached.NOT_REACHED],
            )
        )
    questions = []
    for question in design.satisfaction_questions:
        scores = [e.answers[question] for e in evaluations if question in e.answers]
        average = sum(scores) / len(scores) if scores else None
        questions.append((question, average, len(scores)))
    return {
        "registrations": registrations,
        "attended": len(attended),
        "half_days": [(h, *presences[h.pk]) for h in half_days],
        "open_sheets": any(not h.is_closed for h in half_days),
        "evaluated": len(evaluations),
        "objectives": objectives,
        "questions": questions,
        "comments": [e.comment for e in evaluations if e.comment],
    }


def session_dates(first, last) -> str:
    """« 23/11/2026 » for one day, « 23/11/2026 au 24/11/2026 » for a session over days."""
    if first is None:
        return ""
    if last is None or last == first:
        return f"{first:%d/%m/%Y}"
    return f"du {first:%d/%m/%Y} au {last:%d/%m/%Y}"


def review_document(session) -> Document:
    summary = session_review_summary(session)
    design = session.design
    blocks: list = [
        Fields(
            [
                ("Atelier", design.title),
                ("Lieu", session.place or f"À distance ({session.remote_link})"),
                ("Animé par", ", ".join(u.full_name for u in session.facilitators.all())),
                ("Places", str(session.capacity)),
                ("Inscrit·es", str(len(summary["registrations"]))),
                ("Venu·es à la séance", str(summary["attended"])),
                ("Évalué·es", str(summary["evaluated"])),
            ]
        ),
        Heading("Présences par demi-journée"),
        Table(
            ["Demi-journée", "Présent·es", "Absent·es", "dont signé sur écran", "Feuille"],
            [
                [
                    h.label,
                    str(present),
                    "—" if absent is None else str(absent),
                    str(signed),
                    "close" + (", scan joint" if h.scan else "") if h.is_closed else "ouverte",
                ]
                for h, present, absent, signed in summary["half_days"]
            ],
        ),
        *(
            [
                Paragraph(
                    "— : feuille encore ouverte ; les absent·es sont comptés à sa clôture.",
                    muted=True,
                )
            ]
            if any(absent is None for _h, _p, absent, _s in summary["half_days"])
            else []
        ),
        Heading("Objectifs pédagogiques"),
        Table(
            ["Objectif", "Atteint", "Partiellement", "Non atteint"],
            [[o, str(a), str(b), str(c)] for o, a, b, c in summary["objectives"]],
        ),
        Heading("Questionnaire des participant·es"),
        Table(
            ["Question", "Moyenne (sur 4)", "Réponses"],
            [
                [q, f"{avg:.1f}".replace(".", ",") if avg is not None else "—", str(n)]
                for q, avg, n in summary["questions"]
            ],
        ),
        Paragraph(
            "Échelle : "
            + ", ".join(f"{v} = {label}" for v, label in Agreement.choices)
            + " (pour une question de satisfaction : "
            + ", ".join(f"{v} = {label}" for v, label in Satisfaction.choices)
            + ").",
            muted=True,
        ),
    ]
    if summary["comments"]:
        blocks += [Heading("Ce qu'en disent les participant·es"), Bullets(summary["comments"])]
    blocks += [
        Heading("Commentaires de l'animation"),
        Paragraph(session.review_comments or "—"),
    ]
    dates = session_dates(session.first_day, session.last_day)
    return Document(
        title="Bilan de séance d'atelier",
        subtitle=f"{design.title} — {dates}" if dates else design.title,
        letterhead=letterhead_for(session.structure),
        blocks=blocks,
    )
