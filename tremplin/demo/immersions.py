"""Demo immersions (PMSMP) of the Mission Locale: a convention signed by the three parties,
validated and in progress, with its tutor; and a finished one with its review (bilan)."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from tremplin.core.validators import example_siret
from tremplin.demo.wording import agree
from tremplin.employers.models import Company
from tremplin.immersions.actions import links_expiry
from tremplin.immersions.documents import convention_hash
from tremplin.immersions.enums import ImmersionStatus, Party
from tremplin.immersions.models import (
    Immersion,
    ImmersionEvent,
    ImmersionReview,
    ImmersionSignature,
)
from tremplin.pathways.hours import monday_of
from tremplin.pathways.models import Pathway
from tremplin.people.models import Person
from tremplin.referentials.models import Commune, RomeAppellation


def _morning(day):
    """10 a.m. on `day`, local time."""
    return timezone.make_aware(datetime.combine(day, time(10)))


def _sign_and_validate(immersion, *, counselor, person_name, sent_at):
    """The workflow's steps with past dates (the actions refuse a start in the past)."""
    steps = [
        (ImmersionStatus.DRAFT, "", None, sent_at - timedelta(days=1)),
        (ImmersionStatus.TO_SIGN, "", None, sent_at),
    ]
    digest = convention_hash(immersion)
    for offset, (party, name, by) in enumerate(
        [
            (Party.PERSON, person_name, None),
            (Party.TUTOR, immersion.tutor_name, None),
            (Party.PRESCRIBER, counselor.full_name, counselor),
        ],
        start=1,
    ):
        at = sent_at + timedelta(hours=2 * offset)
        ImmersionSignature.objects.create(
            immersion=immersion,
            party=party,
            revision=immersion.revision,
            signer_name=name,
            signed_at=at,
            content_sha256=digest,
            recorded_by=by,
        )
    steps += [
        (
            ImmersionStatus.SIGNED,
            "Trois signatures recueillies",
            None,
            sent_at + timedelta(hours=6),
        ),
        (ImmersionStatus.VALIDATED, "", counselor, sent_at + timedelta(days=1)),
    ]
    previous = ""
    for status, label, by, at in steps:
        if status in (ImmersionStatus.DRAFT, ImmersionStatus.TO_SIGN):
            by = counselor
        ImmersionEvent.objects.create(
            immersion=immersion,
            at=at,
            status_from=previous,
            status_to=status,
            by=by,
            by_label=label,
        )
        previous = status
    immersion.sent_at = sent_at
    immersion.links_expire_at = links_expiry(immersion, sent_at)
    immersion.validated_at = sent_at + timedelta(days=1)
    immersion.validated_by = counselor


def _people(structure):
    """Who is in immersion: the finished one is the CEJ's person (pathways demo: the week
    left free for it in the weekly hours); the one in progress, full time, someone who is
    not in a CEJ, whose weeks it would overfill."""
    followed = Person.objects.filter(
        follows__structure=structure, follows__ended_on__isnull=True
    ).exclude(email="")
    cej = (
        Pathway.objects.open()
        .filter(structure=structure, framework="cej", reoriented_from__isnull=True)
        .order_by("pk")
        .first()
    )
    in_cej = Pathway.objects.open().filter(structure=structure, framework="cej")
    others = followed.exclude(pk__in=in_cej.values("person")).order_by("pk")
    if cej is not None:
        first = others.exclude(pk=cej.person_id).first()
        return [first, cej.person] if first else []
    return list(others[:2])


def create_immersions(*, structure, counselor) -> None:
    people = _people(structure)
    if len(people) < 2:
        return
    saint_nazaire = Commune.objects.filter(pk="44184").first()
    today = timezone.localdate()
    common = {
        "structure": structure,
        "referent": counselor,
        "created_by": counselor,
        "company_commune": saint_nazaire,
        "company_postal_code": "44600",
        "schedule_note": "8 h 30 – 12 h et 13 h 30 – 17 h",
        "accident_cover": "Mission Locale (structure prescriptrice), déclaration sous 48 h",
    }

    # In progress: two weeks in a bakery, started last Monday.
    first = people[0]
    start = monday_of(today) - timedelta(weeks=1)
    bakery = Immersion(
        person=first,
        beneficiary_status="youth",
        company_name="Boulangerie Le Fournil de l'Estuaire",
        siret=example_siret(101),
        naf_code="10.71C",
        company_address="14 rue de la République",
        company_weekly_hours=35,
        tutor_name="Hervé Le Goff",
        tutor_function="Artisan boulanger, gérant",
        tutor_phone="02 40 22 00 00",
        tutor_email="herve.legoff@exemple.test",
        objective="confirm",
        appellation=RomeAppellation.objects.filter(pk="11573").first(),
        starts_on=start,
        ends_on=start + timedelta(days=11),
        schedule=["7", "7", "7", "7", "7", "0", "0"],
        tasks="Peser et préparer les ingrédients, façonner les pâtons, surveiller la cuisson, "
        "ranger le fournil ; vente au comptoir le vendredi.",
        skills_to_observe="Respect des règles d'hygiène, ponctualité, travail en équipe.",
        risks="Brûlures (four), port de charges (sacs de farine de 25 kg), poussières de farine.",
        protective_equipment="Gants anti-chaleur, chaussures de sécurité, tablier.",
        liability_insurance="Assurance professionnelle de la boulangerie",
        status=ImmersionStatus.IN_PROGRESS,
        **common,
    )
    bakery.save()
    _sign_and_validate(
        bakery,
        counselor=counselor,
        person_name=first.full_name,
        sent_at=_morning(bakery.starts_on - timedelta(days=7)),
    )
    bakery.save()
    ImmersionEvent.objects.create(
        immersion=bakery,
        at=_morning(bakery.starts_on) - timedelta(hours=1),
        status_from=ImmersionStatus.VALIDATED,
        status_to=ImmersionStatus.IN_PROGRESS,
        by=counselor,
    )

    # Done, with its review: one week in a supermarket, a month ago.
    second = people[1]
    start = monday_of(today) - timedelta(weeks=5)
    shop = Immersion(
        person=second,
        beneficiary_status="job_seeker",
        company_name="Supermarché des Halles",
        siret=example_siret(102),
        naf_code="47.11D",
        company_address="2 avenue de la Vieille Ville",
        tutor_name="Olivier Tanguy",
        tutor_function="Chef de rayon",
        tutor_phone="02 40 22 11 11",
        tutor_email="olivier.tanguy@exemple.test",
        objective="discover",
        appellation=RomeAppellation.objects.filter(pk="14779").first(),
        starts_on=start,
        ends_on=start + timedelta(days=4),
        schedule=["5", "5", "5", "5", "5", "0", "0"],
        tasks="Mise en rayon, rotation des produits frais, accueil et orientation des clients.",
        skills_to_observe="Rigueur, relation client.",
        risks="Port de charges, froid (chambre froide).",
        protective_equipment="Gants, veste isotherme.",
        liability_insurance="Contrat responsabilité civile du groupe, souscrit par le magasin",
        status=ImmersionStatus.DONE,
        **common | {"schedule_note": "7 h – 12 h, pour la mise en rayon du matin"},
    )
    # Linked to the company of the employers' file when the demo has it.
    hypermarket = Company.objects.filter(
        structure=structure, name="Hypermarché des Salines"
    ).first()
    if hypermarket is not None:
        shop.company = hypermarket
        shop.company_name = hypermarket.name
        shop.siret = hypermarket.siret
        shop.naf_code = hypermarket.naf_id
        shop.company_address = hypermarket.address
        shop.company_commune = hypermarket.commune
        shop.company_postal_code = hypermarket.postal_code
    shop.save()
    _sign_and_validate(
        shop,
        counselor=counselor,
        person_name=second.full_name,
        sent_at=_morning(shop.starts_on - timedelta(days=7)),
    )
    shop.save()
    review = ImmersionReview.objects.create(
        immersion=shop,
        held_on=shop.ends_on,
        tasks_done="Mise en rayon et rotation des produits frais ; accueil des clients le samedi "
        "n'a pas eu lieu (immersion du lundi au vendredi).",
        skills_other=agree(
            second,
            feminine="Ponctuelle et volontaire",
            masculine="Ponctuel et volontaire",
            neutral="Toujours à l'heure, de la bonne volonté",
        )
        + " ; à l'aise avec les clients.",
        tutor_assessment="Travail soigné, bonne intégration dans l'équipe. Doit gagner en "
        "rapidité pour la mise en rayon.",
        person_opinion="Le contact avec les clients me plaît ; le froid de la chambre froide "
        "est difficile.",
        outcome="hiring_considered",
        author=counselor,
    )
    if shop.appellation:
        review.skills_observed.set(
            shop.appellation.fiche.skill_links.values_list("skill", flat=True)[:3]
        )
    for status_from, status_to, note in (
        (ImmersionStatus.VALIDATED, ImmersionStatus.IN_PROGRESS, ""),
        (ImmersionStatus.IN_PROGRESS, ImmersionStatus.DONE, review.get_outcome_display()),
    ):
        ImmersionEvent.objects.create(
            immersion=shop,
            at=_morning(shop.starts_on) - timedelta(hours=1)
            if status_to == ImmersionStatus.IN_PROGRESS
            else _morning(shop.ends_on) + timedelta(hours=6),
            status_from=status_from,
            status_to=status_to,
            by=counselor,
            note=note,
        )
