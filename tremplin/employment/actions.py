"""The writes of the in-job follow-up. Each is atomic; errors are French and change nothing."""

import secrets
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tremplin.accounts.models import Structure, StructureKind
from tremplin.employers.enums import ContractType
from tremplin.employment import enums, schedule
from tremplin.employment.models import (
    CheckIn,
    Employment,
    EmploymentContact,
    MediationNote,
    TutorFeedback,
)
from tremplin.matching.models import Proposal, ProposalStatus
from tremplin.people.models import Follow

# A hire recorded long after the fact is a data-entry error, not a follow-up to plan.
MAX_DAYS_BACK = 366
MAX_DAYS_AHEAD = 183
EXTRA_STEP = "point ajouté"


def _locked(employment: Employment) -> Employment:
    return Employment.objects.select_for_update().get(pk=employment.pk)


def _check_version(current: Employment, version: int | None) -> None:
    if version is not None and current.version != version:
        raise ValidationError(
            "Ce suivi vient d'être modifié par quelqu'un d'autre : rechargez la page pour "
            "voir son état actuel, puis recommencez."
        )


def _require_active(employment: Employment) -> None:
    if employment.status != enums.EmploymentStatus.ACTIVE:
        raise ValidationError(
            "Ce suivi n'est plus en cours : l'emploi a pris fin ou la situation à 6 mois est "
            "notée. Il se consulte, il ne se complète plus."
        )


def validate_job(employment: Employment, *, creating: bool = False) -> None:
    """The job's dates and contract, checked together (clear French errors)."""
    errors = {}
    today = timezone.localdate()
    start = employment.starts_on
    if start and creating and (today - start).days > MAX_DAYS_BACK:
        errors["starts_on"] = (
            "Une prise de poste de plus d'un an ne se suit plus : vérifiez la date."
        )
    if start and (start - today).days > MAX_DAYS_AHEAD:
        errors["starts_on"] = "Une prise de poste se note au plus six mois à l'avance."
    ends = employment.contract_ends_on
    if ends and start and ends < start:
        errors["contract_ends_on"] = "La fin du contrat ne peut précéder la prise de poste."
    if employment.contract_type == ContractType.CDI and ends:
        errors["contract_ends_on"] = "Un CDI n'a pas de date de fin prévue."
    trial = employment.trial_ends_on
    if trial and start and trial < start:
        errors["trial_ends_on"] = "La période d'essai commence à la prise de poste."
    elif trial and ends and trial > ends:
        errors["trial_ends_on"] = "La fin de la période d'essai doit précéder la fin du contrat."
    if employment.contract_type in (ContractType.CDD, ContractType.SIAE):
        for field, message in _trial_errors(employment).items():
            errors.setdefault(field, message)
    if employment.contract_type == ContractType.SIAE:
        for field, message in _cddi_errors(employment).items():
            errors.setdefault(field, message)
    agreed = employment.plan_agreed_on
    if agreed and agreed > today:
        errors["plan_agreed_on"] = "Notez la date à laquelle le plan a été convenu, une fois fait."
    elif agreed and start and (start - agreed).days > MAX_DAYS_BACK:
        errors["plan_agreed_on"] = "Un plan d'intégration se convient autour de la prise de poste."
    if errors:
        raise ValidationError(errors)


CDDI_MIN_MONTHS = 4
CDDI_MAX_MONTHS = 24
CDDI_MIN_HOURS = 20
# Where the structure's kind says which article applies (checked against the code du
# travail): the four months and the 24 months for the AI, the EI and the ACI, the 20 hours
# for the ACI.
CDDI_ARTICLE = {
    StructureKind.SIAE_AI: "L5132-11-1",
    StructureKind.SIAE_EI: "L5132-5",
    StructureKind.SIAE_ACI: "L5132-15-1",
}
# Code du travail, art. L1242-10: the trial period of a fixed-term contract counts one day
# per week of contract, at most two weeks for six months or less, one month above.
TRIAL_SHORT_CONTRACT_MONTHS = 6
TRIAL_SHORT_MAX_DAYS = 14


def _trial_errors(employment: Employment) -> dict:
    """The trial period of a fixed-term contract (CDD, CDDI) within art. L1242-10."""
    start, ends, trial = employment.starts_on, employment.contract_ends_on, employment.trial_ends_on
    if not (start and ends and trial) or trial < start or trial > ends:
        return {}
    weeks = ((ends - start).days + 1) // 7
    six_months = schedule.Step(0, TRIAL_SHORT_CONTRACT_MONTHS, "months").due_on(start)
    if ends < six_months:
        cap = TRIAL_SHORT_MAX_DAYS
        ceiling = "deux semaines pour un contrat de six mois ou moins"
    else:
        cap = (schedule.Step(0, 1, "months").due_on(start) - start).days
        ceiling = "un mois pour un contrat de plus de six mois"
    days = max(min(weeks, cap), 1)
    latest = start + timedelta(days=days - 1)
    if trial <= latest:
        return {}
    return {
        "trial_ends_on": (
            "La période d'essai d'un contrat à durée déterminée compte un jour par semaine "
            f"de contrat, {ceiling} (code du travail, art. L1242-10) : elle finit au plus "
            f"tard le {latest:%d/%m/%Y}."
        )
    }


def _renewed_from(employment: Employment):
    """The first day of the CDDI this one renews, if any: the person's CDDIs in the same
    structure that follow one another without a day's gap (a renewal recorded as a new
    contract rather than by moving the end date). None when this CDDI starts afresh."""
    if not (employment.person_id and employment.structure_id and employment.starts_on):
        return None
    earlier = (
        Employment.objects.filter(
            person_id=employment.person_id,
            structure_id=employment.structure_id,
            contract_type=ContractType.SIAE,
            starts_on__lt=employment.starts_on,
        )
        .exclude(pk=employment.pk)
        .order_by("-starts_on")
        .values_list("starts_on", "contract_ends_on", "ended_on")
    )
    first = None
    current = employment.starts_on
    for starts_on, contract_ends_on, ended_on in earlier:
        end = ended_on or contract_ends_on
        if end is None or end < current - timedelta(days=1):
            break
        first = current = min(current, starts_on)
    return first


def _cddi_errors(employment: Employment) -> dict:
    """A CDDI is a fixed-term contract (its end is required). It lasts at least four months
    (unless the person was convicted and benefits from an adjustment of sentence) and 24
    months at most, renewals included (unless the person is 50 or over, or a recognised
    disabled worker, or to finish a training under way) and, except in an AI, counts at
    least 20 hours a week (unless the contract provides for less to take into account the
    person's particularly important difficulties, art. L5132-15-1): outside these, the
    derogation must be ticked and its reason given."""
    start, ends = employment.starts_on, employment.contract_ends_on
    if start and not ends:
        return {
            "contract_ends_on": (
                "Un CDDI est un contrat à durée déterminée : indiquez sa fin prévue."
            )
        }
    if employment.derogation_reason.strip():
        return {}
    kind = (
        Structure.objects.filter(pk=employment.structure_id).values_list("kind", flat=True).first()
    )
    article = CDDI_ARTICLE.get(kind)
    cite = f" (code du travail, art. {article})" if article else ""
    how = "ou cochez « Dérogation » et indiquez son motif."
    errors = {}
    if start and ends:
        earliest = schedule.Step(0, CDDI_MIN_MONTHS, "months").due_on(start) - timedelta(days=1)
        first = _renewed_from(employment)
        latest = schedule.Step(0, CDDI_MAX_MONTHS, "months").due_on(first or start) - timedelta(
            days=1
        )
        renewed = (
            f"Ce CDDI renouvelle celui commencé le {first:%d/%m/%Y} dans votre structure. "
            if first
            else ""
        )
        if ends < earliest:
            errors["contract_ends_on"] = (
                f"Un CDDI dure au moins quatre mois{cite}, sauf pour une personne condamnée "
                "qui bénéficie d'un aménagement de peine : fin prévue au plus tôt le "
                f"{earliest:%d/%m/%Y}. Corrigez la date, {how}"
            )
        elif ends > latest:
            errors["contract_ends_on"] = renewed + (
                f"Un CDDI dure 24 mois au plus, renouvellements compris{cite}, sauf pour une "
                "personne de 50 ans et plus ou reconnue travailleur handicapé, ou pour "
                "achever une formation en cours : fin prévue au plus tard le "
                f"{latest:%d/%m/%Y}. Corrigez la date, {how}"
            )
    hours = employment.weekly_hours
    if hours is not None and hours < CDDI_MIN_HOURS and kind != StructureKind.SIAE_AI:
        cite = " (code du travail, art. L5132-15-1)" if kind == StructureKind.SIAE_ACI else ""
        errors["weekly_hours"] = (
            f"Un CDDI compte au moins {CDDI_MIN_HOURS} heures par semaine{cite}, sauf si "
            "le contrat le prévoit pour tenir compte des difficultés particulièrement "
            f"importantes de la personne. Corrigez la durée, {how}"
        )
    return errors


@transaction.atomic
def start(*, employment: Employment, membership, steps: str) -> Employment:
    """Record a hire and plan its check-ins, each a task of the employment's référent."""
    person = employment.person
    if not Follow.objects.filter(
        person=person, structure_id=membership.structure_id, ended_on__isnull=True
    ).exists():
        raise ValidationError(
            "Votre structure ne suit pas (ou plus) cette personne : le suivi dans l'emploi "
            "revient à la structure qui l'accompagne."
        )
    proposal = employment.proposal
    if proposal is not None:
        # Locked: two clicks on « Enregistrer » open one follow-up, not two.
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.person_id != person.pk or proposal.structure_id != membership.structure_id:
            raise ValidationError("Cette mise en relation ne concerne pas cette personne.")
        if proposal.status != ProposalStatus.HIRED:
            raise ValidationError(
                "La mise en relation n'est pas notée « embauchée » : notez d'abord la "
                "réponse de l'employeur."
            )
        if Employment.objects.filter(proposal=proposal).exists():
            raise ValidationError("Le suivi de cette embauche est déjà ouvert.")
    elif (
        Employment.objects.select_for_update()
        .filter(
            person=person,
            structure_id=membership.structure_id,
            employer_name__iexact=employment.employer_name.strip(),
            starts_on=employment.starts_on,
        )
        .exists()
    ):
        raise ValidationError("Cette embauche est déjà notée (même employeur, même date).")
    employment.structure_id = membership.structure_id
    employment.created_by = membership.user
    validate_job(employment, creating=True)
    try:
        planned = schedule.parse(steps)
    except ValidationError as error:
        raise ValidationError({"schedule": error.messages}) from None
    points = schedule.plan(planned, employment.starts_on, employment.contract_ends_on)
    employment.schedule = ", ".join(label for label, _ in points)
    employment.save()
    CheckIn.objects.bulk_create(
        CheckIn(employment=employment, step=label, due_on=due, assignee=employment.referent)
        for label, due in points
    )
    return employment


def replan(employment: Employment, *, old_start, old_referent_id) -> None:
    """After an edit of the job: the pending check-ins follow a new first day (each keeps
    its step, « 1 mois » stays one month after it), the last point of a fixed-term
    contract its planned end, and the tasks of the former follow-up
    counselor go to the new one."""
    pending = list(employment.check_ins.pending())
    for point in pending:
        if point.step == schedule.END_STEP:
            # The last point of a fixed-term contract follows its end.
            if employment.contract_ends_on:
                ends = employment.contract_ends_on
                point.due_on = schedule.last_point_on(employment.starts_on, ends)
        elif employment.starts_on != old_start:
            if point.step == EXTRA_STEP:
                point.due_on += employment.starts_on - old_start
            else:
                point.due_on = schedule.parse(point.step)[0].due_on(employment.starts_on)
        if employment.referent_id != old_referent_id and point.assignee_id == old_referent_id:
            point.assignee_id = employment.referent_id
    if employment.contract_ends_on:
        # A contract shortened (or a CDI turned fixed-term): the planned points that now
        # fall in its last week or after it are cancelled, and one point a week before the
        # end takes their place, as when the job was first recorded. Points added by hand
        # stay: the counselor placed them.
        last = schedule.last_point_on(employment.starts_on, employment.contract_ends_on)
        late = [
            p for p in pending if p.step not in (schedule.END_STEP, EXTRA_STEP) and p.due_on >= last
        ]
        for point in late:
            point.cancelled = True
        has_end = employment.check_ins.filter(step=schedule.END_STEP, cancelled=False).exists()
        if late and not has_end:
            CheckIn.objects.create(
                employment=employment,
                step=schedule.END_STEP,
                due_on=last,
                assignee=employment.referent,
            )
    CheckIn.objects.bulk_update(pending, ["due_on", "assignee", "cancelled"])


@transaction.atomic
def add_check_in(*, employment: Employment, due_on, assignee) -> CheckIn:
    current = _locked(employment)
    _require_active(current)
    if due_on < current.starts_on:
        raise ValidationError({"due_on": "Un point de suivi se place après la prise de poste."})
    if (due_on - current.starts_on).days > schedule.MAX_DAYS:
        raise ValidationError(
            {
                "due_on": "Un point de suivi se place dans les deux ans qui suivent la prise de poste."
            }
        )
    return CheckIn.objects.create(
        employment=current, step=EXTRA_STEP, due_on=due_on, assignee=assignee
    )


def validate_check_in(employment: Employment, data: dict) -> None:
    """What a check-in's record must say, every error at once (the form shows them together)."""
    errors = {}
    done_on = data.get("done_on")
    if done_on and done_on > timezone.localdate():
        errors["done_on"] = "Un point de suivi se note une fois fait."
    elif done_on and done_on < employment.starts_on:
        errors["done_on"] = "Un point de suivi se fait après la prise de poste."
    if not data.get("with_person") and not data.get("with_employer"):
        errors["with_person"] = "Indiquez avec qui le point a été fait (la personne, l'employeur)."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def complete_check_in(*, check_in: CheckIn, by, data: dict) -> CheckIn:
    """Record what the check-in found. A high break-up risk flags the employment; « no
    risk » lifts a risk flagged before (the form says so), noted with who and when."""
    current = CheckIn.objects.select_for_update().get(pk=check_in.pk)
    if current.done_on is not None:
        raise ValidationError(
            f"Ce point de suivi a déjà été fait le {current.done_on:%d/%m/%Y} par "
            f"{current.done_by.full_name if current.done_by_id else 'un·e collègue'}."
        )
    if current.cancelled:
        raise ValidationError("Ce point de suivi a été annulé.")
    employment = _locked(current.employment)
    validate_check_in(employment, data)
    for name in (
        "done_on",
        "channel",
        "with_person",
        "with_employer",
        "integration",
        "tasks",
        "person_view",
        "employer_view",
        "next_steps",
        "risk",
    ):
        setattr(current, name, data.get(name, getattr(current, name)))
    current.done_by = by
    current.save()
    if (
        current.risk == enums.Risk.HIGH
        and not employment.at_risk
        and employment.status == enums.EmploymentStatus.ACTIVE
    ):
        _flag(
            employment,
            by=by,
            reason=f"Point de suivi à {current.step} : risque de rupture.",
            on=current.done_on,
        )
    elif (
        current.risk == enums.Risk.NONE
        and employment.at_risk
        # A check-in held before the risk was raised says nothing about it.
        and (
            employment.risk_raised_at is None
            or current.done_on >= timezone.localdate(employment.risk_raised_at)
        )
    ):
        _clear(
            employment,
            by=by,
            note=(
                f"Point de suivi à {current.step} du {current.done_on:%d/%m/%Y} : "
                "pas de risque de rupture repéré."
            ),
        )
    return current


def _referents(employment: Employment) -> list:
    """Who must hear of a break-up risk: the person's référent and the one following the job."""
    users = {employment.referent_id: employment.referent}
    for follow in Follow.objects.filter(
        person_id=employment.person_id,
        structure_id=employment.structure_id,
        ended_on__isnull=True,
    ).select_related("referent"):
        users[follow.referent_id] = follow.referent
    return [u for u in users.values() if u.is_active]


def _raised_at(day):
    """When a risk seen on `day` (a check-in, a mediation) was raised: now if it is today,
    else that day (at noon, local time, so that the day stays the same in any display)."""
    now = timezone.now()
    if day is None or day >= timezone.localdate(now):
        return now
    return timezone.make_aware(datetime.combine(day, time(12)))


def _flag(employment: Employment, *, by, reason: str, on=None) -> list[str]:
    """Mark the risk and tell the référents (not the person raising it): who was told. A
    risk seen at a check-in or a mediation is dated from that day (`on`), not from the day
    it is entered."""
    employment.at_risk = True
    employment.risk_reason = reason
    employment.risk_raised_at = _raised_at(on)
    employment.risk_raised_by = by
    employment.version += 1
    employment.save()
    told = [u for u in _referents(employment) if u.pk != by.pk and u.email]
    recipients = [u.email for u in told]
    if recipients:
        link = settings.TREMPLIN_BASE_URL.rstrip("/") + reverse(
            "employment:detail", kwargs={"employment_id": employment.pk}
        )
        # No name, no employer in the mail: only who raised it and a link.
        body = (
            f"Bonjour,\n\n{by.full_name} signale un risque de rupture dans un emploi que "
            f"vous suivez ({employment.structure.name}).\n\n"
            f"Voir le suivi : {link}\n\n— Tremplin"
        )
        transaction.on_commit(
            lambda: send_mail(
                "Tremplin : risque de rupture dans un emploi suivi",
                body,
                settings.DEFAULT_FROM_EMAIL,
                recipients,
            )
        )
    return [u.full_name for u in told]


@transaction.atomic
def flag_risk(*, employment: Employment, by, reason: str, version: int | None = None):
    current = _locked(employment)
    _check_version(current, version)
    _require_active(current)
    if not reason.strip():
        raise ValidationError({"reason": "Dites ce qui fait craindre une rupture."})
    if current.at_risk:
        raise ValidationError("Le risque de rupture est déjà signalé.")
    current.notified = _flag(current, by=by, reason=reason.strip())
    return current


@transaction.atomic
def clear_risk(*, employment: Employment, by, note: str, version: int | None = None):
    current = _locked(employment)
    _check_version(current, version)
    if not current.at_risk:
        raise ValidationError("Aucun risque de rupture n'est signalé.")
    if not note.strip():
        raise ValidationError({"note": "Dites ce qui a levé le risque."})
    _clear(current, by=by, note=note.strip())
    return current


def _clear(employment: Employment, *, by, note: str) -> None:
    employment.at_risk = False
    employment.risk_cleared_at = timezone.now()
    employment.risk_cleared_by = by
    employment.risk_cleared_note = note
    employment.version += 1
    employment.save()


@transaction.atomic
def record_mediation(*, employment: Employment, author, data: dict) -> MediationNote:
    current = _locked(employment)
    _require_active(current)
    if data["held_on"] > timezone.localdate():
        raise ValidationError({"held_on": "Une médiation se note une fois faite."})
    if data["held_on"] < current.starts_on:
        raise ValidationError({"held_on": "Une médiation se fait après la prise de poste."})
    if not data["parties"]:
        raise ValidationError({"parties": "Indiquez avec qui la médiation a eu lieu."})
    note = MediationNote.objects.create(
        employment=current,
        author=author,
        held_on=data["held_on"],
        topic=data["topic"],
        parties=list(data["parties"]),
        facts=data["facts"].strip(),
        agreed=data.get("agreed", "").strip(),
    )
    if data.get("raise_risk") and not current.at_risk:
        _flag(
            current,
            by=author,
            reason=f"Médiation du {note.held_on:%d/%m/%Y} : {note.facts}",
            on=note.held_on,
        )
    return note


def end_reason_error(contract_type: str, reason: str) -> str | None:
    """Why a job on this contract cannot end for this reason (French), or None when it can
    (`enums.end_reasons_for`: a CDD or a CDDI has no démission nor licenciement, a CDI no
    term)."""
    if reason in enums.end_reasons_for(contract_type):
        return None
    if reason not in enums.EndReason.values:
        return "Choisissez le motif de fin parmi ceux proposés."
    label = enums.EndReason(reason).label
    if reason == enums.EndReason.DISMISSAL:
        return (
            f"« {label} » n'est plus proposé : choisissez un licenciement pour motif "
            "personnel ou pour motif économique."
        )
    if contract_type in enums.END_RULES:
        name, rule = enums.END_RULES[contract_type]
        return f"« {label} » ne s'applique pas à {name}. {rule}"
    return f"« {label} » ne s'applique pas à ce contrat : choisissez l'un des motifs proposés."


@transaction.atomic
def end(*, employment: Employment, ended_on, reason: str, note: str, version: int | None = None):
    """The job ended (term, trial period, resignation…): the check-ins not done are
    cancelled; the situation at six months is still to be recorded. The reason must be one
    the contract allows (`end_reason_error`)."""
    current = _locked(employment)
    _check_version(current, version)
    _require_active(current)
    errors = {}
    if ended_on < current.starts_on:
        errors["ended_on"] = "La fin de l'emploi ne peut précéder la prise de poste."
    elif ended_on > timezone.localdate():
        errors["ended_on"] = "Notez la fin de l'emploi une fois arrivée."
    reason_error = end_reason_error(current.contract_type, reason)
    if reason_error:
        errors["reason"] = reason_error
    if reason == enums.EndReason.OTHER and not note.strip():
        errors["note"] = "Précisez le motif."
    if errors:
        raise ValidationError(errors)
    current.status = enums.EmploymentStatus.ENDED
    current.ended_on = ended_on
    current.end_reason = reason
    current.end_note = note.strip()
    current.at_risk = False
    current.version += 1
    current.save()
    # Whatever was still to do, before or after that day, will not be done in this job.
    current.check_ins.pending().update(cancelled=True)
    return current


@transaction.atomic
def record_outcome(
    *, employment: Employment, by, outcome: str, note: str, version: int | None = None
):
    """Where the person stands six months after the first day; closes the follow-up."""
    current = _locked(employment)
    _check_version(current, version)
    today = timezone.localdate()
    if current.outcome:
        raise ValidationError("La situation à 6 mois est déjà notée.")
    if today < current.six_months_on:
        raise ValidationError(
            f"La situation à 6 mois se note à partir du {current.six_months_on:%d/%m/%Y}."
        )
    errors = {}
    if outcome == enums.Outcome.SAME_EMPLOYER and current.status == enums.EmploymentStatus.ENDED:
        errors["outcome"] = (
            f"L'emploi chez {current.employer_name} est noté terminé le "
            f"{current.ended_on:%d/%m/%Y} : choisissez une autre situation."
        )
    if outcome != enums.Outcome.SAME_EMPLOYER and current.status == enums.EmploymentStatus.ACTIVE:
        errors["outcome"] = (
            f"L'emploi chez {current.employer_name} est toujours noté en cours : notez d'abord "
            "sa fin (« L'emploi a pris fin »), ou choisissez « Toujours en poste »."
        )
    if outcome == enums.Outcome.OTHER and not note.strip():
        errors["note"] = "Précisez la situation."
    if errors:
        raise ValidationError(errors)
    current.outcome = outcome
    current.outcome_note = note.strip()
    current.outcome_recorded_on = today
    current.outcome_recorded_by = by
    current.status = enums.EmploymentStatus.CLOSED
    current.at_risk = False
    current.version += 1
    current.save()
    current.check_ins.pending().update(cancelled=True)
    return current


@transaction.atomic
def add_contact(*, employment: Employment, added_by, data: dict) -> EmploymentContact:
    current = _locked(employment)
    _require_active(current)
    if not (data.get("phone") or data.get("email")):
        raise ValidationError(
            {"phone": "Indiquez un téléphone ou un e-mail pour le ou la joindre."}
        )
    return EmploymentContact.objects.create(employment=current, added_by=added_by, **data)


# --- the tutor's view, through a signed link ---------------------------------------------

TUTOR_SALT = "tremplin.tutor-feedback"


def tutor_token(feedback: TutorFeedback) -> str:
    return signing.dumps({"f": feedback.pk, "n": feedback.nonce}, salt=TUTOR_SALT)


def tutor_url(feedback: TutorFeedback) -> str:
    path = reverse("employment:tutor-feedback", kwargs={"token": tutor_token(feedback)})
    return settings.TREMPLIN_BASE_URL.rstrip("/") + path


@transaction.atomic
def request_tutor_feedback(*, check_in: CheckIn, by) -> TutorFeedback:
    """E-mail the tutor a link to give their view before the check-in. The mail names
    neither the person nor the structure's file: the page behind the link shows the first
    name and initial, the job and the date of the check-in."""
    current = (
        CheckIn.objects.select_for_update()
        .select_related("employment__structure")
        .get(pk=check_in.pk)
    )
    employment = current.employment
    _require_active(employment)
    if current.is_done or current.cancelled:
        raise ValidationError("Ce point de suivi n'attend plus d'avis : il est fait ou annulé.")
    if not employment.tutor_email:
        raise ValidationError(
            "Indiquez d'abord l'e-mail du tuteur ou de la tutrice (« Modifier » le suivi)."
        )
    feedback = TutorFeedback.objects.filter(check_in=current).first()
    if feedback is not None and feedback.is_answered:
        raise ValidationError("Le tuteur ou la tutrice a déjà donné son avis pour ce point.")
    if feedback is None:
        feedback = TutorFeedback(check_in=current)
    feedback.requested_by = by
    feedback.sent_to = employment.tutor_email
    feedback.sent_at = timezone.now()
    feedback.nonce = secrets.token_urlsafe(12)  # a new link: the old one stops working
    feedback.save()
    link = tutor_url(feedback)
    body = (
        f"Bonjour,\n\n{by.full_name} ({employment.structure.name}) accompagne une personne "
        f"que vous accueillez dans votre équipe, au poste « {employment.job_title} ». "
        f"Un point de suivi de son intégration est prévu le {current.due_on:%d/%m/%Y}.\n\n"
        f"Votre avis compte : vous pouvez le donner en deux minutes, sans compte, par ce "
        f"lien :\n{link}\n\n— Tremplin"
    )
    recipient = feedback.sent_to
    transaction.on_commit(
        lambda: send_mail(
            "Votre avis sur une intégration en cours",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [recipient],
        )
    )
    return feedback


def feedback_from_token(token: str) -> TutorFeedback | None:
    """The request a link designates, while the tutor may still answer (else None)."""
    try:
        data = signing.loads(token, salt=TUTOR_SALT)
    except signing.BadSignature:
        return None
    feedback = (
        TutorFeedback.objects.select_related(
            "check_in__employment__person", "check_in__employment__structure", "requested_by"
        )
        .filter(pk=data.get("f"), nonce=data.get("n"))
        .first()
    )
    if feedback is None or feedback.is_answered:
        return None
    point = feedback.check_in
    if point.is_done or point.cancelled:
        return None
    if point.employment.status != enums.EmploymentStatus.ACTIVE:
        return None
    return feedback


@transaction.atomic
def answer_tutor_feedback(*, feedback: TutorFeedback, data: dict) -> TutorFeedback:
    current = TutorFeedback.objects.select_for_update().get(pk=feedback.pk)
    if current.is_answered:
        raise ValidationError("Votre avis est déjà enregistré.")
    errors = {}
    if not data.get("by_name", "").strip():
        errors["by_name"] = "Indiquez votre nom."
    for name in ("integration", "tasks"):
        if data.get(name) not in enums.Assessment.values:
            errors[name] = "Choisissez une réponse."
    if errors:
        raise ValidationError(errors)
    current.by_name = data["by_name"].strip()
    current.integration = data["integration"]
    current.tasks = data["tasks"]
    current.comment = data.get("comment", "").strip()
    current.answered_at = timezone.now()
    current.save()
    assignee = current.check_in.assignee
    if assignee.email:
        link = settings.TREMPLIN_BASE_URL.rstrip("/") + reverse(
            "employment:detail", kwargs={"employment_id": current.check_in.employment_id}
        )
        body = (
            f"Bonjour,\n\nLe tuteur ou la tutrice a donné son avis avant le point de suivi "
            f"du {current.check_in.due_on:%d/%m/%Y}.\n\nLe lire : {link}\n\n— Tremplin"
        )
        recipient = assignee.email
        transaction.on_commit(
            lambda: send_mail(
                "Tremplin : avis du tuteur reçu", body, settings.DEFAULT_FROM_EMAIL, [recipient]
            )
        )
    return current
