"""Prospection campaigns: targets, planned actions, indicators planned vs done."""

from datetime import date

import pytest
from django.test import Client

from tremplin.core.validators import example_siret
from tremplin.employers.campaigns import indicators, rome_naf_hirings, suggested_targets
from tremplin.employers.models import (
    Campaign,
    CampaignAction,
    Company,
    Interaction,
    JobOffer,
    RecruitmentNeed,
)
from tremplin.employers.tests.utils import text
from tremplin.people.models import Consent, Follow, Person
from tremplin.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_liaison_creates_a_campaign_with_its_target_segment(liaison_client, employer_liaison):
    response = liaison_client.post(
        "/entreprises/campagnes/nouvelle/",
        {
            "name": "Logistique estuaire",
            "objectives": "Dix entreprises rencontrées, quatre offres.",
            "starts_on": "2026-11-01",
            "ends_on": "2027-02-28",
            "status": "running",
            "owner": employer_liaison.pk,
            "naf_codes": "52.10B, 4941a, 49",
            "fiche_codes": "n1103, N4105",
            "commune_codes": "44600, 44109",
            "target_department": "44",
            "target_size_brackets": ["11", "12"],
            "planned_contacts": 10,
            "planned_visits": 6,
            "planned_needs": 4,
            "planned_offers": 4,
            "planned_hires": 3,
        },
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert sorted(n.code for n in campaign.target_naf.all()) == ["49", "49.41A", "52.10B"]
    assert sorted(f.code for f in campaign.target_fiches.all()) == ["N1103", "N4105"]
    assert sorted(c.code for c in campaign.target_communes.all()) == ["44109", "44184"]
    assert campaign.target_size_brackets == ["11", "12"]
    page = text(liaison_client.get(f"/entreprises/campagnes/{campaign.pk}/"))
    assert "Saint-Nazaire" in page and "10 à 19 salariés" in page


def test_unknown_target_codes_are_refused_and_nothing_saved(liaison_client, employer_liaison):
    response = liaison_client.post(
        "/entreprises/campagnes/nouvelle/",
        {
            "name": "Erreurs",
            "objectives": "—",
            "starts_on": "2026-11-01",
            "ends_on": "2026-10-01",
            "status": "preparing",
            "owner": employer_liaison.pk,
            "naf_codes": "99.99Z",
            "fiche_codes": "Z9999",
            "commune_codes": "00000",
            "planned_contacts": 0,
            "planned_visits": 0,
            "planned_needs": 0,
            "planned_offers": 0,
            "planned_hires": 0,
        },
    )
    page = text(response)
    assert "Codes NAF inconnus : 99.99Z." in page
    assert "Codes ROME inconnus : Z9999." in page
    assert "Codes de commune inconnus : 00000." in page
    assert "La fin doit suivre le début de la campagne." in page
    assert not Campaign.objects.exists()


def test_indicators_count_what_is_linked_to_the_campaign(
    liaison_client, campaign, company, structure_a, employer_liaison, nantes
):
    garage = Company.objects.create(
        structure=structure_a, name="Garage", siret=example_siret(505), naf_id="45.20A"
    )
    elsewhere = Company.objects.create(
        structure=structure_a, name="Hors campagne", siret=example_siret(506), naf_id="45.20A"
    )

    def exchange(target, kind, linked=True):
        Interaction.objects.create(
            company=target,
            kind=kind,
            occurred_on=date(2026, 11, 15),
            summary="…",
            campaign=campaign if linked else None,
            author=employer_liaison,
        )

    exchange(company, "call")
    exchange(company, "visit")
    exchange(garage, "visit")
    exchange(elsewhere, "visit", linked=False)  # not counted
    need = RecruitmentNeed.objects.create(
        company=company,
        campaign=campaign,
        collected_on=date(2026, 11, 15),
        appellation_id="11573",
        created_by=employer_liaison,
    )
    RecruitmentNeed.objects.create(
        company=garage,
        campaign=campaign,
        collected_on=date(2026, 11, 16),
        appellation_id="11573",
        status="abandoned",  # not counted
        created_by=employer_liaison,
    )

    def offer(status, hired=0, published=True):
        return JobOffer.objects.create(
            structure=structure_a,
            company=company,
            need=need,
            campaign=campaign,
            title="Boulanger / Boulangère",
            appellation_id="11573",
            contract_type="cdi",
            weekly_hours=35,
            commune=nantes,
            description="…",
            status=status,
            hired_count=hired,
            published_at="2026-11-20T10:00:00+01:00" if published else None,
            created_by=employer_liaison,
        )

    offer("filled", hired=1)
    offer("published")
    offer("draft", published=False)  # a draft is not an offer yet
    CampaignAction.objects.create(
        campaign=campaign,
        title="Forum",
        owner=employer_liaison,
        due_on=date(2026, 12, 1),
        status="done",
    )
    CampaignAction.objects.create(
        campaign=campaign, title="Mailing", owner=employer_liaison, due_on=date(2026, 12, 5)
    )
    CampaignAction.objects.create(
        campaign=campaign,
        title="Annulée",
        owner=employer_liaison,
        due_on=date(2026, 12, 6),
        status="cancelled",
    )
    result = {i.code: (i.planned, i.done, i.gap) for i in indicators(campaign)}
    assert result == {
        "contacts": (4, 2, -2),
        "visits": (3, 2, -1),
        "needs": (2, 1, -1),
        "offers": (2, 2, 0),
        "hires": (2, 1, -1),
        "actions": (2, 1, -1),
    }
    page = liaison_client.get(f"/entreprises/campagnes/{campaign.pk}/")
    body = text(page)
    assert 'data-indicator="contacts"' in body
    row = body.split('data-indicator="visits"')[1].split("</tr>")[0]
    assert ">3<" in row and ">2<" in row and ">-1<" in row and "67\u202f%" in row


def test_planned_actions_have_an_owner_and_a_date(liaison_client, campaign, employer_liaison):
    url = f"/entreprises/campagnes/{campaign.pk}/actions/nouvelle/"
    response = liaison_client.post(url, {"title": "Petit-déjeuner employeurs", "status": "planned"})
    errors = response.context["form"].errors
    assert "owner" in errors and "due_on" in errors
    liaison_client.post(
        url,
        {
            "title": "Petit-déjeuner employeurs",
            "owner": employer_liaison.pk,
            "due_on": "2026-12-10",
            "status": "planned",
        },
    )
    action = CampaignAction.objects.get()
    assert action.campaign == campaign and action.owner == employer_liaison
    assert "Petit-déjeuner employeurs" in text(
        liaison_client.get(f"/entreprises/campagnes/{campaign.pk}/")
    )


def test_the_mapping_ships_weighted_naf_sectors_for_rome_v3_codes():
    mapping = rome_naf_hirings()
    assert len(mapping) > 400
    # Codes written as in the NAF referential, weights are the source's hiring counts.
    assert ("01.11Z", 161) in mapping["A1101"]
    assert any(naf == "10.71C" for naf, _ in mapping["D1102"])  # boulangerie for bakers


def test_targets_come_from_the_jobs_people_seek_and_the_sectors_that_hire_them(
    structure_a, person, counselor, employer_liaison, liaison_client
):
    from tremplin.referentials.models import RomeAppellation

    baker = RomeAppellation.objects.get(pk="11573")  # D1102
    # Names that cannot occur elsewhere on the page (a random « Martin » is in « Martinique »).
    others = [PersonFactory(last_name=name) for name in ("Kerzoualec", "Ollivrozec")]
    for p in others:
        Follow.objects.create(person=p, structure=structure_a, referent=counselor)
        p.sought_appellations.add(baker)
    person.sought_appellations.add(RomeAppellation.objects.filter(fiche_id="N1103").first())
    counselor.active_membership = counselor.memberships.get()
    targets = suggested_targets(Person.objects.visible_to(counselor), structure_id=structure_a.pk)
    assert [(f.code, n) for f, n in targets.fiches] == [("D1102", 2), ("N1103", 1)]
    sectors = [s.naf.code for s in targets.sectors]
    assert "10.71C" in sectors
    assert any(f.code == "D1102" for f in targets.sectors[sectors.index("10.71C")].fiches)
    # The chargé·e de relations entreprises counts only the people who agreed to be proposed.
    employer_liaison.active_membership = employer_liaison.memberships.get()
    liaison_people = Person.objects.visible_to(employer_liaison)
    assert suggested_targets(liaison_people, structure_id=structure_a.pk).fiches == []
    Consent.objects.create(
        person=others[0],
        structure=structure_a,
        purpose="employer_proposal",
        channel="paper",
        recorded_by=counselor,
    )
    liaison_targets = suggested_targets(liaison_people, structure_id=structure_a.pk)
    assert [(f.code, n) for f, n in liaison_targets.fiches] == [("D1102", 1)]
    page = text(liaison_client.get("/entreprises/campagnes/nouvelle/"))
    assert "D1102 — " in page
    assert others[0].last_name not in page


def test_targets_count_the_jobs_of_the_project_and_the_file_only_without_a_project(
    structure_a, structure_b, counselor, other_counselor, liaison_client
):
    from tremplin.projects.models import TargetJob
    from tremplin.referentials.models import RomeAppellation

    baker = RomeAppellation.objects.get(pk="11573")  # D1102
    pastry = RomeAppellation.objects.filter(fiche_id="D1102").exclude(pk="11573").first()
    cleaner = RomeAppellation.objects.filter(fiche_id="K2204").first()
    driver = RomeAppellation.objects.filter(fiche_id="N4105").first()

    def followed(*sought):
        p = PersonFactory()
        Follow.objects.create(person=p, structure=structure_a, referent=counselor)
        p.sought_appellations.add(*sought)
        return p

    def aims(p, appellation, decision, structure=structure_a):
        TargetJob.objects.create(
            person=p,
            structure=structure,
            appellation=appellation,
            decision=decision,
            decided_on=date(2026, 10, 1),
        )

    # The project supersedes the intake wish: D1102 counts, not the cleaning job of the file.
    confirmed = followed(cleaner)
    aims(confirmed, baker, "confirm")
    # Two jobs of one fiche, one to explore and one confirmed: one person for D1102.
    both = followed()
    aims(both, baker, "explore")
    aims(both, pastry, "confirm")
    # A dropped job is not sought any more, and the file's wish does not come back.
    dropped = followed(cleaner)
    aims(dropped, driver, "drop")
    # No project yet: the « métiers souhaités » of the file count.
    followed(cleaner)
    # A job of the project another structure runs with the person does not count here.
    elsewhere = followed()
    Follow.objects.create(person=elsewhere, structure=structure_b, referent=other_counselor)
    aims(elsewhere, driver, "confirm", structure=structure_b)

    counselor.active_membership = counselor.memberships.get()
    people = Person.objects.visible_to(counselor)
    targets = suggested_targets(people, structure_id=structure_a.pk)
    assert [(f.code, n) for f, n in targets.fiches] == [("D1102", 2), ("K2204", 1)]
    assert any(s.naf.code == "10.71C" for s in targets.sectors)
    # Dropping the last job of the project leaves the person out of the counts.
    TargetJob.objects.filter(person=confirmed).update(decision="drop")
    targets = suggested_targets(people, structure_id=structure_a.pk)
    assert [(f.code, n) for f, n in targets.fiches] == [("D1102", 1), ("K2204", 1)]
    page = text(liaison_client.get("/entreprises/campagnes/nouvelle/"))
    assert "projet professionnel" in page


def test_another_structure_never_sees_the_campaign(campaign, login, other_counselor):
    other = login(Client(), other_counselor)
    assert other.get(f"/entreprises/campagnes/{campaign.pk}/").status_code == 404
    assert campaign.name not in text(other.get("/entreprises/campagnes/"))


def test_the_campaign_lists_the_companies_of_its_segment_not_contacted_yet(
    liaison_client, campaign, company, structure_a, employer_liaison
):
    # company: 10.71C (boulangerie), Nantes, 3 to 5 employees.
    def add(name, naf, commune, size):
        return Company.objects.create(
            structure=structure_a,
            name=name,
            siret=example_siret(600 + Company.objects.count()),
            naf_id=naf,
            commune_id=commune,
            size_bracket=size,
        )

    pastry = add("Pâtisserie Saint-Nazaire", "10.71D", "44184", "02")
    add("Garage de Nantes", "45.20A", "44109", "02")  # other sector
    add("Boulangerie de Brest", "10.71C", "29019", "02")  # other department
    add("Grande boulangerie", "10.71C", "44109", "32")  # other size
    campaign.target_naf.set(["10.71"])
    campaign.target_department_id = "44"
    campaign.target_size_brackets = ["02", "03"]
    campaign.save()
    assert [c.name for c in Company.objects.in_segment(campaign).order_by("name")] == [
        "Boulangerie du Port",
        "Pâtisserie Saint-Nazaire",
    ]
    Interaction.objects.create(
        company=company,
        kind="call",
        occurred_on=date(2026, 11, 20),
        summary="Appel",
        campaign=campaign,
        author=employer_liaison,
    )
    response = liaison_client.get(f"/entreprises/campagnes/{campaign.pk}/")
    assert [c.pk for c in response.context["to_contact"]] == [pastry.pk]
    assert f"/entreprises/{pastry.pk}/echanges/nouveau/?campagne={campaign.pk}" in text(response)


def test_an_incoherent_campaign_is_refused_in_french(liaison_client, employer_liaison):
    base = {
        "name": "Prospection BTP Saint-Nazaire",
        "objectives": "Rencontrer les entreprises du BTP.",
        "starts_on": "2027-03-01",
        "ends_on": "2027-06-30",
        "status": "finished",
        "owner": employer_liaison.pk,
        "planned_contacts": 2,
        "planned_hires": 50,
    }
    page = text(liaison_client.post("/entreprises/campagnes/nouvelle/", base))
    assert "Cette campagne commence le 01/03/2027 : elle ne peut pas être déjà terminée." in page
    assert "50 prévu·es pour 2 « entreprises à contacter »" in page
    funnel = {**base, "status": "preparing", "planned_contacts": 10, "planned_visits": 12}
    funnel.update(planned_needs=4, planned_offers=5, planned_hires=3)
    page = text(liaison_client.post("/entreprises/campagnes/nouvelle/", funnel))
    assert "12 prévu·es pour 10 « entreprises à contacter »" in page
    assert "5 prévu·es pour 4 « besoins à recueillir »" in page
    assert not Campaign.objects.exists()
    funnel.update(planned_visits=6, planned_offers=4)
    assert liaison_client.post("/entreprises/campagnes/nouvelle/", funnel).status_code == 302
