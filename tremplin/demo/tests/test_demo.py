from io import StringIO

from django.core.management import call_command

from tremplin.accounts.models import Membership, Structure
from tremplin.core.permissions import Role
from tremplin.people.models import Consent, Follow, PeopleImport, Person


def test_demo_creates_structures_one_user_per_role_and_people(db, client, login):
    out = StringIO()
    call_command("demo", "--people", "40", stdout=out)
    assert Structure.objects.count() == 2
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    assert Person.objects.count() == 44  # one twin (merge), three former files (retention)
    assert PeopleImport.objects.get().status == "ready"  # a list waiting to be confirmed
    assert Follow.objects.filter(ended_on__isnull=True).exists()
    assert Consent.objects.filter(purpose="share_partner").exists()
    people = list(Person.objects.all())
    assert all(
        p.commune and p.postal_code in p.commune.postal_code_list for p in people if p.commune
    )
    assert all(p.email.isascii() and "@" in p.email for p in people if p.email)
    from tremplin.diagnosis.models import Alert, DiagnosisVersion
    from tremplin.reception.models import Contact, InfoSession, Order

    assert (
        Contact.objects.filter(person__isnull=True).exists()
        and Contact.objects.filter(person__isnull=False).exists()
    )
    assert InfoSession.objects.count() == 6 and Order.objects.filter(status="received").exists()
    # One upcoming session was filled, two people wait, then one place was freed: its page
    # shows the waiting list and the buttons that confirm a place.
    (freed,) = InfoSession.objects.upcoming().with_registered_count().filter(waiting__gt=0)
    assert freed.registered == freed.capacity - 1 and freed.waiting == 2
    assert freed.registrations.model.history.filter(
        session_id=freed.pk, history_type="-", history_change_reason="inscription annulée"
    ).exists()
    login(client, Membership.objects.get(role=Role.RECEPTION).user)
    page = client.get(f"/accueil/informations-collectives/{freed.pk}/").content.decode()
    page = page.replace("&#x27;", "'")
    assert "Liste d'attente" in page and "Une place s'est libérée" in page
    assert "Confirmer la place de" in page
    assert DiagnosisVersion.objects.filter(validated_at__isnull=False).exists()
    assert Alert.objects.filter(resolved_at__isnull=True).count() == 1
    from tremplin.network.models import PartnerContact, PartnerService, PartnerStructure

    assert PartnerStructure.objects.count() >= 15 and PartnerService.objects.count() >= 30
    assert not PartnerService.objects.filter(point_latitude__isnull=True).exists()
    categories = set(
        PartnerService.thematiques.through.objects.values_list("thematique__category_id", flat=True)
    )
    assert {"mobilite", "logement-hebergement", "sante", "numerique", "famille"} <= categories
    assert PartnerContact.objects.count() >= 2
    assert PartnerStructure.objects.filter(tremplin_structure__isnull=False).exists()
    from tremplin.core.validators import validate_siret
    from tremplin.employers.models import Campaign, Company, Interaction, JobOffer

    assert Company.objects.count() >= 5 and Interaction.objects.count() >= 5
    for company in Company.objects.all():
        validate_siret(company.siret)  # raises on a wrong Luhn key
    # Both sectors, so that the proposal page can decide between PEC and CIE.
    assert {"private", "association", "public"} <= set(
        Company.objects.values_list("sector", flat=True)
    )
    assert Campaign.objects.count() == 1
    assert set(JobOffer.objects.values_list("status", flat=True)) >= {"draft", "published"}
    from tremplin.immersions.models import Immersion

    in_progress = Immersion.objects.get(status="in_progress")
    assert in_progress.tutor_name and len(in_progress.current_signatures()) == 3
    done = Immersion.objects.get(status="done")
    assert done.review.skills_observed.exists()
    assert done.company.name == done.company_name == "Hypermarché des Salines"
    from tremplin.fse.models import Participation, Survey

    # FSE+ participants with their entry data, and the 6-month survey in several states.
    assert Participation.objects.count() >= 20
    assert Survey.objects.filter(answered_via="link").exists()
    assert Survey.objects.filter(answered_via="phone").exists()
    assert Survey.objects.filter(answered_at__isnull=True, send_status="sent").count() == 2
    from tremplin.employment.models import Employment

    # At the Mission Locale (the chantier's CDDI: test_aci.py).
    employments = list(
        Employment.objects.filter(structure__kind="mission_locale").select_related("referent")
    )
    assert len(employments) == 3
    for employment in employments:
        # The people in a job are the demo counselor's own: her file shows her as référente.
        follow = Follow.objects.get(person=employment.person_id, ended_on__isnull=True)
        assert follow.referent == employment.referent
        assert follow.referent.email == "conseillere@demo.tremplin.fr"
    from tremplin.privacy.retention import review

    # Retention: two files past the two years (one kept for an FSE+ audit), one soon.
    structure = Follow.objects.get(person__last_name="Oukili").structure
    states = review(structure_id=structure.pk, horizon_days=90)
    assert [(Person.objects.get(pk=s.person_id).last_name, s.held) for s in states] == [
        ("Lemarchand", False),
        ("Oukili", True),
        ("Prigent", False),
    ]
    from tremplin.rights.models import RightsEstimate

    estimate = RightsEstimate.objects.get()  # computed by the real engine
    assert estimate.result["amounts"]["ppa"] > 0  # part-time work: prime d'activité
    assert estimate.created_by.email == "conseillere@demo.tremplin.fr"
    from tremplin.dataexport.models import AccessRequest

    # The manager's register: one request answered, one late.
    assert AccessRequest.objects.late().count() == 1
    assert AccessRequest.objects.filter(answered_at__isnull=False).count() == 1
    from tremplin.workshops.models import WorkshopSession

    # Every workshop session's half-days last as long as its design's sequences (else its
    # page warns the counselor).
    sessions = list(WorkshopSession.objects.all())
    assert sessions and [s for s in sessions if s.duration_mismatch()] == []
    text = out.getvalue()
    assert "conseillere@demo.tremplin.fr" in text and "Tremplin-demo-2026!" in text
    again = StringIO()
    call_command("demo", "--if-empty", stdout=again)
    assert "inchangées" in again.getvalue() and Person.objects.count() == 44


def test_demo_gives_one_person_an_active_space_and_prints_a_link_into_it(db, settings):
    from django.test import Client

    from tremplin.audit.models import AccessLog
    from tremplin.portal.models import SpaceAccess

    call_command("demo", "--people", "40", stdout=StringIO())
    access = SpaceAccess.objects.get()
    assert access.status == "active" and access.person.email
    assert AccessLog.objects.filter(person_id=access.person_id, user__isnull=False).exists()
    settings.DEBUG = True
    settings.TREMPLIN_BASE_URL = "http://testserver"
    out = StringIO()
    call_command("space_link", stdout=out)
    path = out.getvalue().split("http://testserver")[1].split()[0]
    birth = access.person.birth_date
    client = Client()
    # The link moves its token to the session and sends to the token-free page.
    assert client.get(path)["Location"] == "/espace/lien/"
    answer = {"day": birth.day, "month": birth.month, "year": birth.year}
    response = client.post("/espace/lien/", answer)
    assert response.status_code == 302 and response["Location"] == "/espace/accueil/"
    assert access.person.first_name in client.get("/espace/accueil/").content.decode()
    # Another port than the default one: the link follows it.
    out = StringIO()
    call_command("space_link", "--base-url", "http://127.0.0.1:8050/", stdout=out)
    assert "  http://127.0.0.1:8050/espace/lien/" in out.getvalue()


def test_demo_hires_come_before_the_offer_is_filled_and_fit_the_offer(db):
    call_command("demo", "--people", "40", stdout=StringIO())
    from django.utils import timezone

    from tremplin.employers.models import JobOffer
    from tremplin.matching.models import Proposal

    today = timezone.localdate()
    hires = Proposal.objects.filter(status="hired").select_related("offer__appellation")
    assert hires.exists()
    for proposal in hires:
        offer = proposal.offer
        assert offer.status == "filled" or offer.positions > 1
        answered = timezone.localdate(proposal.answered_at)
        assert timezone.localdate(proposal.created_at) <= answered < today
        assert all(timezone.localdate(e.at) < today for e in proposal.events.all())
        assert timezone.localdate(offer.published_at) <= timezone.localdate(proposal.created_at)
        # The person hired aimed at this job (or one of the same ROME fiche).
        fiches = {t.appellation.fiche_id for t in proposal.person.target_jobs.all()}
        assert offer.appellation.fiche_id in fiches
    for offer in JobOffer.objects.filter(status="filled"):
        for proposal in offer.proposals.filter(status="hired"):
            assert offer.ended_on >= timezone.localdate(proposal.answered_at)
            assert offer.ended_on >= timezone.localdate(proposal.created_at)
