"""Building conventions for the tests: valid form data, and a convention at each stage."""

from datetime import date, timedelta

from django.utils import timezone

from tremplin.core.validators import example_siret
from tremplin.immersions import actions
from tremplin.immersions.documents import convention_hash
from tremplin.immersions.enums import Party
from tremplin.immersions.models import Immersion
from tremplin.referentials.models import RomeAppellation

SIRET = example_siret(7)


def appellation():
    """An appellation whose fiche has ROME skills (for the review)."""
    return (
        RomeAppellation.objects.filter(fiche__skill_links__isnull=False)
        .select_related("fiche")
        .order_by("code")
        .first()
    )


def next_monday(weeks: int = 1) -> date:
    today = timezone.localdate()
    return today + timedelta(days=7 * weeks - today.weekday())


def form_data(**overrides) -> dict:
    start = overrides.pop("starts_on", next_monday())
    data = {
        "beneficiary_status": "rsa",
        "company_name": "Boulangerie du Port",
        "siret": SIRET,
        "naf_code": "10.71C",
        "company_address": "3 quai de la Fosse",
        "company_commune": "Nantes (44109)",
        "company_weekly_hours": "",
        "tutor_name": "Hervé Le Goff",
        "tutor_function": "Artisan boulanger",
        "tutor_phone": "02 40 00 00 00",
        "tutor_email": "tuteur@boulangerie.test",
        "objective": "discover",
        "appellation": appellation().display_with_code,
        "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=11)).isoformat(),
        "hours_mon": "7",
        "hours_tue": "7",
        "hours_wed": "7",
        "hours_thu": "7",
        "hours_fri": "7",
        "hours_sat": "",
        "hours_sun": "",
        "schedule_note": "9 h – 12 h et 13 h – 17 h",
        "tasks": "Préparer la pâte, façonner, cuire ; accueillir les clients.",
        "skills_to_observe": "Respect des règles d'hygiène, ponctualité.",
        "risks": "Brûlures (four), port de charges (sacs de farine).",
        "protective_equipment": "Gants anti-chaleur, chaussures de sécurité.",
        "accident_cover": "France Travail (prescripteur)",
        "liability_insurance": "MAAF Pro, contrat n° 12345",
    }
    data.update(overrides)
    return data


def make_immersion(*, person, counselor, starts_on=None, days=12, schedule=None, **fields):
    """A draft, saved through the workflow (its limits checked)."""
    membership = counselor.memberships.get()
    starts_on = starts_on or next_monday()
    immersion = Immersion(
        person=person,
        referent=counselor,
        beneficiary_status="rsa",
        company_name="Boulangerie du Port",
        siret=SIRET,
        company_address="3 quai de la Fosse",
        company_commune_id="44109",
        tutor_name="Hervé Le Goff",
        tutor_function="Artisan boulanger",
        tutor_phone="0240000000",
        tutor_email="tuteur@boulangerie.test",
        objective="discover",
        appellation=appellation(),
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=days - 1),
        schedule=schedule or ["7", "7", "7", "7", "7", "0", "0"],
        tasks="Façonner le pain.",
        accident_cover="France Travail",
        **{
            "risks": "Brûlures (four), port de charges.",
            "liability_insurance": "MAAF Pro, contrat n° 12345",
            **fields,
        },
    )
    return actions.create_draft(immersion=immersion, membership=membership)


def signed_immersion(*, person, counselor, **kwargs):
    """A convention sent and signed by the three parties."""
    if not person.email:
        person.email = "ines@exemple.test"
        person.save(update_fields=["email"])
    membership = counselor.memberships.get()
    immersion = make_immersion(person=person, counselor=counselor, **kwargs)
    immersion = actions.send_for_signature(immersion=immersion, membership=membership)
    for party in (Party.PERSON, Party.TUTOR):
        immersion.refresh_from_db()
        actions.sign_by_link(
            token=actions.sign_token(immersion, party),
            signer_name=(
                f"{person.first_name} {person.last_name}"
                if party == Party.PERSON
                else immersion.tutor_name
            ),
            content_sha256=convention_hash(immersion),
        )
    immersion.refresh_from_db()
    actions.sign_as_prescriber(
        immersion=immersion,
        membership=membership,
        signer_name=counselor.full_name,
        content_sha256=convention_hash(immersion),
    )
    immersion.refresh_from_db()
    return immersion
