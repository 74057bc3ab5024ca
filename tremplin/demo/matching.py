"""Demo data for matching: a few young people of the Mission Locale with a project in logistics,
in the communes around Saint-Nazaire, who agreed to be proposed to employers — so that the
published « Magasinier / Magasinière » offer has people to rank, each score explained."""

from datetime import timedelta

from django.utils import timezone

from tremplin.accounts.models import Membership
from tremplin.demo.wording import agree, working_at
from tremplin.employers.models import JobOffer
from tremplin.matching import proposals
from tremplin.people.enums import ConsentChannel, ConsentPurpose
from tremplin.people.models import Consent, Person
from tremplin.projects.models import TargetJob
from tremplin.referentials.models import Commune, RomeAppellation

# (appellation, commune INSEE code, radius km, contracts, licences, skills of the offer held)
PROFILES = [
    ("16276", "44184", 15, ["cdi", "cdd"], ["B"], 4),  # magasinier, Saint-Nazaire
    ("17993", "44103", 20, ["cdd", "interim"], [], 2),  # préparateur, Montoir-de-Bretagne
    ("11679", "44069", 10, ["cdi"], ["B"], 1),  # cariste, Guérande
    ("10880", "44132", 30, [], ["B"], 3),  # aide-magasinier, Pornichet
    ("17993", "44109", 10, ["cdi"], [], 2),  # préparateur, Nantes: too far
]


def create_matching(*, structure, counselor) -> None:
    today = timezone.localdate()
    people = list(
        Person.objects.followed_by_structure(structure.pk)
        .filter(target_jobs__isnull=True)
        .order_by("pk")[: len(PROFILES)]
    )
    # The warehouse offer: the profiles below are its job and the neighbouring ones.
    offer = (
        JobOffer.objects.filter(structure=structure, status="published", appellation_id="16276")
        .order_by("pk")
        .first()
    )
    offer_skills = list(offer.required_skills.order_by("pk")) if offer else []
    for person, (code, insee, radius, contracts, licences, held) in zip(
        people, PROFILES, strict=False
    ):
        person.commune = Commune.objects.get(pk=insee)
        person.postal_code = person.commune.postal_code_list[0]
        person.mobility_radius_km = radius
        person.driving_licences = licences
        person.save(
            update_fields=["commune", "postal_code", "mobility_radius_km", "driving_licences"]
        )
        target = TargetJob.objects.create(
            person=person,
            structure=structure,
            created_by=counselor,
            appellation=RomeAppellation.objects.get(pk=code),
            contract_types=contracts,
            weekly_hours=35,
            available_on=today + timedelta(days=7),
            decision="confirm",
            decided_on=today - timedelta(days=20),
        )
        # What they already know how to do, among the skills of the offer's job.
        target.skills_held.set(offer_skills[:held])
        _consent(person, structure, counselor)
    # The best placed is proposed to the employer, who will meet them in an interview.
    if offer is not None and people:
        counselor.active_membership = Membership.objects.get(user=counselor, structure=structure)
        proposal = proposals.propose(
            offer=offer,
            person=people[0],
            membership=counselor.active_membership,
            message="Déjà un an de magasinage en intérim ; "
            + agree(
                people[0],
                feminine="sérieuse et ponctuelle.",
                masculine="sérieux et ponctuel.",
                neutral="du sérieux et de la ponctualité.",
            ),
            recipient_email="recrutement@estuaire-logistique.example",
        )
        proposals.answer(
            proposal=proposal,
            outcome="interview",
            by_name="Mme Garnier, responsable d'entrepôt",
            interview_at=working_at(today + timedelta(days=3), 10),
        )
    # The person of the demo project in préparation de commandes agreed too.
    explorer = TargetJob.objects.filter(structure=structure, appellation_id="17993").first()
    if explorer is not None:
        _consent(explorer.person, structure, counselor)


def _consent(person, structure, counselor) -> None:
    if (
        not Consent.objects.active()
        .filter(person=person, structure=structure, purpose=ConsentPurpose.EMPLOYER_PROPOSAL)
        .exists()
    ):
        Consent.objects.create(
            person=person,
            structure=structure,
            purpose=ConsentPurpose.EMPLOYER_PROPOSAL,
            channel=ConsentChannel.PAPER,
            recorded_by=counselor,
        )
