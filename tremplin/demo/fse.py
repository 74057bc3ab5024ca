"""Demo FSE+ participants of the Mission Locale: pathways co-financed by the FSE+ that
started over the last year and a half, with their entry data, exits of every kind, and the
6-month survey in every state (answered by the link or by phone, one link still waiting,
one expired, people who refused the surveys, one without e-mail nor mobile)."""

import random
import secrets
from datetime import timedelta

from django.utils import timezone

from tremplin.accounts.models import Membership
from tremplin.fse.models import Participation, Survey
from tremplin.fse.rules import six_month_date
from tremplin.pathways import actions
from tremplin.pathways.exits import ExitFacts, add_months
from tremplin.pathways.models import Funder, Pathway
from tremplin.people.enums import ConsentChannel, ConsentPurpose
from tremplin.people.models import Consent, Person

EMPLOYERS = [
    "Chantiers de l'Atlantique — sous-traitance",
    "Supermarché de Montoir",
    "EHPAD Les Mimosas",
    "Transports de l'estuaire",
    "Boulangerie du Port",
]
TRAININGS = ["Titre professionnel agent de propreté", "CAP cuisine en un an", "Remise à niveau"]

# (exit situation, survey answer, contract, how) for the exits whose six months are past.
LATER = [
    ("cdd", "employed", "cdi", "link"),
    ("interim", "employed", "interim", "link"),
    ("job_seeking", "employed", "cdd", "link"),
    ("qualifying_training", "training", "", "link"),
    ("cdi", "employed", "cdi", "phone"),
    ("job_seeking", "job_seeking", "", "phone"),
    ("business", "self_employed", "", "link"),
    ("cdd", "", "", "waiting"),  # the link left ten days ago: still to answer
    ("job_seeking", "", "", "expired"),  # no answer: to call
    ("dropout", "", "", "no_consent"),
    ("cdd", "", "", "no_consent"),
    ("job_seeking", "", "", "no_channel"),
]


def _consent(person, structure, counselor, purpose):
    Consent.objects.create(
        person=person,
        structure=structure,
        purpose=purpose,
        channel=ConsentChannel.PAPER,
        recorded_by=counselor,
    )


def _exit_facts(rng, situation, exit_on) -> ExitFacts:
    if situation in {"cdi", "cdd", "interim", "business"}:
        start = exit_on + timedelta(days=rng.randint(0, 10))
        return ExitFacts(
            situation=situation,
            exit_on=exit_on,
            contract_start=start,
            contract_end=start + timedelta(days=rng.choice([60, 120, 240]))
            if situation in {"cdd", "interim"}
            else None,
            employer=rng.choice(EMPLOYERS),
        )
    if situation == "qualifying_training":
        return ExitFacts(
            situation=situation,
            exit_on=exit_on,
            contract_start=exit_on + timedelta(days=14),
            training_title=rng.choice(TRAININGS),
        )
    return ExitFacts(situation=situation, exit_on=exit_on)


def _entry_data(rng, pathway, counselor, person):
    status = rng.choices(["unemployed", "inactive", "employed", ""], weights=[6, 2, 2, 1])[0]
    Participation.objects.create(
        pathway=pathway,
        labour_status=status,
        jobseeker_since=pathway.started_on - timedelta(days=rng.choice([90, 200, 400, 800]))
        if status == "unemployed" and rng.random() < 0.85
        else None,
        entry_contract=rng.choice(["cdd", "interim", "subsidised", "cdi"])
        if status == "employed"
        else "",
        education_level=person.education_level or rng.choice(["infra3", "3", "4", "5"]),
        housing_exclusion="yes"
        if person.is_domiciled
        else rng.choice(["no", "no", "no", "yes", ""]),
        rural=rng.choice(["no", "no", "yes", ""]),
        disability="yes"
        if person.has_rqth
        else rng.choice(["no", "no", "no", "no", "yes", "declined"]),
        qualification="",
        recorded_by=counselor,
    )


def create_fse(rng: random.Random, *, structure, counselor) -> None:
    membership = Membership.objects.get(user=counselor, structure=structure)
    counselor.active_membership = membership
    fse = Funder.objects.get(structure=structure, nomenclature_id="fse_plus")
    plie = Funder.objects.filter(structure=structure, nomenclature_id="plie").first()
    today = timezone.localdate()
    people = list(
        Person.objects.filter(follows__structure=structure, follows__ended_on__isnull=True)
        .exclude(pathways__structure=structure)
        .order_by("pk")[: len(LATER) + 14]
    )
    if len(people) < len(LATER) + 14:
        return

    # The FSE+ pathways already in the demo get their entry data too.
    for pathway in Pathway.objects.filter(structure=structure, funders=fse):
        _entry_data(rng, pathway, counselor, pathway.person)

    def open_pathway(person, started):
        pathway = actions.create_pathway(
            pathway=Pathway(
                person=person,
                framework="plie",
                started_on=started,
                planned_end_on=started + timedelta(days=365),
                referent=counselor,
            ),
            membership=membership,
            funders=[f for f in (plie, fse) if f],
        )
        _entry_data(rng, pathway, counselor, person)
        return pathway

    # Exits six to eight months ago, with the survey in every state.
    for index, (situation, answer, contract, how) in enumerate(LATER):
        person = people[index]
        if how == "no_channel":
            Person.objects.filter(pk=person.pk).update(email="", phone="02 40 11 22 33")
        if how != "no_consent":
            _consent(person, structure, counselor, ConsentPurpose.SURVEYS)
        if how == "waiting":
            # Six months in four days: the link left when the window opened, ten days ago.
            exit_on = add_months(today, -6) + timedelta(days=4)
        else:
            exit_on = add_months(today, -6) - timedelta(days=10 + 5 * index)
        pathway = open_pathway(person, exit_on - timedelta(days=rng.randint(150, 330)))
        actions.close_with_exit(
            pathway=pathway, by=counselor, facts=_exit_facts(rng, situation, exit_on)
        )
        if situation == "qualifying_training" or rng.random() < 0.3:
            Participation.objects.filter(pathway=pathway).update(
                qualification=rng.choice(["yes", "no"])
            )
        sent_at = timezone.now() - timedelta(days=(today - six_month_date(exit_on)).days + 14)
        if how in {"link", "waiting", "expired"}:
            Survey.objects.create(
                pathway=pathway,
                send_status="sent",
                channels="email",
                sent_at=sent_at if how != "waiting" else timezone.now() - timedelta(days=10),
                expires_at=(sent_at + timedelta(days=31))
                if how != "waiting"
                else timezone.now() + timedelta(days=21),
                nonce=secrets.token_urlsafe(16),
                situation=answer,
                contract=contract,
                answered_at=sent_at + timedelta(days=2) if answer else None,
                answered_via="link" if answer else "",
            )
        elif how == "phone":
            Survey.objects.create(
                pathway=pathway,
                send_status="not_sent",
                situation=answer,
                contract=contract,
                answered_at=timezone.now() - timedelta(days=3),
                answered_via="phone",
                recorded_by=counselor,
            )

    # Recent exits (immediate results), and pathways still in progress.
    rest = people[len(LATER) :]
    for offset, situation in enumerate(
        ["cdi", "cdd", "job_seeking", "qualifying_training", "interim", "health", "job_seeking"]
    ):
        person = rest[offset]
        _consent(person, structure, counselor, ConsentPurpose.SURVEYS)
        exit_on = today - timedelta(days=20 + 12 * offset)
        pathway = open_pathway(person, exit_on - timedelta(days=rng.randint(120, 300)))
        actions.close_with_exit(
            pathway=pathway, by=counselor, facts=_exit_facts(rng, situation, exit_on)
        )
    for person in rest[7:]:
        open_pathway(person, today - timedelta(days=rng.randint(10, 200)))
