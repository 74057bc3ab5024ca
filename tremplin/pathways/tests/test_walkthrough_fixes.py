"""Defects found walking through the demo: the exit form, the objectives table, the
contract, the funders without nomenclature, the weeks to come."""

import html
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tremplin.employment import actions as employment_actions
from tremplin.employment.models import Employment
from tremplin.pathways.models import Action, Exit, Objective

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def client_a(client, login, counselor):
    return login(client, counselor)


def test_the_exit_form_tells_every_error_at_once(client_a, pathway):
    Objective.objects.create(
        pathway=pathway, thematique_id="mobilite--preparer-un-permis", title="Permis B"
    )
    tomorrow = timezone.localdate() + timedelta(days=1)
    later = Action.objects.create(
        pathway=pathway,
        title="Formation CACES",
        owner="person",
        starts_on=tomorrow + timedelta(days=5),
        due_on=tomorrow + timedelta(days=10),
        status="in_progress",
    )
    response = client_a.post(
        f"/parcours/{pathway.pk}/sortie/",
        {
            "exit_on": tomorrow.isoformat(),
            "situation": "job_seeking",
            f"action_{later.pk}": "done",
        },
    )
    errors = response.context["form"].errors
    page = text(response)
    # The three errors in one round: objective undecided, date in the future, action to come.
    assert "Dites si l'objectif « Permis B » est atteint." in page
    assert errors["exit_on"] == ["La date de sortie ne peut pas être dans le futur."]
    assert errors[f"action_{later.pk}"] == [
        f"L'action « Formation CACES » commence le {later.starts_on:%d/%m/%Y}, après "
        f"aujourd'hui ({timezone.localdate():%d/%m/%Y}) : elle ne peut pas être réalisée. "
        "Choisissez « Annulée »."
    ]
    assert not Exit.objects.exists()
    pathway.refresh_from_db()
    assert not pathway.is_closed


def test_an_exit_before_the_pathway_is_refused_by_the_form(client_a, pathway):
    response = client_a.post(
        f"/parcours/{pathway.pk}/sortie/",
        {"exit_on": (pathway.started_on - timedelta(days=1)).isoformat(), "situation": "other"},
    )
    assert response.context["form"].errors["exit_on"] == [
        "La sortie ne peut pas précéder le début du parcours."
    ]
    assert not Exit.objects.exists()


def test_the_exit_form_proposes_the_employment_recorded(client_a, pathway, person, counselor):
    url = f"/parcours/{pathway.pk}/sortie/"
    assert "situation" not in client_a.get(url).context["form"].initial
    employment = Employment(
        person=person,
        referent=counselor,
        employer_name="Boulangerie du Port",
        job_title="Boulangère",
        contract_type="cdd",
        starts_on=pathway.started_on + timedelta(days=30),
        contract_ends_on=pathway.started_on + timedelta(days=240),
        weekly_hours=35,
    )
    employment_actions.start(
        employment=employment, membership=counselor.memberships.get(), steps="1 mois"
    )
    response = client_a.get(url)
    form = response.context["form"]
    assert form["situation"].value() == "cdd"
    assert form["employer"].value() == "Boulangerie du Port"
    assert form["contract_start"].value() == employment.starts_on
    assert form["contract_end"].value() == employment.contract_ends_on
    assert form["weekly_hours"].value() == "35"  # « 35 », not « 35.00 »
    assert "Situation proposée d'après l'emploi enregistré" in text(response)
    # Proposed only: nothing is closed until the counselor confirms.
    pathway.refresh_from_db()
    assert not pathway.is_closed


def test_the_objectives_table_puts_each_fact_under_its_header(client_a, pathway):
    from tremplin.pathways.documents import contract_document

    Objective.objects.create(
        pathway=pathway, thematique_id="mobilite--preparer-un-permis", title="Permis B"
    )
    page = " ".join(text(client_a.get(f"/parcours/{pathway.pk}/")).split())
    assert (
        '<th scope="col">Objectif</th><th scope="col">Domaine</th>'
        '<th scope="col">Besoin du diagnostic</th>' in page
    )
    # Not from the diagnosis: the thematique goes with the objective, no need is named.
    assert (
        '<td>Permis B<br><span class="small text-body-secondary">Thématique : Préparer un '
        "permis</span></td><td>Mobilité</td><td>—</td>" in page
    )
    table = next(b for b in contract_document(pathway).blocks if b.kind == "table")
    assert table.headers == ["Objectif", "Domaine", "État"]
    assert table.rows == [
        ["Permis B (thématique : Préparer un permis)", "Mobilité", "En\u00a0cours"]
    ]


def test_a_contract_signed_with_the_former_objectives_table_stays_signed(pathway, membership):
    from tremplin.pathways import actions
    from tremplin.pathways.documents import content_hash, contract_document, snapshot_of
    from tremplin.pathways.models import ContractSignature

    Objective.objects.create(
        pathway=pathway, thematique_id="mobilite--preparer-un-permis", title="Permis B"
    )
    signature = actions.sign_contract(
        pathway=pathway, membership=membership, channel="screen", signer_name="Inès Zwyrtkowska"
    )
    former = snapshot_of(contract_document(pathway, former_objectives=True))
    assert former != signature.snapshot
    ContractSignature.objects.filter(pk=signature.pk).update(
        snapshot=former, content_sha256=content_hash(former)
    )
    assert actions.contract_state(pathway) == actions.ContractState.SIGNED


def test_an_objective_not_reached_at_the_exit_reads_not_reached(client_a, pathway):
    permis = Objective.objects.create(
        pathway=pathway, thematique_id="mobilite--preparer-un-permis", title="Permis B"
    )
    url = f"/parcours/{pathway.pk}/sortie/"
    assert "Non atteint" in text(client_a.get(url))
    response = client_a.post(
        url,
        {
            "exit_on": timezone.localdate().isoformat(),
            "situation": "job_seeking",
            f"objective_{permis.pk}": "not_reached",
        },
    )
    assert response.status_code == 302
    permis.refresh_from_db()
    assert permis.status == "not_reached"
    page = text(client_a.get(f"/parcours/{pathway.pk}/"))
    assert "Non atteint" in page and "Abandonné" not in page


def test_the_signed_contract_fills_both_signature_boxes(pathway, membership, counselor):
    from tremplin.pathways import actions
    from tremplin.pathways.documents import signed_document

    signature = actions.sign_contract(
        pathway=pathway, membership=membership, channel="screen", signer_name="Inès Zwyrtkowska"
    )
    document = signed_document(signature)
    assert not any(b.kind == "signatures" for b in document.blocks)
    day = f"{timezone.localtime(signature.signed_at):%d/%m/%Y}"
    (boxes,) = [b for b in document.blocks if b.kind == "signed"]
    assert [box.date for box in boxes.boxes] == [f"Date : {day}", f"Date : {day}"]
    assert [box.signature for box in boxes.boxes] == [
        f"Signature : Signé à l'écran le {day} par Inès Zwyrtkowska",
        f"Signature : pour la structure, {counselor.full_name}, qui a fait signer le contrat",
    ]
    assert boxes.boxes[0].who == pathway.person.first_name + " " + pathway.person.last_name.upper()
    evidence = document.blocks[-1].text
    assert "coché «\u00a0J'ai lu ce contrat et je m'engage à le respecter\u00a0»." in evidence
    assert "«\u00a0Inès Zwyrtkowska\u00a0»" in evidence


def test_a_contract_signed_on_paper_says_so_in_the_person_box(client_a, pathway):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tremplin.pathways.documents import signed_document

    scan = SimpleUploadedFile(
        "contrat.pdf", b"%PDF-1.4\n% signed\n", content_type="application/pdf"
    )
    client_a.post(f"/parcours/{pathway.pk}/signature/", {"channel": "paper", "scan": scan})
    signature = pathway.signatures.get()
    day = f"{timezone.localtime(signature.signed_at):%d/%m/%Y}"
    (boxes,) = [b for b in signed_document(signature).blocks if b.kind == "signed"]
    assert boxes.boxes[0].signature == (
        f"Signature : Signé sur papier le {day} (scan joint au dossier)"
    )
    assert boxes.boxes[0].png is None
    pdf = client_a.get(f"/parcours/signatures/{signature.pk}/contrat.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_cej_contract_starts_with_the_cej_commitments(person, membership, counselor):
    from tremplin.pathways import actions
    from tremplin.pathways.enums import Framework
    from tremplin.pathways.models import Pathway

    cej = actions.create_pathway(
        pathway=Pathway(
            person=person,
            framework=Framework.CEJ,
            started_on=date(2026, 1, 5),
            planned_end_on=date(2026, 12, 31),
            referent=counselor,
        ),
        membership=membership,
    )
    structure = " ".join(cej.commitments.filter(party="structure").values_list("text", flat=True))
    assert "référent·e dédié·e" in structure
    assert "15 à 20 heures d'activités par semaine" in structure
    assert "allocation CEJ, versée chaque mois sous conditions" in structure
    assert "absences répétées sans justification, en parler d'abord avec vous" in structure
    assert "peut être suspendu" in structure


def test_other_frameworks_keep_the_usual_commitments(pathway):
    from tremplin.pathways.actions import DEFAULT_COMMITMENTS

    texts = {(c.party, c.text) for c in pathway.commitments.all()}
    assert texts == {
        (party, text) for party, items in DEFAULT_COMMITMENTS.items() for text in items
    }


def test_a_funder_without_nomenclature_is_said_so_at_the_exit(
    client, login, client_a, pathway, counselor, manager
):
    from tremplin.pathways import actions
    from tremplin.pathways.exits import ExitFacts

    actions.close_with_exit(
        pathway=pathway,
        by=counselor,
        facts=ExitFacts(situation="job_seeking", exit_on=timezone.localdate()),
    )
    page = " ".join(text(client_a.get(f"/parcours/{pathway.pk}/")).split())
    # « Département » has none; the others are translated as before.
    assert (
        '<td>Département</td><td colspan="2">Pas de nomenclature de sortie pour ce financeur.</td>'
        in page
    )
    assert "<td>FSE+</td><td>FSE+ — indicateurs de résultat immédiat</td>" in page
    # Who manages the funders is led to the page where a nomenclature is chosen.
    manager_page = text(login(Client(), manager).get(f"/parcours/{pathway.pk}/"))
    assert (
        'Pas de nomenclature de sortie pour ce financeur — <a href="/equipe/financeurs/">'
        in manager_page
    )


def _appointment(person, counselor, day, hour, hours):
    from datetime import datetime, time

    from tremplin.agenda.models import Appointment, Participant

    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(day, time(hour)), tz)
    appointment = Appointment.objects.create(
        structure=person.follows.get().structure,
        organizer=counselor,
        created_by=counselor,
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
        place="Bureau 3",
    )
    return Participant.objects.create(appointment=appointment, person=person)


def test_the_weeks_to_come_show_the_hours_already_planned(pathway, person, counselor):
    from decimal import Decimal

    from tremplin.pathways.hours import pathway_weeks

    today = date(2026, 3, 4)  # a Wednesday
    Action.objects.create(
        pathway=pathway, title="Atelier CV", owner="person", due_on=date(2026, 3, 10), hours=3
    )
    _appointment(person, counselor, date(2026, 3, 17), 10, 2)  # in two weeks
    _appointment(person, counselor, date(2026, 3, 5), 14, 1)  # tomorrow
    weeks = pathway_weeks(pathway, today=today, ahead=2)
    assert [(w.start, w.hours, w.is_ahead) for w in weeks[:3]] == [
        (date(2026, 3, 16), Decimal(2), True),
        (date(2026, 3, 9), Decimal(3), True),
        (date(2026, 3, 2), Decimal(1), False),
    ]
    current = weeks[2]
    assert current.is_current and current.planned == Decimal(1)
    # A week to come is never « sous l'objectif »: it has not happened yet.
    assert not any(w.is_under_target for w in weeks[:3])
    # Without `ahead`, the weeks stop at this one, as before.
    assert pathway_weeks(pathway, today=today)[0].start == date(2026, 3, 2)


def test_the_pathway_page_marks_the_weeks_to_come_planned(client_a, person, membership, counselor):
    from tremplin.pathways import actions
    from tremplin.pathways.enums import Framework
    from tremplin.pathways.hours import monday_of
    from tremplin.pathways.models import Pathway

    today = timezone.localdate()
    pathway = actions.create_pathway(
        pathway=Pathway(
            person=person,
            framework=Framework.CONTRAT_ENGAGEMENT,
            started_on=today - timedelta(days=21),
            planned_end_on=today + timedelta(days=180),
            referent=counselor,
        ),
        membership=membership,
    )
    _appointment(person, counselor, monday_of(today) + timedelta(days=8), 10, 2)
    page = " ".join(text(client_a.get(f"/parcours/{pathway.pk}/")).split())
    assert "<td>2 h prévues</td>" in page.replace("\u00a0", " ")
    assert page.count("Semaine à venir : heures déjà prévues") == 2
    assert "Semaine en cours" in page
