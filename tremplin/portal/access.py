"""What the person sees of their own file, and nothing of anyone else's.

Every helper takes the person's SpaceAccess (from the session, never from the URL) and
filters on its person: an id in a URL only picks among the person's own things (404 else).
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tremplin.accounts.models import Membership, Structure, User
from tremplin.agenda.models import Participant
from tremplin.audit.models import AccessLog
from tremplin.core.permissions import Role, Section, Sensitivity
from tremplin.diagnosis.models import DiagnosisVersion
from tremplin.network.models import Referral, ReferralStatus
from tremplin.pathways.enums import PathwayStatus
from tremplin.pathways.models import Pathway
from tremplin.people.enums import ConsentPurpose
from tremplin.people.models import Consent, Document, Follow
from tremplin.portal.models import SpaceAccess

# The documents the person downloads from their space. Health and justice documents stay
# out: they often come from third parties (a doctor, the SPIP) and carry their assessments;
# the person obtains them from the structure through a right-of-access request, with a
# professional to explain them (docs/security.md, « Espace personnel »).
SPACE_DOCUMENT_SENSITIVITIES = (Sensitivity.GENERAL, Sensitivity.SOCIAL)

# The parts of the file, in the person's words.
SECTION_WORDS = {
    Section.IDENTITY: "Votre identité et vos coordonnées",
    Section.SITUATION: "Votre situation (RSA, France Travail, CAF…)",
    Section.HEALTH: "Votre santé",
    Section.JUSTICE: "Votre situation judiciaire",
    Section.DIAGNOSIS: "Le point sur votre situation (diagnostic)",
    Section.RECEPTION: "Vos passages à l'accueil",
    Section.REFERRALS: "Vos orientations vers d'autres structures",
    Section.AGENDA: "Vos rendez-vous",
    Section.PATHWAY: "Votre parcours et votre plan d'action",
    Section.PROJECT: "Votre projet professionnel",
    Section.IMMERSION: "Vos stages en entreprise (immersions)",
    Section.EMPLOYMENT: "Votre emploi",
    Section.DOCUMENTS: "Vos documents",
    Section.CONSENTS: "Vos accords",
    Section.HISTORY: "L'historique des changements",
    Section.ACCESS_LOG: "La liste des consultations",
}

# What each consent means, in short sentences.
PURPOSE_WORDS = {
    ConsentPurpose.ACCOMPANIMENT: (
        "Être accompagné·e",
        "La structure garde votre dossier pour vous aider.",
    ),
    ConsentPurpose.SHARE_WITH_PARTNER: (
        "Partager des informations",
        "Une autre structure peut lire une partie de votre dossier.",
    ),
    ConsentPurpose.EMPLOYER_PROPOSAL: (
        "Proposer votre candidature",
        "Votre conseiller·ère peut envoyer votre profil à des employeurs.",
    ),
    ConsentPurpose.SURVEYS: (
        "Répondre à des questions de suivi",
        "On peut vous demander des nouvelles plus tard, par exemple après 6 mois.",
    ),
    ConsentPurpose.SMS: (
        "Recevoir des SMS",
        "On peut vous envoyer des rappels de rendez-vous par SMS.",
    ),
}
# Purposes the person may give from the space for the first time. Sharing with a partner
# needs a partner and parts of the file chosen with the counselor: given again only.
SIMPLE_PURPOSES = (
    ConsentPurpose.ACCOMPANIMENT,
    ConsentPurpose.EMPLOYER_PROPOSAL,
    ConsentPurpose.SURVEYS,
    ConsentPurpose.SMS,
)


def active_follows(access: SpaceAccess):
    return (
        Follow.objects.active()
        .filter(person=access.person)
        .select_related("structure", "referent")
        .order_by("started_on", "pk")
    )


def appointments(access: SpaceAccess):
    """The person's appointments, with the structure; the subject is for the team only."""
    return (
        Participant.objects.filter(person=access.person)
        .select_related("appointment__structure", "appointment__organizer")
        .order_by("appointment__starts_at", "pk")
    )


def partner_appointments(access: SpaceAccess):
    """The appointments partners gave after accepting a referral, still to come: the
    referrals of the structures that follow the person."""
    structures = active_follows(access).values("structure_id")
    return (
        Referral.objects.filter(
            person=access.person,
            structure_id__in=structures,
            status=ReferralStatus.ACCEPTED,
            appointment_at__gte=timezone.now(),
        )
        .select_related("partner", "service", "structure")
        .order_by("appointment_at", "pk")
    )


def upcoming_appointments(access: SpaceAccess):
    return appointments(access).filter(
        appointment__starts_at__gte=timezone.now(), appointment__cancelled_at__isnull=True
    )


@dataclass(frozen=True)
class NextAppointment:
    """One appointment to come, with the structure or at a partner's, as the home page
    shows it: when, where, and the partner's name (empty for the structure's own)."""

    starts_at: datetime
    place: str
    partner: str = ""
    is_remote: bool = False


def next_appointments(access: SpaceAccess, *, limit: int = 3) -> list[NextAppointment]:
    """The next appointments, the structure's and the partners' together, soonest first.

    The same sources as « Mes rendez-vous »; two queries whatever the number."""
    own = [
        NextAppointment(
            starts_at=p.appointment.starts_at,
            place=p.appointment.place,
            is_remote=not p.appointment.place,
        )
        for p in upcoming_appointments(access)[:limit]
    ]
    partners = [
        NextAppointment(
            starts_at=r.appointment_at,
            place=r.service.place_label or r.partner.place_label,
            partner=r.partner.name,
        )
        for r in partner_appointments(access).select_related(
            "partner__commune", "service__commune"
        )[:limit]
    ]
    return sorted(own + partners, key=lambda a: a.starts_at)[:limit]


def open_pathways(access: SpaceAccess):
    return (
        Pathway.objects.filter(person=access.person)
        .exclude(status=PathwayStatus.CLOSED)
        .select_related("structure", "referent")
        .prefetch_related("objectives__thematique", "objectives__actions", "actions", "commitments")
        .order_by("started_on", "pk")
    )


def documents(access: SpaceAccess):
    return (
        Document.objects.filter(
            person=access.person,
            deleted_at__isnull=True,
            sensitivity__in=SPACE_DOCUMENT_SENSITIVITIES,
        )
        .select_related("structure")
        .order_by("-created_at", "-pk")
    )


def get_own_document(access: SpaceAccess, pk) -> Document:
    return get_object_or_404(documents(access), pk=pk)


def get_own_partner_follow(access: SpaceAccess, pk) -> Follow:
    """A follow of the person by a structure that took her in from a referral: the one whose
    view of the common file she chooses (`Follow.opened_sections`). 404 for any other."""
    return get_object_or_404(
        Follow.objects.active()
        .filter(person=access.person, opened_sections__isnull=False)
        .select_related("structure"),
        pk=pk,
    )


# The common parts of the file a partner structure may be shown, as the person reads them.
COMMON_PART_HELP = {
    Section.SITUATION: "Vos ressources et vos droits : RSA, numéro CAF, ASS, inscription à "
    "France Travail, votre quartier, et les papiers qui vont avec.",
    Section.HEALTH: "Votre reconnaissance de handicap (RQTH), l'AAH, ce que vous avez dit de "
    "votre santé, et les papiers qui vont avec.",
    Section.JUSTICE: "Une mesure de justice en cours, ce que vous en avez dit, et les papiers "
    "qui vont avec.",
}


def get_own_consent(access: SpaceAccess, pk) -> Consent:
    return get_object_or_404(
        Consent.objects.filter(person=access.person).select_related(
            "structure", "partner", "partner_directory"
        ),
        pk=pk,
    )


def consent_rows(access: SpaceAccess) -> list[dict]:
    """One row per structure, purpose and partner: the consent in force, or the last one.

    The simple purposes appear for every structure that follows the person, even when never
    asked, so that the person can say yes from the space."""
    consents = list(
        Consent.objects.filter(person=access.person)
        .select_related("structure", "partner", "partner_directory")
        .order_by("-given_at", "-pk")
    )
    rows: dict[tuple, dict] = {}
    for consent in consents:
        key = (
            consent.structure_id,
            consent.purpose,
            consent.partner_id,
            consent.partner_directory_id,
            tuple(sorted(consent.sections)),
        )
        row = rows.setdefault(
            key,
            {
                "structure": consent.structure,
                "purpose": consent.purpose,
                "title": PURPOSE_WORDS[consent.purpose][0],
                "help": PURPOSE_WORDS[consent.purpose][1],
                "recipient": consent.recipient,
                "sections": [SECTION_WORDS.get(s, s) for s in consent.sections],
                "active": None,
                "last": consent,
            },
        )
        if consent.is_active and row["active"] is None:
            row["active"] = consent
    for follow in active_follows(access):
        for purpose in SIMPLE_PURPOSES:
            key = (follow.structure_id, purpose, None, None, ())
            rows.setdefault(
                key,
                {
                    "structure": follow.structure,
                    "purpose": purpose,
                    "title": PURPOSE_WORDS[purpose][0],
                    "help": PURPOSE_WORDS[purpose][1],
                    "recipient": None,
                    "sections": [],
                    "active": None,
                    "last": None,
                },
            )
    return sorted(
        rows.values(),
        key=lambda r: (
            r["structure"].name,
            SIMPLE_PURPOSES.index(r["purpose"]) if r["purpose"] in SIMPLE_PURPOSES else 9,
        ),
    )


def may_give(access: SpaceAccess, *, structure_id, purpose) -> bool:
    """A first consent from the space: a simple purpose, for a structure following the person."""
    return (
        purpose in SIMPLE_PURPOSES
        and active_follows(access).filter(structure_id=structure_id).exists()
    )


@dataclass
class Visit:
    """The reads of one professional (or one partner through a link) in one structure on one
    day, as the person sees them: when, who, and the parts of the file, each named once."""

    day: date
    first: datetime
    last: datetime
    user: object | None
    reason: str
    structure: object
    role: str = ""
    parts: list[str] = field(default_factory=list)
    reads: int = 0


def visits(access: SpaceAccess) -> list[Visit]:
    """Who read the file, grouped into visits, the latest first. The person's own reads in
    their space are left out. One aggregate query, then the names (three more)."""
    rows = (
        AccessLog.objects.for_person(access.person)
        .exclude(channel=AccessLog.Channel.SPACE)
        .annotate(day=TruncDate("at"))
        .values("day", "user_id", "reason", "structure_id", "section")
        .annotate(first=Min("at"), last=Max("at"), reads=Count("pk"))
        .order_by()
    )
    grouped: dict[tuple, dict] = {}
    for row in rows:
        key = (
            row["day"],
            row["user_id"],
            row["reason"] if not row["user_id"] else "",
            row["structure_id"],
        )
        visit = grouped.setdefault(
            key, {"first": row["first"], "last": row["last"], "reads": 0, "sections": set()}
        )
        visit["first"] = min(visit["first"], row["first"])
        visit["last"] = max(visit["last"], row["last"])
        visit["reads"] += row["reads"]
        visit["sections"].add(row["section"])
    users = User.objects.in_bulk({key[1] for key in grouped if key[1]})
    structures = Structure.objects.in_bulk({key[3] for key in grouped})
    roles = _roles({(key[1], key[3]) for key in grouped if key[1]})
    order = list(SECTION_WORDS)
    result = [
        Visit(
            day=day,
            first=visit["first"],
            last=visit["last"],
            user=users.get(user_id),
            reason=reason,
            structure=structures[structure_id],
            role=roles.get((user_id, structure_id), ""),
            parts=[
                SECTION_WORDS.get(section, Section(section).label)
                for section in sorted(
                    visit["sections"], key=lambda s: order.index(s) if s in order else len(order)
                )
            ],
            reads=visit["reads"],
        )
        for (day, user_id, reason, structure_id), visit in grouped.items()
    ]
    result.sort(key=lambda v: v.last, reverse=True)
    return result


def _roles(pairs) -> dict[tuple, str]:
    """The role of each (user, structure) pair, in one query."""
    if not pairs:
        return {}
    condition = Q()
    for user_id, structure_id in pairs:
        condition |= Q(user_id=user_id, structure_id=structure_id)
    return {
        (m.user_id, m.structure_id): Role(m.role).label
        for m in Membership.objects.filter(condition)
    }


@dataclass
class Synthesis:
    """The latest version of the diagnosis of one structure that follows the person. Only
    its synthesis, written with the person, is shown: never the domains' notes (health and
    justice among them), nor the demand."""

    follow: Follow
    version: DiagnosisVersion | None

    @property
    def awaits_validation(self) -> bool:
        return (
            self.version is not None
            and bool(self.version.synthesis.strip())
            and not self.version.is_validated
        )


def _own_versions(access: SpaceAccess):
    """The versions of the diagnoses of the structures that follow the person now."""
    return DiagnosisVersion.objects.filter(
        diagnosis__person=access.person,
        diagnosis__structure_id__in=Follow.objects.active()
        .filter(person=access.person)
        .values("structure_id"),
    ).defer("demand")


def syntheses(access: SpaceAccess, follows=None) -> list[Synthesis]:
    """One row per structure that follows the person, with its diagnosis's latest version
    (or None). Two queries: the follows (unless given), the latest versions."""
    if follows is None:
        follows = list(active_follows(access))
    newest = (
        DiagnosisVersion.objects.filter(diagnosis=OuterRef("diagnosis"))
        .order_by("-number")
        .values("number")[:1]
    )
    latest = {
        version.diagnosis.structure_id: version
        for version in _own_versions(access)
        .filter(number=Subquery(newest))
        .select_related("diagnosis")
    }
    rows: dict[int, Synthesis] = {}
    for follow in follows:
        rows.setdefault(follow.structure_id, Synthesis(follow, latest.get(follow.structure_id)))
    return list(rows.values())


def get_own_version(access: SpaceAccess, pk) -> DiagnosisVersion:
    """A version of the person's own diagnosis, by a structure that follows them (it may be
    superseded: the workflow says so); 404 for anything else."""
    return get_object_or_404(_own_versions(access).select_related("diagnosis__structure"), pk=pk)


def require_open(access: SpaceAccess) -> None:
    if not access.is_open:
        raise Http404
