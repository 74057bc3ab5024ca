"""The chantier d'insertion of the demo: a manager for its pilotage, its funders, parcours IAE
with their PASS IAE and CDDI, and a collective workshop; the Mission Locale's young people."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tremplin.accounts.models import Membership, Structure, StructureKind
from tremplin.core.permissions import Role
from tremplin.employers.enums import ContractType
from tremplin.employment.models import Employment
from tremplin.pathways.actions import ContractState, contract_state
from tremplin.pathways.models import Pathway
from tremplin.people.models import Follow, Person
from tremplin.workshops.models import WorkshopSession


def test_demo_chantier_has_a_manager_funders_iae_pathways_with_pass_and_cddi(db, client, login):
    call_command("demo", "--people", "40", stdout=StringIO())
    chantier = Structure.objects.get(kind=StructureKind.SIAE_ACI)
    manager = Membership.objects.get(structure=chantier, role=Role.MANAGER)
    assert manager.user.email == "responsable@demo.tremplin.fr"
    # She still starts in the Mission Locale.
    assert manager.last_chosen_at is None
    assert Membership.objects.get(
        user=manager.user, role=Role.MANAGER, last_chosen_at__isnull=False
    )

    assert {f.nomenclature_id for f in chantier.funders.all()} >= {"iae", "fse_plus"}
    pathways = list(Pathway.objects.filter(structure=chantier, framework="iae").order_by("pk"))
    assert len(pathways) >= 3
    titles = []
    for pathway in pathways:
        approval = pathway.iae_approval
        assert approval.delivered_by.startswith("Plateforme de l'inclusion (prescription")
        assert pathway.funders.filter(nomenclature_id="iae").exists()
        # Signed with its action plan: the page does not say the plan moved since.
        assert contract_state(pathway) == ContractState.SIGNED
        follow = Follow.objects.get(person=pathway.person, structure=chantier)
        assert follow.started_on <= pathway.started_on
        (cddi,) = Employment.objects.filter(
            person=pathway.person, structure=chantier, contract_type=ContractType.SIAE
        )
        assert cddi.is_own_insertion_contract and cddi.weekly_hours >= 20
        assert approval.starts_on <= cddi.starts_on
        assert cddi.contract_ends_on <= approval.effective_ends_on
        titles.append(cddi.job_title)
    text = " ".join(titles).lower()
    assert "maraîch" in text and "espaces verts" in text and "second œuvre" in text
    # Objectives and an action, as the other demo pathways have; the accompaniment agreed.
    assert all(p.objectives.exists() and p.actions.exists() for p in pathways)
    assert all(
        p.person.consents.filter(structure=chantier, purpose="accompaniment").exists()
        for p in pathways
    )

    # A collective workshop held at the chantier, its attendance signed.
    (session,) = WorkshopSession.objects.filter(structure=chantier)
    assert session.registrations.count() >= 3 and not session.duration_mismatch()

    # The manager switches to the chantier: its pilotage shows.
    login(client, manager.user)
    client.post(reverse("accounts:switch-structure"), {"membership": manager.pk})
    assert client.get("/equipe/tableau-de-bord/").status_code == 200
    assert client.get("/equipe/rapport-d-activite/").status_code == 200
    assert client.get("/equipe/indicateurs-fse/").status_code == 200
    due = client.get("/parcours/pass-iae-a-echeance/")
    assert due.status_code == 200
    assert pathways[0].person.last_name.upper() in due.content.decode()

    # The Mission Locale follows young people of 16 to 25.
    mission_locale = Structure.objects.get(kind=StructureKind.MISSION_LOCALE)
    today = timezone.localdate()
    followed = Person.objects.filter(
        follows__structure=mission_locale, follows__ended_on__isnull=True
    ).distinct()
    assert followed.count() > 20
    for person in followed:
        assert 16 <= (today - person.birth_date).days / 365.25 < 26, person.birth_date

    # Once only: a second run changes nothing.
    call_command("demo", "--if-empty", stdout=StringIO())
    call_command("demo", stdout=StringIO())
    assert Pathway.objects.filter(structure=chantier, framework="iae").count() == len(pathways)
