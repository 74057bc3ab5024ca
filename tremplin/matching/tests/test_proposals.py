"""Proposals (mises en relation): consent first, a minimal profile, the employer's signed link."""

import html
import re
from datetime import datetime, time, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from tremplin.audit.models import AccessLog
from tremplin.matching import proposals as workflow
from tremplin.matching.models import Proposal, ProposalStatus
from tremplin.matching.tests.test_sources import candidate, offer  # noqa: F401  (fixture)
from tremplin.people.models import Consent

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def counselor_client(client, login, counselor, settings):
    settings.TREMPLIN_BASE_URL = "http://testserver"
    return login(client, counselor)


def link_path(proposal) -> str:
    return "/mise-en-relation/reponse/" + workflow.answer_token(proposal) + "/"


def test_a_person_without_consent_cannot_be_proposed_and_nothing_is_written(
    counselor_client,
    structure_a,
    counselor,
    offer,  # noqa: F811
    nantes,
):
    person = candidate(structure_a, counselor, nantes, consent=False)
    response = counselor_client.post(
        f"/entreprises/offres/{offer.pk}/personnes/{person.pk}/proposer/",
        {"recipient_email": "rh@boulangerie.test"},
    )
    assert "n'a pas donné son accord" in text(response)
    assert not Proposal.objects.exists() and not mail.outbox


def test_the_employer_sees_a_minimal_profile_and_answers_through_the_link(
    counselor_client,
    structure_a,
    counselor,
    offer,  # noqa: F811
    nantes,
    django_capture_on_commit_callbacks,
):
    person = candidate(
        structure_a, counselor, nantes, first_name="Sarah", last_name="Lemaire", phone="0612345678"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = counselor_client.post(
            f"/entreprises/offres/{offer.pk}/personnes/{person.pk}/proposer/",
            {"recipient_email": "rh@boulangerie.test", "message": "Très motivée, en CAP."},
        )
    proposal = Proposal.objects.get()
    today = timezone.localdate()
    in_ten_days, in_twelve_days = today + timedelta(days=10), today + timedelta(days=12)
    assert response.url == f"/mises-en-relation/{proposal.pk}/"
    assert proposal.consent.purpose == "employer_proposal"
    sent = mail.outbox[0]
    assert sent.to == ["rh@boulangerie.test"] and "Lemaire" not in sent.body
    path = re.search(r"http://testserver(/mise-en-relation/reponse/\S+/)", sent.body).group(1)

    employer = Client()
    page = text(employer.get(path))
    assert "Sarah L." in page and "Très motivée" in page
    for hidden in ("Lemaire", "0612345678", person.birth_date.strftime("%d/%m/%Y")):
        assert hidden not in page
    assert AccessLog.objects.filter(person_id=person.pk, channel="link").exists()
    # No name: refused in French, nothing changes.
    refused = employer.post(path, {"outcome": "interview"})
    assert "Indiquez" in text(refused) or "obligatoire" in text(refused)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED
    with django_capture_on_commit_callbacks(execute=True):
        employer.post(
            path,
            {
                "outcome": "interview",
                "interview_at": f"{in_ten_days}T10:00",
                "by_name": "M. Le Floch",
            },
        )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.INTERVIEW and proposal.interview_at
    assert mail.outbox[-1].to == [counselor.email]
    # A past date is refused; the interview may move to another date.
    refused = employer.post(
        path, {"outcome": "interview", "interview_at": "2020-01-06T10:00", "by_name": "M. Le Floch"}
    )
    assert "Cette date est passée" in text(refused)
    employer.post(
        path,
        {
            "outcome": "interview",
            "interview_at": f"{in_twelve_days}T14:30",
            "by_name": "M. Le Floch",
        },
    )
    proposal.refresh_from_db()
    assert timezone.localtime(proposal.interview_at).strftime("%H:%M") == "14:30"
    assert proposal.events.last().note == (
        f"Entretien déplacé le {in_twelve_days:%d/%m/%Y} à 14 h 30"
    )
    # A hire is noted once the interview is past, with the start date.
    early = text(
        employer.post(
            path,
            {"outcome": "hired", "starts_on": f"{in_twelve_days}", "by_name": "M. Le Floch"},
        )
    )
    assert f"L'entretien est prévu le {in_twelve_days:%d/%m/%Y} à 14 h 30" in early
    Proposal.objects.filter(pk=proposal.pk).update(interview_at=timezone.now() - timedelta(hours=1))
    undated = text(employer.post(path, {"outcome": "hired", "by_name": "M. Le Floch"}))
    assert "Indiquez la date de prise de poste." in undated
    done = text(
        employer.post(
            path,
            {"outcome": "hired", "starts_on": f"{in_twelve_days}", "by_name": "M. Le Floch"},
        )
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.HIRED
    assert proposal.interview_at is not None  # the interview stays known
    assert proposal.hire_starts_on == in_twelve_days
    assert proposal.events.last().note == f"Prise de poste le {in_twelve_days:%d/%m/%Y}"
    assert f"« Embauche » — nous prévenons {counselor.full_name}." in done
    assert "prévenu·e" not in done
    # Its only position filled, the offer is « Pourvue » and no longer suggested.
    assert "Tous les postes de votre offre" in done
    offer.refresh_from_db()
    assert offer.status == "filled" and offer.hired_count == 1 and offer.ended_on
    assert [e.status_to for e in proposal.events.all()] == [
        "proposed",
        "interview",
        "interview",
        "hired",
    ]
    # A final answer closes the link.
    assert employer.get(path).status_code == 410
    # History on both sides.
    assert "Embauche" in text(counselor_client.get(f"/entreprises/offres/{offer.pk}/"))
    assert "Embauche" in text(counselor_client.get(f"/personnes/{person.pk}/offres/"))


def test_a_tampered_link_or_a_withdrawn_consent_shows_a_clear_page_and_changes_nothing(
    structure_a,
    counselor,
    offer,  # noqa: F811
    nantes,
):
    person = candidate(structure_a, counselor, nantes)
    membership = counselor.memberships.get()
    proposal = workflow.propose(offer=offer, person=person, membership=membership)
    employer = Client()
    tampered = link_path(proposal)[:-3] + "xx/"
    response = employer.post(tampered, {"outcome": "hired", "by_name": "X"})
    assert response.status_code == 410 and "n'est plus valide" in text(response)
    Consent.objects.filter(person=person).update(withdrawn_at=timezone.now())
    response = employer.post(link_path(proposal), {"outcome": "hired", "by_name": "X"})
    assert response.status_code == 410
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED and proposal.events.count() == 1


def test_the_counselor_records_a_refusal_with_its_reason_or_withdraws(
    counselor_client,
    structure_a,
    counselor,
    offer,  # noqa: F811
    nantes,
):
    first = candidate(structure_a, counselor, nantes)
    second = candidate(structure_a, counselor, nantes)
    membership = counselor.memberships.get()
    one = workflow.propose(offer=offer, person=first, membership=membership)
    two = workflow.propose(offer=offer, person=second, membership=membership)
    no_reason = counselor_client.post(
        f"/mises-en-relation/{one.pk}/", {"action": "answer", "outcome": "refused"}
    )
    assert "Choisissez le motif" in text(no_reason)
    counselor_client.post(
        f"/mises-en-relation/{one.pk}/",
        {"action": "answer", "outcome": "refused", "refusal_reason": "filled"},
    )
    one.refresh_from_db()
    assert one.status == "refused" and one.refusal_reason == "filled"
    counselor_client.post(f"/mises-en-relation/{two.pk}/", {"action": "withdraw", "reason": ""})
    two.refresh_from_db()
    assert two.status == "proposed"
    counselor_client.post(
        f"/mises-en-relation/{two.pk}/", {"action": "withdraw", "reason": "Elle a trouvé un CDI."}
    )
    two.refresh_from_db()
    assert two.status == "withdrawn"
    # Withdrawn, the person may be proposed again; twice at once is refused.
    again = workflow.propose(offer=offer, person=second, membership=membership)
    with pytest.raises(ValidationError, match="déjà proposée"):
        workflow.propose(offer=offer, person=second, membership=membership)
    assert again.status == "proposed"


def test_an_interview_earlier_today_is_refused_a_later_one_accepted(
    structure_a,
    counselor,
    offer,  # noqa: F811
    nantes,
):
    person = candidate(structure_a, counselor, nantes)
    proposal = workflow.propose(offer=offer, person=person, membership=counselor.memberships.get())
    today = timezone.localdate()
    evening = timezone.make_aware(datetime.combine(today, time(18, 0)))

    def plan(hour: int, minute: int = 0):
        at = timezone.make_aware(datetime.combine(today, time(hour, minute)))
        with mock.patch("django.utils.timezone.now", return_value=evening):
            return workflow.answer(
                proposal=proposal, outcome="interview", by=counselor, interview_at=at
            )

    # This morning's interview is past this evening: the day alone does not make it to come.
    with pytest.raises(ValidationError, match="Cette date est passée"):
        plan(9)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED
    # A few minutes back is the time it took to fill in the form.
    assert timezone.localtime(plan(17, 57).interview_at).strftime("%H:%M") == "17:57"
    # Moved to this morning: refused too; moved to tonight: accepted.
    with pytest.raises(ValidationError, match="Cette date est passée"):
        plan(9)
    assert timezone.localtime(plan(19, 30).interview_at).strftime("%H:%M") == "19:30"


def test_a_draft_offer_receives_no_proposal(structure_a, counselor, offer, nantes):  # noqa: F811
    person = candidate(structure_a, counselor, nantes)
    offer.status = "draft"
    offer.save()
    with pytest.raises(ValidationError, match="offre publiée"):
        workflow.propose(offer=offer, person=person, membership=counselor.memberships.get())
    assert not Proposal.objects.exists()


def test_the_proposal_page_lists_the_hiring_aids_the_counselor_may_consider(
    counselor_client,
    structure_a,
    counselor,
    offer,  # noqa: F811
    nantes,
):
    from datetime import date

    from tremplin.matching import sources
    from tremplin.people.access import file_access

    young = candidate(structure_a, counselor, nantes, birth_date=date(2005, 3, 1))
    offer.contract_type = "apprenticeship"
    offer.contract_months = 24
    offer.save()
    counselor.active_membership = counselor.memberships.get()
    aids = {a.code: a for a in sources.hiring_aids(file_access(counselor, young), offer)}
    assert aids, "an apprenticeship for a 21-year-old opens at least one aid"
    assert all(a.eligible is not False for a in aids.values())
    page = text(
        counselor_client.get(f"/entreprises/offres/{offer.pk}/personnes/{young.pk}/proposer/")
    )
    assert "Aides à l'embauche possibles" in page
    assert next(iter(aids.values())).name in page
    # Reading the aids reads the situation part of the file: it is in the access log.
    assert AccessLog.objects.filter(person_id=young.pk, section="situation").exists()


MISSING_SECTOR = (
    "Employeur du secteur non marchand : impossible à dire (information manquante : le type "
    "d'employeur)"
)


@pytest.mark.parametrize(
    ("sector", "pec", "cie"),
    [
        ("association", True, False),  # non marchand: PEC, never CIE
        ("public", True, False),
        ("private", False, True),  # marchand: CIE, never PEC
        ("", None, None),  # not filled: cannot tell
    ],
)
def test_the_company_sector_decides_between_pec_and_cie(
    structure_a,
    counselor,
    offer,  # noqa: F811
    nantes,
    sector,
    pec,
    cie,
):
    from tremplin.matching import sources
    from tremplin.people.access import file_access

    offer.company.sector = sector
    offer.company.save()
    person = candidate(structure_a, counselor, nantes, is_rsa_beneficiary=True)
    counselor.active_membership = counselor.memberships.get()
    aids = {a.code: a for a in sources.hiring_aids(file_access(counselor, person), offer)}
    # The page lists the aids that may apply; those ruled out are left off.
    shown = {code: aids[code].eligible for code in ("pec", "cie") if code in aids}
    expected = {code: value for code, value in (("pec", pec), ("cie", cie)) if value is not False}
    assert shown == expected
    reasons = " ".join(r for code in ("pec", "cie") if code in aids for r in aids[code].reasons)
    assert (MISSING_SECTOR in reasons) is (sector == "")


def test_the_proposal_page_says_the_pec_applies_for_an_association(
    counselor_client,
    structure_a,
    counselor,
    offer,  # noqa: F811
    nantes,
):
    offer.company.sector = "association"
    offer.company.save()
    person = candidate(structure_a, counselor, nantes, is_rsa_beneficiary=True)
    page = text(
        counselor_client.get(f"/entreprises/offres/{offer.pk}/personnes/{person.pk}/proposer/")
    )
    assert "Parcours emploi compétences (PEC, CUI-CAE)" in page
    assert "Employeur du secteur non marchand : oui (association)" in page
    assert "impossible à dire (information manquante : le type d'employeur)" not in page


def test_the_offer_is_filled_when_the_hires_reach_its_positions(
    counselor_client,
    structure_a,
    counselor,
    offer,  # noqa: F811
    nantes,
):
    from tremplin.matching import sources

    offer.positions = 2
    offer.save()
    first = candidate(structure_a, counselor, nantes)
    second = candidate(structure_a, counselor, nantes)
    membership = counselor.memberships.get()
    one = workflow.propose(offer=offer, person=first, membership=membership)
    two = workflow.propose(offer=offer, person=second, membership=membership)
    page = counselor_client.post(
        f"/mises-en-relation/{one.pk}/",
        {"action": "answer", "outcome": "hired", "starts_on": "2026-12-01"},
        follow=True,
    )
    assert "Mise en relation mise à jour." in text(page)
    assert "sont pourvus" not in text(page)
    offer.refresh_from_db()
    assert offer.status == "published" and offer.hired_count == 0
    detail = text(counselor_client.get(f"/entreprises/offres/{offer.pk}/"))
    assert "2 — 1 embauche notée sur les mises en relation" in detail
    status_form = text(counselor_client.get(f"/entreprises/offres/{offer.pk}/cloture/"))
    assert re.search(r'name="hired_count" value="1"', status_form)
    assert offer in [o for o, _m in sources.offers_for_person(second, structure_a.pk)]
    page = counselor_client.post(
        f"/mises-en-relation/{two.pk}/",
        {"action": "answer", "outcome": "hired", "starts_on": "2026-12-01"},
        follow=True,
    )
    assert (
        f"Tous les postes de l'offre « {offer.title} » sont pourvus : elle est marquée "
        "« Pourvue » et n'est plus proposée." in text(page)
    )
    offer.refresh_from_db()
    assert offer.status == "filled" and offer.hired_count == 2
    assert offer not in [o for o, _m in sources.offers_for_person(first, structure_a.pk)]
    assert sources.people_for_offer(offer)  # the ranking page still works for a filled offer
    assert "Pourvue" in text(counselor_client.get(f"/entreprises/offres/{offer.pk}/"))


def test_a_refusal_or_an_interview_leaves_the_offer_published(
    structure_a,
    counselor,
    offer,  # noqa: F811
    nantes,
):
    person = candidate(structure_a, counselor, nantes)
    membership = counselor.memberships.get()
    proposal = workflow.propose(offer=offer, person=person, membership=membership)
    answered = workflow.answer(
        proposal=proposal, outcome="refused", by=counselor, refusal_reason="filled"
    )
    assert answered.filled_offer is False
    offer.refresh_from_db()
    assert offer.status == "published"


def test_the_person_s_offers_are_linked_only_for_who_may_open_the_project(
    counselor_client,
    login,
    employer_liaison,
    structure_a,
    counselor,
    offer,  # noqa: F811
    nantes,
):
    person = candidate(structure_a, counselor, nantes)
    counselor_client.post(
        f"/entreprises/offres/{offer.pk}/personnes/{person.pk}/proposer/",
        {"recipient_email": "rh@boulangerie.test"},
    )
    url = f"/mises-en-relation/{Proposal.objects.get().pk}/"
    link = f'href="/personnes/{person.pk}/offres/"'
    assert link in text(counselor_client.get(url))
    liaison = login(Client(), employer_liaison)
    page = text(liaison.get(url))
    assert "Mise en relation" in page and link not in page
    assert liaison.get(f"/personnes/{person.pk}/offres/").status_code == 404


def test_the_proposal_form_suggests_the_need_contact_and_a_message(
    counselor_client,
    structure_a,
    counselor,
    offer,  # noqa: F811
    nantes,
):
    from tremplin.employers.models import CompanyContact, RecruitmentNeed

    person = candidate(structure_a, counselor, nantes, first_name="Sarah", last_name="Lemaire")
    url = f"/entreprises/offres/{offer.pk}/personnes/{person.pk}/proposer/"
    offer.company.email = "accueil@boulangerie.test"
    offer.company.save()
    page = text(counselor_client.get(url))
    assert 'value="accueil@boulangerie.test"' in page  # no contact: the company's address
    CompanyContact.objects.create(
        company=offer.company, last_name="Gone", email="old@b.test", is_active=False
    )
    CompanyContact.objects.create(company=offer.company, last_name="Roux", email="roux@b.test")
    assert 'value="roux@b.test"' in text(counselor_client.get(url))
    recruiter = CompanyContact.objects.create(
        company=offer.company, last_name="Le Floch", email="rh@boulangerie.test"
    )
    offer.need = RecruitmentNeed.objects.create(
        company=offer.company,
        contact=recruiter,
        collected_on=timezone.localdate(),
        appellation=offer.appellation,
        created_by=counselor,
    )
    offer.save()
    page = text(counselor_client.get(url))
    assert 'value="rh@boulangerie.test"' in page
    assert f"la candidature de Sarah L. pour votre offre « {offer.title} »" in page
    assert "Lemaire" not in page.split('name="message"')[1].split("</textarea>")[0]


def test_the_profile_agrees_candidate_with_the_person_s_sex(
    counselor_client,
    structure_a,
    counselor,
    offer,  # noqa: F811
    nantes,
):
    url = "/entreprises/offres/{}/personnes/{}/proposer/"
    for sex, word in (("F", ">Candidate<"), ("M", ">Candidat<"), ("", ">Candidat·e<")):
        person = candidate(structure_a, counselor, nantes, sex=sex)
        assert word in text(counselor_client.get(url.format(offer.pk, person.pk)))
    woman = candidate(structure_a, counselor, nantes, sex="F")
    counselor.active_membership = counselor.memberships.get()
    proposal = workflow.propose(offer=offer, person=woman, membership=counselor.active_membership)
    assert ">Candidate<" in text(Client().get(link_path(proposal)))


def test_the_action_column_of_the_people_to_propose_has_a_header(
    counselor_client,
    structure_a,
    counselor,
    offer,  # noqa: F811
    nantes,
):
    candidate(structure_a, counselor, nantes)
    page = text(counselor_client.get(f"/entreprises/offres/{offer.pk}/personnes/"))
    headers = re.findall(r"<th scope=\"col\">(.*?)</th>", page)
    assert headers[-1] == '<span class="visually-hidden">Action</span>'
    assert all(h.strip() for h in headers)


def test_the_hiring_aids_agree_inscrit_with_the_person_s_sex(
    structure_a,
    counselor,
    offer,  # noqa: F811
    nantes,
):
    from datetime import date

    from tremplin.matching import sources
    from tremplin.people.access import file_access

    offer.company.sector = "private"
    offer.company.save()
    counselor.active_membership = counselor.memberships.get()
    for sex, word in (("F", "(inscrite)"), ("M", "(inscrit)")):
        person = candidate(
            structure_a,
            counselor,
            nantes,
            sex=sex,
            birth_date=date(1990, 3, 1),
            is_registered_jobseeker=True,
            jobseeker_since=date(2024, 1, 1),
        )
        reasons = "\n".join(
            r for a in sources.hiring_aids(file_access(counselor, person), offer) for r in a.reasons
        )
        assert word in reasons and "inscrit·e" not in reasons


def test_the_history_keeps_the_planned_interview_date(
    counselor_client,
    structure_a,
    counselor,
    offer,  # noqa: F811
    nantes,
):
    person = candidate(structure_a, counselor, nantes)
    proposal = workflow.propose(offer=offer, person=person, membership=counselor.memberships.get())
    day = timezone.localdate() + timedelta(days=3)
    counselor_client.post(
        f"/mises-en-relation/{proposal.pk}/",
        {"action": "answer", "outcome": "interview", "interview_at": f"{day}T10:00"},
    )
    page = text(counselor_client.get(f"/mises-en-relation/{proposal.pk}/"))
    assert f"Entretien prévu le {day:%d/%m/%Y} à 10 h 00" in page
    # A refusal afterwards keeps the interview's date.
    counselor_client.post(
        f"/mises-en-relation/{proposal.pk}/",
        {"action": "answer", "outcome": "refused", "refusal_reason": "other", "comment": "Non"},
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REFUSED
    assert timezone.localtime(proposal.interview_at).date() == day


def test_a_hire_is_refused_before_a_planned_interview_and_before_it_in_time(
    structure_a,
    counselor,
    offer,  # noqa: F811
    nantes,
):
    person = candidate(structure_a, counselor, nantes)
    proposal = workflow.propose(offer=offer, person=person, membership=counselor.memberships.get())
    soon = timezone.now() + timedelta(days=3)
    workflow.answer(proposal=proposal, outcome="interview", by=counselor, interview_at=soon)
    with pytest.raises(ValidationError) as refused:
        workflow.answer(proposal=proposal, outcome="hired", by=counselor, starts_on=soon.date())
    assert "L'entretien est prévu le " in str(refused.value)
    past = timezone.now() - timedelta(days=2)
    Proposal.objects.filter(pk=proposal.pk).update(interview_at=past)
    with pytest.raises(ValidationError) as refused:
        workflow.answer(
            proposal=proposal,
            outcome="hired",
            by=counselor,
            starts_on=timezone.localtime(past).date() - timedelta(days=1),
        )
    assert "La prise de poste ne peut pas précéder l'entretien" in str(refused.value)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.INTERVIEW


def test_the_default_message_elides_before_a_vowel(offer):  # noqa: F811
    from tremplin.matching.views import _default_message

    message = _default_message(offer, {"name": "Olivier F."})
    assert "la candidature d'Olivier F. pour votre offre" in message
    assert "candidature de Sarah L." in _default_message(offer, {"name": "Sarah L."})
