"""Workflows of the pathway. Each is atomic: it all lands or nothing does."""

import hashlib
import re
from datetime import timedelta
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from tremplin.core.text import french_hours, normalize
from tremplin.diagnosis.models import Diagnosis, DiagnosisVersion
from tremplin.pathways import enums
from tremplin.pathways.documents import (
    content_hash,
    contract_document,
    contract_terms,
    former_hours_wording,
    snapshot_of,
)
from tremplin.pathways.exits import ExitFacts, add_months, compute_exit_category
from tremplin.pathways.hours import hours_from
from tremplin.pathways.models import (
    IAE_EXPIRING_MONTHS,
    IAE_SUSPENSION_LONGEST_MONTHS,
    Action,
    ContractSignature,
    Exit,
    IaeApproval,
    IaeProlongation,
    IaeSuspension,
    Objective,
    Pathway,
    Reorientation,
    Suspension,
    default_iae_ends_on,
    longest_iae_ends_on,
)
from tremplin.people import actions as people_actions
from tremplin.people.enums import DocumentKind, FollowEndReason

DEFAULT_COMMITMENTS = {
    enums.CommitmentParty.STRUCTURE: [
        "Vous recevoir en entretien au moins une fois par mois et répondre à vos questions.",
        "Vous proposer des actions adaptées à votre projet et à votre situation.",
    ],
    enums.CommitmentParty.PERSON: [
        "Venir aux rendez-vous ou prévenir en cas d'empêchement.",
        "Réaliser les actions prévues ensemble et en rendre compte.",
    ],
}

# The weekly programme the structure commits to build: the framework's hours, or the target
# adapted for the person (see `hours_commitment`).
HOURS_COMMITMENT = (
    "Construire avec vous un programme de 15 à 20 heures d'activités par semaine : "
    "ateliers, mises en situation en entreprise, formation, démarches."
)
ADAPTED_HOURS_COMMITMENT = (
    "Construire avec vous un programme de {hours} d'activités par semaine, objectif adapté "
    "à votre situation : ateliers, mises en situation en entreprise, formation, démarches."
)
# Any text the default wrote, whatever the target then: « 15 à 20 heures » or « 8 h ».
_HOURS_COMMITMENT_WRITTEN = re.compile(
    "^(?:"
    + re.escape(HOURS_COMMITMENT)
    + "|"
    + re.escape(ADAPTED_HOURS_COMMITMENT).replace(re.escape("{hours}"), "[0-9]+(?:,[0-9]+)? h")
    + ")$"
)

# The contrat d'engagement jeune says more: what the intensive follow-up is, the weekly
# activities, the allowance and what unjustified absences may lead to. Added to the above.
CEJ_COMMITMENTS = {
    enums.CommitmentParty.STRUCTURE: [
        "Vous accompagner de façon intensive avec un ou une référent·e dédié·e, votre "
        "interlocuteur·rice tout au long du contrat, joignable entre les rendez-vous.",
        HOURS_COMMITMENT,
        "Vous informer sur l'allocation CEJ, versée chaque mois sous conditions (ressources, "
        "âge, assiduité), et faire avec vous les démarches pour la recevoir.",
        "En cas d'absences répétées sans justification, en parler d'abord avec vous ; "
        "après cet échange, le versement de l'allocation peut être suspendu.",
    ],
    enums.CommitmentParty.PERSON: [
        "Participer aux activités prévues chaque semaine et justifier toute absence.",
    ],
}


def default_commitments(framework: str, weekly_hours_target=None) -> dict[str, list[str]]:
    """The reciprocal commitments a new contract starts with, for its framework (and, in a
    CEJ, the weekly target adapted for the person, if it is)."""
    extra = CEJ_COMMITMENTS if framework == enums.Framework.CEJ else {}
    commitments = {
        party: [*texts, *extra.get(party, [])] for party, texts in DEFAULT_COMMITMENTS.items()
    }
    if weekly_hours_target is not None:
        commitments = {
            party: [
                hours_commitment(weekly_hours_target) if _HOURS_COMMITMENT_WRITTEN.match(t) else t
                for t in texts
            ]
            for party, texts in commitments.items()
        }
    return commitments


def hours_commitment(weekly_hours_target) -> str:
    """The structure's commitment to a weekly programme: the CEJ's 15 to 20 hours, or the
    target adapted for the person."""
    if weekly_hours_target is None:
        return HOURS_COMMITMENT
    return ADAPTED_HOURS_COMMITMENT.format(hours=french_hours(weekly_hours_target))


def follow_hours_target(pathway: Pathway) -> int:
    """After the weekly target changed: the commitment to a weekly programme that the
    default wrote, and nobody changed since, says the target as it is now. A commitment
    written by hand is never touched. The number of commitments rewritten."""
    if pathway.framework != enums.Framework.CEJ:
        return 0
    text = hours_commitment(pathway.weekly_hours_target)
    changed = 0
    for commitment in pathway.commitments.filter(party=enums.CommitmentParty.STRUCTURE):
        if commitment.text != text and _HOURS_COMMITMENT_WRITTEN.match(commitment.text):
            commitment.text = text
            commitment.save(update_fields=["text"])
            changed += 1
    return changed


def _locked(pathway: Pathway) -> Pathway:
    return Pathway.objects.select_for_update().get(pk=pathway.pk)


def give_follow_its_referent(pathway: Pathway, *, by) -> None:
    """A follow still waiting for its référent gets the pathway's: the file's header and
    the caseloads then say who follows the person. A follow that has one keeps it."""
    if pathway.referent_id is None:
        return
    follow = pathway.person.follows.filter(
        structure_id=pathway.structure_id, ended_on__isnull=True, referent__isnull=True
    ).first()
    if follow is not None:
        people_actions.change_referent(follow=follow, referent=pathway.referent, by=by)


@transaction.atomic
def create_pathway(*, pathway: Pathway, membership, funders=(), commitments=True) -> Pathway:
    """Save a new pathway of the acting structure, with the usual reciprocal commitments."""
    pathway.structure_id = membership.structure_id
    pathway.created_by = membership.user
    pathway.full_clean()
    if (
        Pathway.objects.open()
        .filter(person=pathway.person, structure_id=membership.structure_id)
        .exists()
    ):
        raise ValidationError(
            "Un parcours est déjà en cours pour cette personne dans votre structure : "
            "clôturez-le avant d'en ouvrir un autre."
        )
    pathway.save()
    pathway.funders.set(funders)
    give_follow_its_referent(pathway, by=membership.user)
    if commitments:
        for party, texts in default_commitments(
            pathway.framework, pathway.weekly_hours_target
        ).items():
            for text in texts:
                pathway.commitments.create(party=party, text=text)
    return pathway


def current_diagnosis(pathway: Pathway) -> DiagnosisVersion | None:
    diagnosis = Diagnosis.objects.filter(
        person_id=pathway.person_id, structure_id=pathway.structure_id
    ).first()
    return diagnosis.current if diagnosis else None


def diagnosis_needs(version: DiagnosisVersion | None, *, domains: set[str]) -> list:
    """(domain assessment, thématique) for each need of the version in the given domains."""
    if version is None:
        return []
    return [
        (assessment, thematique)
        for assessment in version.domains.prefetch_related("needs").order_by("pk")
        if assessment.domain in domains
        for thematique in assessment.needs.all()
    ]


@transaction.atomic
def objectives_from_diagnosis(*, pathway: Pathway, needs) -> list[Objective]:
    """One objective for each need not yet answered by an objective in progress or reached."""
    covered = set(
        pathway.objectives.exclude(
            status__in=(enums.ObjectiveStatus.ABANDONED, enums.ObjectiveStatus.NOT_REACHED)
        ).values_list("thematique_id", flat=True)
    )
    created = []
    for assessment, thematique in needs:
        if thematique.pk in covered:
            continue
        covered.add(thematique.pk)
        created.append(
            Objective.objects.create(
                pathway=pathway, thematique=thematique, title=thematique.label, need=assessment
            )
        )
    return created


def signer_name_error(typed: str, person) -> str | None:
    """Why the name typed to sign on screen is not the person's, or None when it is.

    Accents, case, hyphens, apostrophes and order do not matter: « lefevre anais » signs for
    Anaïs Lefèvre. Each word typed is one of the person's first names or names (usage or
    birth name), with at least a first name and a name: « Anaïs Lefèvre-Martin » only when
    the person is named so."""
    words = set(normalize(typed).split())
    first = set(normalize(person.first_name).split())
    names = set(normalize(person.last_name).split()) | set(normalize(person.birth_name).split())
    if words and words <= first | names and words & first and words & names:
        return None
    return (
        f"Le nom saisi (« {typed.strip()} ») n'est pas celui de la personne qui signe ce "
        f"contrat : {person.first_name} {person.last_name.upper()}. La personne saisit "
        "elle-même son prénom et son nom."
    )


@transaction.atomic
def sign_contract(
    *,
    pathway: Pathway,
    membership,
    channel: str,
    signer_name: str = "",
    scan=None,
    drawing: bytes | None = None,
) -> ContractSignature:
    """Freeze the contract as it stands and record how the person signed it (on screen, the
    typed name and, if the person drew it, the drawing with its SHA-256)."""
    pathway = _locked(pathway)
    if pathway.is_closed:
        raise ValidationError("Ce parcours est clos : le contrat ne peut plus être signé.")
    if channel == enums.SignatureChannel.SCREEN and not signer_name.strip():
        raise ValidationError({"signer_name": "La personne saisit son nom pour signer."})
    if channel == enums.SignatureChannel.SCREEN:
        error = signer_name_error(signer_name, pathway.person)
        if error:
            raise ValidationError({"signer_name": error})
    if channel == enums.SignatureChannel.PAPER and scan is None:
        raise ValidationError({"scan": "Joignez le scan du contrat signé."})
    document = None
    snapshot = snapshot_of(contract_document(pathway))
    number = (pathway.signatures.aggregate(n=Max("number"))["n"] or 0) + 1
    if scan is not None:
        document = people_actions.add_document(
            person=pathway.person,
            membership=membership,
            uploaded=scan,
            kind=DocumentKind.CONTRACT,
            title=f"Contrat signé — {pathway.get_framework_display()} — version {number}",
        )
    signature = ContractSignature(
        pathway=pathway,
        number=number,
        channel=channel,
        signer_name=signer_name.strip() if channel == enums.SignatureChannel.SCREEN else "",
        scan=document,
        snapshot=snapshot,
        content_sha256=content_hash(snapshot),
        recorded_by=membership.user,
    )
    if drawing and channel == enums.SignatureChannel.SCREEN:
        signature.drawing_sha256 = hashlib.sha256(drawing).hexdigest()
        signature.drawing.save("signature.png", ContentFile(drawing), save=False)
    signature.save()
    return signature


class ContractState(StrEnum):
    UNSIGNED = "unsigned"
    SIGNED = "signed"  # the latest signature covers the contract exactly as it reads now
    PLAN_MOVED = "plan_moved"  # only the action plan or the objectives' progress moved
    TERMS_CHANGED = "terms_changed"  # what the person signed up to changed: sign again


def contract_state(pathway: Pathway) -> ContractState:
    latest = pathway.signatures.order_by("-number").first()
    if latest is None:
        return ContractState.UNSIGNED
    now = snapshot_of(contract_document(pathway))
    if latest.content_sha256 == content_hash(now):
        return ContractState.SIGNED
    # Signed before the wording of the title, the birth date or the objectives' table
    # changed: the same contract, worded as it was then.
    wordings = [now] + [
        snapshot_of(contract_document(pathway, former_wording=w, former_objectives=o))
        for w, o in ((True, False), (False, True), (True, True))
    ]
    # …or before an adapted target was worded as it is now (documents.framework_note).
    wordings += [
        former for s in wordings if (former := former_hours_wording(s, pathway)) is not None
    ]
    if latest.content_sha256 in {content_hash(s) for s in wordings[1:]}:
        return ContractState.SIGNED
    signed_terms = content_hash(contract_terms(latest.snapshot))
    if signed_terms in {content_hash(contract_terms(s)) for s in wordings}:
        return ContractState.PLAN_MOVED
    return ContractState.TERMS_CHANGED


@transaction.atomic
def suspend(*, pathway: Pathway, by, started_on, reason: str, detail: str = "") -> Suspension:
    pathway = _locked(pathway)
    if pathway.status != enums.PathwayStatus.IN_PROGRESS:
        raise ValidationError("Seul un parcours en cours peut être suspendu.")
    if started_on < pathway.started_on:
        raise ValidationError(
            {"started_on": "La suspension ne peut pas précéder le début du parcours."}
        )
    if started_on > timezone.localdate():
        # The pathway turns « Suspendu » at once: a suspension is recorded once it began.
        raise ValidationError(
            {
                "started_on": "La suspension ne peut pas être datée dans le futur : "
                "enregistrez-la le jour où elle commence. Vérifiez l'année."
            }
        )
    if started_on > pathway.planned_end_on:
        raise ValidationError(
            {
                "started_on": "La suspension ne peut pas commencer après la fin prévue du "
                f"parcours ({pathway.planned_end_on:%d/%m/%Y})."
            }
        )
    # A suspension covers its days from its start until the day before its resumption; a
    # new one, open, must begin once the last one is over (one cancelled covers no day).
    previous = (
        pathway.suspensions.filter(resumed_on__gt=started_on)
        .filter(resumed_on__gt=F("started_on"))
        .order_by("-resumed_on")
        .first()
    )
    if previous is not None:
        raise ValidationError(
            {
                "started_on": "Le parcours était déjà suspendu à cette date (suspension du "
                f"{previous.started_on:%d/%m/%Y}, reprise le {previous.resumed_on:%d/%m/%Y}) : "
                f"la nouvelle suspension commence le {previous.resumed_on:%d/%m/%Y} au plus tôt."
            }
        )
    if reason == enums.SuspensionReason.OTHER and not detail.strip():
        raise ValidationError({"detail": "Précisez le motif."})
    suspension = Suspension.objects.create(
        pathway=pathway, started_on=started_on, reason=reason, detail=detail, recorded_by=by
    )
    pathway.status = enums.PathwayStatus.SUSPENDED
    pathway.save(update_fields=["status", "updated_at"])
    return suspension


@transaction.atomic
def resume(*, pathway: Pathway, by, resumed_on, note: str = "") -> Suspension:
    pathway = _locked(pathway)
    suspension = pathway.suspensions.filter(resumed_on__isnull=True).first()
    if pathway.status != enums.PathwayStatus.SUSPENDED or suspension is None:
        raise ValidationError("Ce parcours n'est pas suspendu.")
    if suspension.started_on > timezone.localdate():
        # Dated in the future by mistake (before such dates were refused): it never took
        # effect. The resumption cancels it, on its own first day: it covers no day at all.
        suspension.resumed_on = suspension.started_on
        suspension.resumption_note = note or (
            f"Suspension annulée : elle était datée du {suspension.started_on:%d/%m/%Y}, "
            "dans le futur."
        )
        suspension.save(update_fields=["resumed_on", "resumption_note"])
        pathway.status = enums.PathwayStatus.IN_PROGRESS
        pathway.save(update_fields=["status", "updated_at"])
        return suspension
    if resumed_on < suspension.started_on:
        raise ValidationError(
            {
                "resumed_on": f"La reprise ne peut pas précéder la suspension ({suspension.started_on:%d/%m/%Y})."
            }
        )
    if resumed_on > timezone.localdate():
        # The pathway turns « En cours » at once: a resumption is recorded the day it happens.
        raise ValidationError(
            {
                "resumed_on": "La reprise ne peut pas être datée dans le futur : "
                "enregistrez-la le jour où elle a lieu."
            }
        )
    suspension.resumed_on = resumed_on
    suspension.resumption_note = note
    suspension.save(update_fields=["resumed_on", "resumption_note"])
    pathway.status = enums.PathwayStatus.IN_PROGRESS
    pathway.save(update_fields=["status", "updated_at"])
    return suspension


OPEN_ACTION_STATUSES = (
    enums.ActionStatus.PLANNED,
    enums.ActionStatus.IN_PROGRESS,
    enums.ActionStatus.ON_HOLD,
)


def open_items(pathway: Pathway, *, lock: bool = False) -> tuple[list[Objective], list[Action]]:
    """The objectives still « en cours » and the actions still to do: what closing the
    pathway must settle. `lock` (inside a transaction): their rows stay locked until it
    ends, so that an edit in another tab either comes before and is seen, or after and
    finds its version changed."""
    objectives = pathway.objectives.filter(status=enums.ObjectiveStatus.IN_PROGRESS)
    actions = pathway.actions.filter(status__in=OPEN_ACTION_STATUSES)
    if lock:
        objectives, actions = objectives.select_for_update(), actions.select_for_update()
    return list(objectives.order_by("pk")), list(actions.order_by("due_on", "pk"))


# What may become of an action still to do when the pathway closes: at an exit, and at a
# reorientation to another structure (the partner cannot take our actions over)…
SETTLED_ACTION_STATUSES = (enums.ActionStatus.DONE, enums.ActionStatus.CANCELLED)
# …and at a reorientation to another framework here, where it may go on in the new pathway.
REORIENTED_ACTION_STATUSES = (enums.ActionStatus.CARRIED, *SETTLED_ACTION_STATUSES)


def _check_outcomes(
    items, outcomes: dict[int, str], allowed, what: str, versions: dict[int, int] | None = None
) -> None:
    """Refuse, in French and before anything is written, outcomes that do not decide each
    item exactly once with an allowed value. `versions` ({pk: version} as the counselor saw
    them, optional): an item added, edited or settled since in another tab is a conflict,
    never silently overwritten."""
    by_pk = {item.pk: item for item in items}
    if versions is not None:
        changed = [item.title for item in items if versions.get(item.pk) != item.version]
        gone = [pk for pk in versions if pk not in by_pk]
        if changed or gone:
            raise ValidationError(
                f"{what} a été modifiée entre-temps par quelqu'un d'autre"
                + (
                    " : " + ", ".join(f"« {title} »" for title in changed)
                    if changed
                    else " (un élément a été soldé ou retiré)"
                )
                + ". Rien n'a été enregistré : relisez la liste à jour et dites ce que devient "
                "chaque élément."
            )
    unknown = sorted(str(pk) for pk in outcomes if pk not in by_pk)
    if unknown:
        raise ValidationError(
            f"{what} ne contient pas l'élément n° {', '.join(unknown)} : il n'est plus à "
            "décider, ou n'est pas de ce parcours. Relisez la liste à jour."
        )
    labels = dict(type(items[0])._meta.get_field("status").choices) if items else {}
    wrong = [
        item.title for item in items if item.pk in outcomes and outcomes[item.pk] not in allowed
    ]
    if wrong:
        raise ValidationError(
            "Choix impossible pour "
            + ", ".join(f"« {title} »" for title in wrong)
            + " : "
            + " ou ".join(f"« {labels.get(value, value)} »" for value in allowed)
            + " seulement."
        )
    missing = [item.title for item in items if item.pk not in outcomes]
    if missing:
        raise ValidationError(
            f"{what} a changé entre-temps, ou reste sans décision : "
            + ", ".join(f"« {title} »" for title in missing)
            + ". Relisez la liste et dites ce qu'il devient."
        )


def _apply_outcomes(items, outcomes: dict[int, str]) -> None:
    for item in items:
        item.status = outcomes[item.pk]
        item.version += 1
        item.save(update_fields=["status", "version", "updated_at"])


def done_after_errors(actions, outcomes: dict[int, str], day, when: str) -> dict[str, str]:
    """An action that starts (or, without a start, falls due) after `day` cannot have been
    carried out by then: it is cancelled (or carried over), never « Réalisée », and its
    hours never count as done. {form field: message} for each action marked done so.
    `when` names the day (« la sortie »); empty, the day is today."""
    after = f"{when} du {day:%d/%m/%Y}" if when else f"aujourd'hui ({day:%d/%m/%Y})"
    return {
        f"action_{action.pk}": (
            f"L'action « {action.title} » commence le {action.first_day:%d/%m/%Y}, après "
            f"{after} : elle ne peut pas être réalisée. Choisissez « Annulée »."
        )
        for action in actions
        if outcomes.get(action.pk) == enums.ActionStatus.DONE and action.first_day > day
    }


@transaction.atomic
def close_with_exit(
    *,
    pathway: Pathway,
    by,
    facts: ExitFacts,
    comment: str = "",
    objective_outcomes: dict[int, str] | None = None,
    action_outcomes: dict[int, str] | None = None,
    settle: bool = True,
) -> Exit:
    """Record the exit's facts, compute its category and close the pathway. Each objective
    still in progress is reached or not, each action still to do done or cancelled: the
    caller says which (`{pk: status}`), for all of them. A reorientation settles them itself
    (`settle=False`): its objectives go on in the new pathway or with the partner, and its
    actions are carried over, done or cancelled (`reorient_to_framework`)."""
    pathway = _locked(pathway)
    if pathway.is_closed:
        raise ValidationError("Ce parcours est déjà clos.")
    category = compute_exit_category(facts)  # raises with the missing facts
    if facts.exit_on < pathway.started_on:
        raise ValidationError({"exit_on": "La sortie ne peut pas précéder le début du parcours."})
    if facts.exit_on > timezone.localdate():
        raise ValidationError({"exit_on": "La date de sortie ne peut pas être dans le futur."})
    objectives, open_actions = open_items(pathway, lock=True) if settle else ([], [])
    _check_outcomes(
        objectives,
        objective_outcomes or {},
        # « Abandonné » is still what the API sends for an objective not reached.
        (
            enums.ObjectiveStatus.REACHED,
            enums.ObjectiveStatus.NOT_REACHED,
            enums.ObjectiveStatus.ABANDONED,
        ),
        "La liste des objectifs en cours",
    )
    _check_outcomes(open_actions, action_outcomes or {}, SETTLED_ACTION_STATUSES, ACTIONS_LIST)
    after_exit = done_after_errors(open_actions, action_outcomes or {}, facts.exit_on, "la sortie")
    if after_exit:
        raise ValidationError(after_exit)
    _apply_outcomes(objectives, objective_outcomes or {})
    _apply_outcomes(open_actions, action_outcomes or {})
    exit_ = Exit.objects.create(
        pathway=pathway,
        exit_on=facts.exit_on,
        situation=facts.situation,
        employer=facts.employer,
        contract_start=facts.contract_start,
        contract_end=facts.contract_end,
        weekly_hours=facts.weekly_hours,
        training_title=facts.training_title,
        comment=comment,
        category=category,
        recorded_by=by,
    )
    # The suspension still open ends with the exit. One dated after the exit (a date typed
    # in the future before such dates were refused) never took effect: it ends on its own
    # first day and covers no day at all.
    for open_suspension in pathway.suspensions.filter(resumed_on__isnull=True):
        open_suspension.resumed_on = max(facts.exit_on, open_suspension.started_on)
        open_suspension.save(update_fields=["resumed_on"])
    pathway.status = enums.PathwayStatus.CLOSED
    pathway.closed_on = facts.exit_on
    pathway.save(update_fields=["status", "closed_on", "updated_at"])
    return exit_


# A referral still leading somewhere: sent and waiting, accepted, or carried out.
LIVE_REFERRAL_STATUSES = ("sent", "accepted", "done")


ACTIONS_LIST = "La liste des actions à réaliser"


def _check_decision(pathway: Pathway, decided_on, reason: str) -> None:
    errors = {}
    if decided_on < pathway.started_on:
        errors["decided_on"] = (
            f"La réorientation ne peut pas précéder le début du parcours "
            f"({pathway.started_on:%d/%m/%Y})."
        )
    elif decided_on > timezone.localdate():
        errors["decided_on"] = "La réorientation ne peut pas être datée dans le futur."
    if not reason.strip():
        errors["reason"] = "Indiquez le motif de la réorientation."
    if errors:
        raise ValidationError(errors)


def _carry_objectives(objectives, new: Pathway) -> dict[int, Objective]:
    """Copy the open objectives chosen into the new pathway: {old pk: copy}."""
    copies = {}
    for old in objectives:
        copy = Objective(pathway=new, thematique=old.thematique, title=old.title, need=old.need)
        copy.full_clean()
        copy.save()
        copies[old.pk] = copy
    return copies


def _carry_action(action: Action, new: Pathway, copies: dict[int, Objective]) -> Action:
    """Copy an action still to do into the new pathway; the old one becomes « Reprise dans
    le nouveau parcours » (by the caller), so that nothing stays open in the closed pathway.

    The copy keeps the title, who leads it (and the partner), its status and its due date.
    It is attached to the copy of its objective when that objective is carried over too;
    otherwise (objective left, reached, or none) it is attached to no objective: a new
    pathway never points at the old one's objectives.

    The action is split at the reorientation day, the new pathway's first day: the copy
    takes the days from then on, with their share of the hours (`hours.hours_from`); the
    days before stay with the old pathway and count there (`hours.spread_action`). An action
    whose days are all past (overdue) keeps its hours on those past days, in the old
    pathway (weeks already reported never change); its copy is due on the new pathway's
    first day, with no hours, to be planned again. No day is counted twice.
    """
    day = new.started_on
    if action.due_on >= day:
        starts_on = max(action.starts_on, day) if action.starts_on else None
        due_on, hours = action.due_on, hours_from(action, day)
    else:
        starts_on, due_on, hours = None, day, None
    copy = Action(
        pathway=new,
        objective=copies.get(action.objective_id),
        title=action.title,
        owner=action.owner,
        partner_name=action.partner_name,
        starts_on=starts_on,
        due_on=due_on,
        status=action.status,
        hours=hours,
    )
    copy.full_clean()
    copy.save()
    return copy


def _leave_objectives(pathway: Pathway, *, carried, others: str) -> None:
    """A reoriented pathway keeps no objective « en cours »."""
    still_open = pathway.objectives.select_for_update().filter(
        status=enums.ObjectiveStatus.IN_PROGRESS
    )
    ids = [o.pk for o in carried]
    still_open.filter(pk__in=ids).update(
        status=enums.ObjectiveStatus.CARRIED, version=F("version") + 1, updated_at=timezone.now()
    )
    still_open.exclude(pk__in=ids).update(
        status=others, version=F("version") + 1, updated_at=timezone.now()
    )


@transaction.atomic
def reorient_to_framework(
    *,
    pathway: Pathway,
    membership,
    decided_on,
    framework: str,
    planned_end_on,
    reason: str,
    objectives=(),
    funders=(),
    action_outcomes: dict[int, str] | None = None,
    action_versions: dict[int, int] | None = None,
    extension_reason: str = "",
) -> Reorientation:
    """Close the pathway and open one under another framework in the same structure.

    Each action still to do is decided (`action_outcomes`, {pk: status}, all of them):
    « carried » goes on in the new pathway (see `_carry_action`), « done » or « cancelled »
    settles it as at an exit. `action_versions` ({pk: version} as shown to the counselor)
    refuses the whole reorientation if the plan changed meanwhile. All or nothing."""
    pathway = _locked(pathway)
    if pathway.is_closed:
        raise ValidationError("Ce parcours est déjà clos.")
    _check_decision(pathway, decided_on, reason)
    if framework == pathway.framework:
        raise ValidationError({"framework": "Choisissez un cadre différent du parcours actuel."})
    chosen = list(objectives)
    if any(o.pathway_id != pathway.pk for o in chosen):
        raise ValidationError({"objectives": "Un de ces objectifs n'est pas de ce parcours."})
    outcomes = dict(action_outcomes or {})
    _objectives, open_actions = open_items(pathway, lock=True)
    _check_outcomes(
        open_actions, outcomes, REORIENTED_ACTION_STATUSES, ACTIONS_LIST, action_versions
    )
    label = enums.Framework(framework).label
    close_with_exit(
        pathway=pathway,
        by=membership.user,
        facts=ExitFacts(situation=enums.ExitSituation.REORIENTED, exit_on=decided_on),
        settle=False,
        comment=f"Réorientation vers : {label}. {reason.strip()}",
    )
    new = create_pathway(
        pathway=Pathway(
            person=pathway.person,
            framework=framework,
            started_on=decided_on,
            planned_end_on=planned_end_on,
            extension_reason=extension_reason.strip(),
            referent=pathway.referent,
        ),
        membership=membership,
        funders=funders,
    )
    copies = _carry_objectives(chosen, new)
    carried_actions = [
        _carry_action(action, new, copies)
        for action in open_actions
        if outcomes[action.pk] == enums.ActionStatus.CARRIED
    ]
    _apply_outcomes(open_actions, outcomes)
    # On the closed pathway: the objectives taken up are « repris », the others left.
    _leave_objectives(pathway, carried=chosen, others=enums.ObjectiveStatus.ABANDONED)
    return Reorientation.objects.create(
        pathway=pathway,
        kind=enums.ReorientationKind.FRAMEWORK,
        decided_on=decided_on,
        reason=reason.strip(),
        new_framework=framework,
        new_pathway=new,
        objectives_carried=len(copies),
        actions_carried=len(carried_actions),
        recorded_by=membership.user,
    )


@transaction.atomic
def reorient_to_structure(
    *,
    pathway: Pathway,
    membership,
    decided_on,
    referral,
    reason: str,
    end_follow: bool,
    action_outcomes: dict[int, str] | None = None,
    action_versions: dict[int, int] | None = None,
) -> Reorientation:
    """Close the pathway: the person goes on with the partner the referral reaches.

    The referral already carries the person's consent to share the chosen sections of the
    file with that partner; this records the decision and, if asked, ends the follow. The
    partner takes the objectives up, but our actions cannot move to another structure: each
    action still to do is done or cancelled (`action_outcomes`, as at an exit;
    `action_versions` as in `reorient_to_framework`).
    """
    pathway = _locked(pathway)
    if pathway.is_closed:
        raise ValidationError("Ce parcours est déjà clos.")
    _check_decision(pathway, decided_on, reason)
    if (
        referral is None
        or referral.person_id != pathway.person_id
        or referral.structure_id != pathway.structure_id
    ):
        raise ValidationError({"referral": "Choisissez une orientation de cette personne."})
    if referral.status not in LIVE_REFERRAL_STATUSES:
        raise ValidationError(
            {
                "referral": f"Cette orientation est « {referral.get_status_display().lower()} » : "
                "elle ne peut pas porter une réorientation."
            }
        )
    outcomes = dict(action_outcomes or {})
    _objectives, open_actions = open_items(pathway, lock=True)
    _check_outcomes(open_actions, outcomes, SETTLED_ACTION_STATUSES, ACTIONS_LIST, action_versions)
    partner = referral.partner.name
    close_with_exit(
        pathway=pathway,
        by=membership.user,
        facts=ExitFacts(situation=enums.ExitSituation.REORIENTED, exit_on=decided_on),
        settle=False,
        comment=f"Réorientation vers {partner}. {reason.strip()}",
    )
    _apply_outcomes(open_actions, outcomes)
    # The partner takes the objectives up.
    _leave_objectives(pathway, carried=(), others=enums.ObjectiveStatus.CARRIED)
    follow_ended = False
    if end_follow:
        follow = pathway.person.follows.filter(
            structure_id=pathway.structure_id, ended_on__isnull=True
        ).first()
        if follow is not None:
            people_actions.end_follow(
                follow=follow,
                reason=FollowEndReason.REORIENTATION,
                ended_on=max(decided_on, follow.started_on),
                by=membership.user,
            )
            follow_ended = True
    return Reorientation.objects.create(
        pathway=pathway,
        kind=enums.ReorientationKind.STRUCTURE,
        decided_on=decided_on,
        reason=reason.strip(),
        referral=referral,
        follow_ended=follow_ended,
        recorded_by=membership.user,
    )


# --- the PASS IAE -----------------------------------------------------------------------------


# The reason written in the PASS's history when a prolongation (or its withdrawal) moves
# its end.
PROLONGATION_CHANGE = "prolongation"


def _locked_approval(approval: IaeApproval) -> IaeApproval:
    return IaeApproval.objects.select_for_update().select_related("pathway").get(pk=approval.pk)


def _suspensions_outside(approval: IaeApproval) -> list[str]:
    """The suspensions that would no longer fall within the PASS as it now reads."""
    end = approval.effective_ends_on
    return [
        f"du {s.starts_on:%d/%m/%Y} au {s.ends_on:%d/%m/%Y}"
        for s in approval.current_suspensions
        if s.starts_on < approval.starts_on or s.starts_on > end
    ]


@transaction.atomic
def record_iae_approval(
    *,
    pathway: Pathway,
    membership,
    number: str,
    starts_on,
    ends_on=None,
    delivered_by: str,
    delivered_on,
    scan=None,
) -> IaeApproval:
    """Record the PASS IAE of an IAE pathway, or correct the one recorded. Without an end, it
    ends 24 months less a day after its start."""
    pathway = _locked(pathway)
    if pathway.is_closed:
        raise ValidationError("Ce parcours est clos : son PASS IAE ne peut plus être modifié.")
    approval = IaeApproval.objects.filter(pathway=pathway).first() or IaeApproval(pathway=pathway)
    approval.number = "".join(number.split())  # the model's clean() checks the 12 digits
    approval.starts_on = starts_on
    approval.ends_on = ends_on or (starts_on and default_iae_ends_on(starts_on))
    approval.delivered_by = delivered_by.strip()
    approval.delivered_on = delivered_on
    approval.recorded_by = membership.user
    approval.full_clean(exclude=["scan"])
    if approval.pk:
        outside = _suspensions_outside(approval)
        if outside:
            raise ValidationError(
                {
                    "starts_on": "Des suspensions ne seraient plus dans la période du PASS IAE ("
                    + ", ".join(outside)
                    + ") : vérifiez les dates."
                }
            )
    if scan is not None:
        approval.scan = people_actions.add_document(
            person=pathway.person,
            membership=membership,
            uploaded=scan,
            kind=DocumentKind.OTHER,
            title="PASS IAE (agrément IAE)",
        )
    approval.save()
    return approval


@transaction.atomic
def suspend_iae_approval(
    *, approval: IaeApproval, by, starts_on, ends_on, reason: str, detail: str = ""
) -> IaeSuspension:
    """Record a suspension of the PASS IAE: it begins within the PASS, does not overlap
    another, and pushes the end back by its length (IaeApproval.effective_ends_on)."""
    approval = _locked_approval(approval)
    if approval.pathway.is_closed:
        raise ValidationError("Ce parcours est clos : son PASS IAE ne peut plus être modifié.")
    if reason not in enums.IaeSuspensionReason.values:
        raise ValidationError({"reason": "Choisissez le motif de la suspension."})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "La fin de la suspension doit suivre son début."})
    if starts_on > timezone.localdate():
        raise ValidationError(
            {
                "starts_on": "Une suspension ne peut pas commencer dans le futur : "
                "enregistrez-la quand elle commence."
            }
        )
    longest = add_months(starts_on, IAE_SUSPENSION_LONGEST_MONTHS) - timedelta(days=1)
    if ends_on > longest:
        raise ValidationError(
            {
                "ends_on": f"Une suspension dure {IAE_SUSPENSION_LONGEST_MONTHS} mois au plus : "
                f"celle-ci doit finir le {longest:%d/%m/%Y} au plus tard."
            }
        )
    end = approval.effective_ends_on
    if starts_on < approval.starts_on or starts_on > end:
        raise ValidationError(
            {
                "starts_on": "La suspension doit commencer pendant la validité du PASS IAE, du "
                f"{approval.starts_on:%d/%m/%Y} au {end:%d/%m/%Y}."
            }
        )
    overlapping = approval.suspensions.filter(
        starts_on__lte=ends_on, ends_on__gte=starts_on, withdrawn_at__isnull=True
    )
    other = overlapping.first()
    if other is not None:
        raise ValidationError(
            {
                "starts_on": "Cette suspension chevauche celle du "
                f"{other.starts_on:%d/%m/%Y} au {other.ends_on:%d/%m/%Y} : vérifiez les dates."
            }
        )
    return IaeSuspension.objects.create(
        approval=approval,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
        detail=detail.strip(),
        recorded_by=by,
    )


@transaction.atomic
def prolong_iae_approval(
    *, approval: IaeApproval, by, ends_on, reason: str, requested_on, detail: str = ""
) -> IaeProlongation:
    """Prolong the PASS IAE to a new end, in the cases DURATION_RULES names, never beyond
    60 months from its start."""
    approval = _locked_approval(approval)
    if approval.pathway.is_closed:
        raise ValidationError("Ce parcours est clos : son PASS IAE ne peut plus être modifié.")
    if reason not in enums.IaeProlongationReason.values:
        raise ValidationError({"reason": "Choisissez le motif de la prolongation."})
    if ends_on <= approval.ends_on:
        raise ValidationError(
            {
                "ends_on": "La nouvelle fin doit être après la fin actuelle du PASS IAE hors "
                f"suspensions ({approval.ends_on:%d/%m/%Y})."
            }
        )
    longest = longest_iae_ends_on(approval.starts_on)
    if ends_on > longest:
        raise ValidationError(
            {
                "ends_on": "Un PASS IAE ne peut pas être prolongé au-delà de 60 mois depuis son "
                f"début ({approval.starts_on:%d/%m/%Y}) : la nouvelle fin ne peut pas dépasser "
                f"le {longest:%d/%m/%Y}."
            }
        )
    if requested_on > timezone.localdate():
        raise ValidationError({"requested_on": "La date de la demande est dans le futur."})
    if requested_on < approval.starts_on:
        raise ValidationError(
            {"requested_on": "La demande ne peut pas précéder le début du PASS IAE."}
        )
    if requested_on > approval.effective_ends_on:
        raise ValidationError(
            {
                "requested_on": "Le PASS IAE a pris fin le "
                f"{approval.effective_ends_on:%d/%m/%Y} : une prolongation se demande avant. "
                "Pour un nouveau parcours, un prescripteur habilité doit de nouveau valider "
                "l'éligibilité de la personne."
            }
        )
    # The age is checked, the RQTH is not: it is health data, which the colleague recording
    # the prolongation may not see, and an error would tell it.
    if reason == enums.IaeProlongationReason.SENIOR:
        born = approval.pathway.person.birth_date
        if born is not None and add_months(born, 50 * 12) > requested_on:
            raise ValidationError(
                {
                    "reason": f"La personne avait moins de 50 ans le {requested_on:%d/%m/%Y}, "
                    f"date de la demande (né·e le {born:%d/%m/%Y}) : choisissez un autre motif."
                }
            )
    prolongation = IaeProlongation.objects.create(
        approval=approval,
        previous_ends_on=approval.ends_on,
        ends_on=ends_on,
        reason=reason,
        detail=detail.strip(),
        requested_on=requested_on,
        recorded_by=by,
    )
    approval.ends_on = ends_on
    approval.recorded_by = by
    # The file's history shows the prolongation itself (pathways.history), not this change.
    approval._change_reason = PROLONGATION_CHANGE
    approval.save(update_fields=["ends_on", "recorded_by", "updated_at"])
    return prolongation


def _withdrawal_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Dites pourquoi cette saisie est retirée."})
    return reason


@transaction.atomic
def withdraw_iae_suspension(*, suspension: IaeSuspension, by, reason: str) -> IaeSuspension:
    """Withdraw a suspension recorded by mistake: it no longer postpones the end of the PASS,
    and stays on record with who withdrew it, when and why."""
    approval = _locked_approval(suspension.approval)
    if approval.pathway.is_closed:
        raise ValidationError("Ce parcours est clos : son PASS IAE ne peut plus être modifié.")
    reason = _withdrawal_reason(reason)
    suspension = IaeSuspension.objects.select_for_update().get(pk=suspension.pk)
    if suspension.withdrawn_at is not None:
        raise ValidationError("Cette suspension a déjà été retirée.")
    suspension.mark_withdrawn(by=by, reason=reason)
    # Its days no longer push the end back: a later suspension may now fall outside the PASS
    # (the transaction then undoes the withdrawal).
    approval = IaeApproval.objects.get(pk=approval.pk)
    outside = _suspensions_outside(approval)
    if outside:
        raise ValidationError(
            "Sans cette suspension, d'autres ne seraient plus dans la période du PASS IAE ("
            f"{', '.join(outside)}) : retirez-les d'abord."
        )
    return suspension


@transaction.atomic
def withdraw_iae_prolongation(*, prolongation: IaeProlongation, by, reason: str) -> IaeProlongation:
    """Withdraw the latest prolongation, recorded by mistake: the PASS ends again where it
    ended before it. Only the latest one can be withdrawn, so that the ends chain up, and only
    while the PASS still ends where it set it (a correction made since wins)."""
    approval = _locked_approval(prolongation.approval)
    if approval.pathway.is_closed:
        raise ValidationError("Ce parcours est clos : son PASS IAE ne peut plus être modifié.")
    reason = _withdrawal_reason(reason)
    prolongation = IaeProlongation.objects.select_for_update().get(pk=prolongation.pk)
    if prolongation.withdrawn_at is not None:
        raise ValidationError("Cette prolongation a déjà été retirée.")
    latest = approval.current_prolongations[-1]
    if latest.pk != prolongation.pk:
        raise ValidationError(
            f"Retirez d'abord la prolongation la plus récente, jusqu'au {latest.ends_on:%d/%m/%Y}."
        )
    if approval.ends_on != prolongation.ends_on:
        raise ValidationError(
            f"Le PASS IAE a été corrigé depuis : il finit le {approval.ends_on:%d/%m/%Y}, pas "
            f"le {prolongation.ends_on:%d/%m/%Y}. Corrigez plutôt ses dates."
        )
    approval.ends_on = prolongation.previous_ends_on
    outside = _suspensions_outside(approval)
    if outside:
        raise ValidationError(
            "Sans cette prolongation, des suspensions ne seraient plus dans la période du PASS "
            f"IAE ({', '.join(outside)}) : retirez-les d'abord."
        )
    prolongation.mark_withdrawn(by=by, reason=reason)
    approval.recorded_by = by
    approval._change_reason = PROLONGATION_CHANGE
    approval.save(update_fields=["ends_on", "recorded_by", "updated_at"])
    return prolongation


def due_iae_approvals(user, *, today) -> list[IaeApproval]:
    """The PASS IAE of the user's structure that end within three months, or have ended,
    while their pathway is open: the soonest end first. Three queries, however long."""
    membership = user.active_membership
    pathways = (
        Pathway.objects.visible_to(user)
        .of_structure(membership.structure_id)
        .open()
        .filter(framework=enums.Framework.IAE)
    )
    # The end moves with the suspensions: it is computed here, over the open IAE pathways of
    # the structure (a few hundred at most), with the suspensions prefetched.
    approvals = (
        IaeApproval.objects.filter(pathway__in=pathways)
        .select_related("pathway__person", "pathway__referent")
        .prefetch_related("suspensions")
    )
    horizon = add_months(today, IAE_EXPIRING_MONTHS)
    due = [a for a in approvals if a.effective_ends_on <= horizon]
    return sorted(due, key=lambda a: (a.effective_ends_on, a.pk))
