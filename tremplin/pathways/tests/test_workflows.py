"""The pathway through the test client: open, plan, sign, follow, close with an exit."""

import html
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from tremplin.audit.models import AccessLog
from tremplin.diagnosis import actions as diagnosis_actions
from tremplin.pathways import actions
from tremplin.pathways.documents import content_hash
from tremplin.pathways.exits import ExitFacts
from tremplin.pathways.models import (
    Action,
    ContractSignature,
    Exit,
    ImmutableError,
    Objective,
    Pathway,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def client_a(client, login, counselor):
    return login(client, counselor)


def _diagnosis(person, membership):
    return diagnosis_actions.save_version(
        person=person,
        membership=membership,
        base_number=0,
        interview_date=date(2026, 1, 2),
        demand="Trouver un emploi.",
        synthesis="",
        domains={
            "mobilite": diagnosis_actions.DomainData(
                facts={},
                situation="",
                strengths="",
                obstacles=[],
                needs=["mobilite--preparer-un-permis"],
            ),
            "preparer-sa-candidature": diagnosis_actions.DomainData(
                facts={},
                situation="",
                strengths="",
                obstacles=[],
                needs=["preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation"],
            ),
        },
        editable={"mobilite", "preparer-sa-candidature"},
    )


def test_counselor_opens_a_pathway_with_objectives_from_the_diagnosis(
    client_a, person, membership, funders
):
    _diagnosis(person, membership)
    page = client_a.get(f"/personnes/{person.pk}/parcours/nouveau/")
    assert "2 besoins" in text(page)
    response = client_a.post(
        f"/personnes/{person.pk}/parcours/nouveau/",
        {
            "framework": "cej",
            "started_on": "2026-01-05",
            "planned_end_on": "2026-07-04",
            "referent": membership.user_id,
            "funders": [funders[1].pk, funders[3].pk],
            "from_diagnosis": "1",
        },
    )
    pathway = Pathway.objects.get(person=person)
    assert response.status_code == 302 and response["Location"] == f"/parcours/{pathway.pk}/"
    assert {o.thematique_id for o in pathway.objectives.all()} == {
        "mobilite--preparer-un-permis",
        "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation",
    }
    assert all(
        o.need.domain in {"mobilite", "preparer-sa-candidature"} for o in pathway.objectives.all()
    )
    # The usual four, and the five of the CEJ.
    assert pathway.commitments.count() == 9 and pathway.funders.count() == 2
    page = client_a.get(f"/parcours/{pathway.pk}/")
    assert "15 à 20 h par semaine" in text(page)
    assert AccessLog.objects.filter(person_id=person.pk, section="pathway").exists()
    # Asking again creates nothing twice.
    client_a.post(
        f"/parcours/{pathway.pk}/objectifs/depuis-le-diagnostic/",
        {"needs": [f"{o.need_id}:{o.thematique_id}" for o in pathway.objectives.all()]},
    )
    assert pathway.objectives.count() == 2


def test_dates_out_of_order_are_refused_and_nothing_is_saved(client_a, person):
    response = client_a.post(
        f"/personnes/{person.pk}/parcours/nouveau/",
        {"framework": "cer", "started_on": "2026-03-01", "planned_end_on": "2026-02-01"},
    )
    assert response.status_code == 200
    assert "La fin prévue doit être après le début du parcours." in text(response)
    assert not Pathway.objects.exists()


def test_an_adapted_target_needs_a_reason(client_a, person):
    response = client_a.post(
        f"/personnes/{person.pk}/parcours/nouveau/",
        {
            "framework": "contrat_engagement",
            "started_on": "2026-01-05",
            "planned_end_on": "2026-12-31",
            "weekly_hours_target": "8",
        },
    )
    assert "Indiquez pourquoi l'objectif d'heures est adapté" in text(response)
    assert not Pathway.objects.exists()


def test_action_bad_input_is_refused_on_the_field(client_a, pathway):
    url = f"/parcours/{pathway.pk}/actions/"
    base = {"title": "Immersion", "owner": "person", "status": "planned"}
    response = client_a.post(url, {**base, "due_on": "2026-01-02"})
    assert "ne peut pas précéder le début du parcours (05/01/2026)" in text(response)
    response = client_a.post(url, {**base, "due_on": "2026-01-06", "hours": "25"})
    assert "une journée ne compte pas plus de 24 heures" in text(response)
    response = client_a.post(url, {**base, "due_on": "2026-01-06", "hours": "-3"})
    assert "Indiquez au moins 0,5 heure d'activité" in text(response)
    assert "0.5" not in text(response)
    response = client_a.post(url, {**base, "owner": "partner", "due_on": "2026-01-06"})
    assert "Indiquez le partenaire" in text(response)
    assert not Action.objects.exists()
    response = client_a.post(
        url, {**base, "due_on": "2026-01-09", "starts_on": "2026-01-05", "hours": "35"}
    )
    assert response.status_code == 302 and Action.objects.get().hours == 35
    client_a.post(
        url, {**base, "title": "Relancer l'employeur", "owner": "counselor", "due_on": "2026-01-09"}
    )
    # « Qui » names the people: the person's first name, the référent's name.
    page = text(client_a.get(f"/parcours/{pathway.pk}/"))
    assert f"<td>{pathway.person.first_name}</td>" in page
    assert f"<td>{pathway.referent.full_name}</td>" in page
    assert "Le ou la conseiller" not in page and "<td>La personne</td>" not in page


def test_the_signed_contract_is_frozen_and_a_change_asks_for_a_new_signature(client_a, pathway):
    client_a.post(
        f"/parcours/{pathway.pk}/actions/",
        {"title": "Refaire le CV", "owner": "person", "status": "planned", "due_on": "2026-01-09"},
    )
    page = client_a.get(f"/parcours/{pathway.pk}/signature/")
    assert "Refaire le CV" in text(page)
    refused = client_a.post(
        f"/parcours/{pathway.pk}/signature/", {"channel": "screen", "signer_name": "Inès Z"}
    )
    assert "coche la case" in text(refused) and not ContractSignature.objects.exists()
    client_a.post(
        f"/parcours/{pathway.pk}/signature/",
        {"channel": "screen", "signer_name": "Inès Zwyrtkowska", "confirm": "on"},
    )
    signature = ContractSignature.objects.get()
    assert signature.number == 1 and signature.signer_name == "Inès Zwyrtkowska"
    assert signature.content_sha256 == content_hash(signature.snapshot)
    assert "signé" in text(client_a.get(f"/parcours/{pathway.pk}/"))
    assert "Faire signer" not in text(client_a.get(f"/parcours/{pathway.pk}/"))
    with pytest.raises(ImmutableError):
        signature.save()
    # The plan changes: the signed version keeps what was signed, and an added action does
    # not ask for a new signature (the plan moves with the follow-up).
    client_a.post(
        f"/parcours/{pathway.pk}/actions/",
        {"title": "Passer le code", "owner": "person", "status": "planned", "due_on": "2026-02-09"},
    )
    detail = text(client_a.get(f"/parcours/{pathway.pk}/"))
    assert "une nouvelle signature n'est pas nécessaire" in detail
    assert "Les termes du contrat ont changé" not in detail
    assert "Faire signer le contrat" not in detail and "Faire signer la version à jour" in detail
    assert "Passer le code" not in str(ContractSignature.objects.get().snapshot)
    # A new commitment changes the terms: sign again.
    client_a.post(
        f"/parcours/{pathway.pk}/engagements/",
        {"party": "person", "text": "Chercher un stage de trois semaines."},
    )
    detail = text(client_a.get(f"/parcours/{pathway.pk}/"))
    assert "Les termes du contrat ont changé depuis cette signature" in detail
    assert "Faire signer le contrat" in detail
    pdf = client_a.get(f"/parcours/signatures/{signature.pk}/contrat.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    docx = client_a.get(f"/parcours/signatures/{signature.pk}/contrat.docx")
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    # On paper, with the scan: version 2.
    scan = SimpleUploadedFile(
        "contrat.pdf", b"%PDF-1.4\n% signed\n", content_type="application/pdf"
    )
    client_a.post(f"/parcours/{pathway.pk}/signature/", {"channel": "paper", "scan": scan})
    latest = pathway.signatures.order_by("-number").first()
    assert latest.number == 2 and latest.scan.kind == "contract"
    assert "Passer le code" in str(latest.snapshot)


def test_interview_review_and_their_documents(client_a, pathway):
    today = timezone.localdate().isoformat()
    empty = client_a.post(f"/parcours/{pathway.pk}/entretiens/", {"held_on": today})
    assert "Le compte rendu est vide" in text(empty)
    client_a.post(
        f"/parcours/{pathway.pk}/entretiens/",
        {
            "held_on": today,
            "facts": "Code de la route réussi.",
            "person_words": "« Je suis fière. »",
            "decisions": "Inscription à la conduite.",
            "next_steps": "Prochain point dans 15 jours.",
        },
    )
    interview = pathway.interviews.get()
    for fmt, magic in (("pdf", b"%PDF"), ("docx", b"PK")):
        response = client_a.get(f"/parcours/entretiens/{interview.pk}/compte-rendu.{fmt}")
        assert response.status_code == 200 and response.content.startswith(magic)
    client_a.post(
        f"/parcours/{pathway.pk}/bilans/",
        {"kind": "intermediate", "held_on": today, "progress": "Le code est acquis."},
    )
    review = pathway.reviews.get()
    assert client_a.get(f"/parcours/bilans/{review.pk}/bilan.pdf").content.startswith(b"%PDF")


def test_suspension_and_resumption_with_reason(client_a, pathway):
    url = f"/parcours/{pathway.pk}/suspension/"
    client_a.post(url, {"started_on": "2026-02-02", "reason": "health"})
    pathway.refresh_from_db()
    assert pathway.is_suspended
    refused = client_a.post(url, {"resumed_on": "2026-01-30"})
    assert "ne peut pas précéder la suspension" in text(refused)
    # A resumption is recorded the day it happens: a future date would show the pathway
    # « En cours » at once.
    tomorrow = timezone.localdate() + timedelta(days=1)
    refused = client_a.post(url, {"resumed_on": tomorrow.isoformat()})
    assert "La reprise ne peut pas être datée dans le futur" in text(refused)
    pathway.refresh_from_db()
    assert pathway.is_suspended and pathway.suspensions.get().resumed_on is None
    client_a.post(url, {"resumed_on": "2026-02-20", "note": "Reprise à mi-temps"})
    pathway.refresh_from_db()
    assert pathway.status == "in_progress"
    assert pathway.suspensions.get().resumed_on == date(2026, 2, 20)


def test_exit_without_facts_is_refused_and_nothing_changes(client_a, pathway):
    response = client_a.post(f"/parcours/{pathway.pk}/sortie/", {"exit_on": "2026-06-30"})
    assert "Indiquez la situation de la personne à la sortie." in text(response)
    response = client_a.post(
        f"/parcours/{pathway.pk}/sortie/",
        {
            "exit_on": "2026-06-30",
            "situation": "cdd",
            "employer": "Leclerc",
            "contract_start": "2026-07-01",
        },
    )
    assert "Indiquez la date de fin du CDD : elle indique s'il dure 6 mois ou plus." in text(
        response
    )
    assert not Exit.objects.exists()
    pathway.refresh_from_db()
    assert pathway.status == "in_progress"


def test_exit_settles_each_open_objective_and_action(client_a, pathway):
    permis = Objective.objects.create(
        pathway=pathway, thematique_id="mobilite--preparer-un-permis", title="Permis B"
    )
    code = Action.objects.create(
        pathway=pathway, title="Passer le code", owner="person", due_on=date(2026, 2, 1)
    )
    stage = Action.objects.create(
        pathway=pathway,
        title="Stage en cuisine",
        owner="person",
        due_on=date(2026, 3, 1),
        status="in_progress",
    )
    url = f"/parcours/{pathway.pk}/sortie/"
    form = client_a.get(url).context["form"]
    # Not started: proposed as cancelled; in progress: the counselor says.
    assert form[f"action_{code.pk}"].initial == "cancelled"
    assert form[f"action_{stage.pk}"].initial is None
    exit_on = timezone.localdate().isoformat()
    facts = {"exit_on": exit_on, "situation": "job_seeking"}
    undecided = client_a.post(url, {**facts, f"action_{code.pk}": "cancelled"})
    assert "Dites si l'objectif « Permis B » est atteint." in text(undecided)
    assert "Dites si l'action « Stage en cuisine » a été réalisée." in text(undecided)
    pathway.refresh_from_db()
    assert not pathway.is_closed
    # An action added meanwhile: the page was not up to date, nothing closes.
    late = Action.objects.create(
        pathway=pathway, title="Atelier CV", owner="person", due_on=date(2026, 4, 1)
    )
    decided = {
        **facts,
        f"objective_{permis.pk}": "not_reached",
        f"action_{code.pk}": "cancelled",
        f"action_{stage.pk}": "done",
    }
    stale = client_a.post(url, decided)
    assert "« Atelier CV »" in text(stale) and not Exit.objects.exists()
    late.delete()
    response = client_a.post(url, decided)
    assert response.status_code == 302
    pathway.refresh_from_db()
    assert pathway.is_closed
    assert Objective.objects.get(pk=permis.pk).status == "not_reached"
    assert {a.title: a.status for a in pathway.actions.all()} == {
        "Passer le code": "cancelled",
        "Stage en cuisine": "done",
    }


def test_an_action_after_the_exit_cannot_be_marked_done(client_a, pathway, counselor):
    exit_on = date(2026, 11, 24)
    before = Action.objects.create(
        pathway=pathway, title="Atelier CV", owner="person", due_on=date(2026, 11, 20)
    )
    after = Action.objects.create(
        pathway=pathway,
        title="Formation CACES",
        owner="person",
        starts_on=date(2026, 12, 1),
        due_on=date(2026, 12, 15),
        hours=35,
        status="in_progress",
    )
    due_after = Action.objects.create(
        pathway=pathway, title="Visite d'entreprise", owner="person", due_on=date(2026, 11, 25)
    )
    url = f"/parcours/{pathway.pk}/sortie/"
    facts = {"exit_on": exit_on.isoformat(), "situation": "job_seeking"}
    all_done = {
        **facts,
        f"action_{before.pk}": "done",
        f"action_{after.pk}": "done",
        f"action_{due_after.pk}": "done",
    }
    response = client_a.post(url, all_done)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors[f"action_{after.pk}"] == [
        "L'action « Formation CACES » commence le 01/12/2026, après la sortie du 24/11/2026 : "
        "elle ne peut pas être réalisée. Choisissez « Annulée »."
    ]
    assert "25/11/2026" in errors[f"action_{due_after.pk}"][0]
    assert f"action_{before.pk}" not in errors
    pathway.refresh_from_db()
    assert not pathway.is_closed and not Exit.objects.exists()
    assert Action.objects.get(pk=after.pk).status == "in_progress"
    assert Action.objects.get(pk=before.pk).status != "done"
    # The workflow refuses it too, whatever the form.
    with pytest.raises(ValidationError) as refused:
        actions.close_with_exit(
            pathway=pathway,
            by=counselor,
            facts=ExitFacts(situation="job_seeking", exit_on=exit_on),
            action_outcomes={before.pk: "done", after.pk: "done", due_after.pk: "cancelled"},
        )
    assert f"action_{after.pk}" in refused.value.message_dict
    assert not Exit.objects.exists()
    # Cancelled, the actions after the exit let the pathway close.
    response = client_a.post(
        url, {**all_done, f"action_{after.pk}": "cancelled", f"action_{due_after.pk}": "cancelled"}
    )
    assert response.status_code == 302
    assert {a.title: a.status for a in pathway.actions.all()} == {
        "Atelier CV": "done",
        "Formation CACES": "cancelled",
        "Visite d'entreprise": "cancelled",
    }


def test_exit_closes_the_pathway_with_each_funders_category(client_a, pathway):
    exit_on = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client_a.post(
        f"/parcours/{pathway.pk}/sortie/",
        {
            "exit_on": exit_on,
            "situation": "cdd",
            "employer": "Leclerc Saint-Nazaire",
            "contract_start": exit_on,
            "contract_end": (timezone.localdate() + timedelta(days=60)).isoformat(),
            "weekly_hours": "35",
        },
    )
    assert response.status_code == 302
    pathway.refresh_from_db()
    assert pathway.is_closed and pathway.exit.category == "cdd_under_6m"
    # The label keeps its case: « CDD », not « cdd ».
    shown = text(client_a.get(response["Location"]))
    assert "Parcours clos. Sortie : CDD de moins de 6 mois." in shown
    page = text(client_a.get(f"/parcours/{pathway.pk}/"))
    assert "Emploi de transition" in page  # IAE
    assert "Sortie non positive" in page  # PLIE
    assert "EECR04" in page  # FSE+
    # A closed pathway reads in the past: its end is the exit date, not the planned one.
    shown_exit = (timezone.localdate() - timedelta(days=1)).strftime("%d/%m/%Y")
    assert f"au {shown_exit} (sortie)" in " ".join(page.split()).replace("</a>", "").replace(
        '<a href="#h-exit">', ""
    )
    assert "(fin prévue)" not in page
    assert "Le contrat n'a pas été signé." in page
    assert "Le contrat n'est pas encore signé." not in page
    assert "Aucune action n'a été prévue." in page and "Pas encore" not in page
    # Closed: no more changes.
    again = client_a.post(f"/parcours/{pathway.pk}/actions/", {"title": "x"})
    assert again.status_code == 302 and not Action.objects.exists()


def test_two_counselors_editing_the_plan_never_overwrite_each_other(
    client_a, pathway, colleague, login
):
    def data(**changes):
        values = {
            "framework": pathway.framework,
            "started_on": "2026-01-05",
            "planned_end_on": "2026-12-31",
            "referent": pathway.referent_id,
            "funders": [f.pk for f in pathway.funders.all()],
            "version": pathway.version,
        }
        form = client_a.get(f"/parcours/{pathway.pk}/modifier/").context["form"]
        values["loaded_state"] = form["loaded_state"].value()
        values.update(changes)
        return values

    mine = data(planned_end_on="2026-10-31")
    theirs = data(weekly_hours_target="10", target_reason="health")
    assert (
        login(Client(), colleague).post(f"/parcours/{pathway.pk}/modifier/", theirs).status_code
        == 302
    )
    response = client_a.post(f"/parcours/{pathway.pk}/modifier/", mine)
    assert response.status_code == 200
    assert "Quelqu'un d'autre a modifié ce plan" in text(response)
    labels = {label for label, *_ in response.context["form"].conflicts}
    assert "Motif de l'adaptation" in labels
    pathway.refresh_from_db()
    assert pathway.planned_end_on == date(2026, 12, 31) and pathway.weekly_hours_target == 10
    # Submitting again keeps both changes.
    assert (
        client_a.post(
            f"/parcours/{pathway.pk}/modifier/", response.context["form"].data.copy()
        ).status_code
        == 302
    )
    pathway.refresh_from_db()
    assert pathway.planned_end_on == date(2026, 10, 31) and pathway.weekly_hours_target == 10


def test_concurrent_edits_of_an_action_are_refused_too(client_a, pathway, colleague, login):
    action = Action.objects.create(
        pathway=pathway, title="CV", owner="person", due_on=date(2026, 1, 9)
    )
    form = client_a.get(f"/parcours/actions/{action.pk}/").context["form"]
    base = {
        "title": "CV",
        "owner": "person",
        "due_on": "2026-01-09",
        "status": "planned",
        "version": 1,
        "loaded_state": form["loaded_state"].value(),
    }
    login(Client(), colleague).post(f"/parcours/actions/{action.pk}/", {**base, "status": "done"})
    response = client_a.post(f"/parcours/actions/{action.pk}/", {**base, "hours": "2"})
    assert response.status_code == 200 and response.context["form"].conflicts
    action.refresh_from_db()
    assert action.status == "done" and action.hours is None


def test_other_structure_and_reception_cannot_open_the_pathway(
    pathway, login, other_counselor, reception
):
    for user in (other_counselor, reception):
        assert login(Client(), user).get(f"/parcours/{pathway.pk}/").status_code in (403, 404)


def test_objective_keeps_its_status(client_a, pathway):
    objective = Objective.objects.create(
        pathway=pathway, thematique_id="mobilite--preparer-un-permis", title="Permis B"
    )
    form = client_a.get(f"/parcours/objectifs/{objective.pk}/").context["form"]
    client_a.post(
        f"/parcours/objectifs/{objective.pk}/",
        {
            "thematique": objective.thematique_id,
            "title": "Permis B",
            "status": "reached",
            "version": 1,
            "loaded_state": form["loaded_state"].value(),
        },
    )
    objective.refresh_from_db()
    assert objective.status == "reached" and objective.version == 2


def test_the_pathway_page_makes_a_bounded_number_of_queries(
    client_a, pathway, django_assert_max_num_queries
):
    def count():
        with django_assert_max_num_queries(60) as queries:
            assert client_a.get(f"/parcours/{pathway.pk}/").status_code == 200
        return len(queries)

    def add(first, last):
        for n in range(first, last):
            Action.objects.create(
                pathway=pathway,
                title=f"Action {n}",
                owner="person",
                due_on=date(2026, 1, 5 + n),
                hours=2,
            )
            Objective.objects.create(
                pathway=pathway, thematique_id="mobilite--preparer-un-permis", title=f"Objectif {n}"
            )

    add(0, 2)
    count()  # the first request after logging in also touches the session
    few = count()
    add(2, 20)
    assert count() == few


def test_on_screen_the_person_may_also_draw_the_signature_kept_in_the_signed_contract(
    client_a, pathway
):
    import hashlib
    import io
    import zipfile

    from tremplin.workshops.tests.conftest import data_url, png

    url = f"/parcours/{pathway.pk}/signature/"
    base = {"channel": "screen", "signer_name": "Inès Zwyrtkowska", "confirm": "on"}
    refused = client_a.post(url, {**base, "drawing": "data:image/png;base64,pas-une-image"})
    assert "illisible" in text(refused) and not ContractSignature.objects.exists()
    drawn = png(120, 40)
    client_a.post(url, {**base, "drawing": data_url(drawn)})
    signature = ContractSignature.objects.get()
    with signature.drawing.open("rb") as f:
        assert f.read() == drawn
    assert signature.drawing_sha256 == hashlib.sha256(drawn).hexdigest()
    pdf = client_a.get(f"/parcours/signatures/{signature.pk}/contrat.pdf").content
    assert b"/Subtype /Image" in pdf
    docx = client_a.get(f"/parcours/signatures/{signature.pk}/contrat.docx").content
    assert any(n.startswith("word/media/") for n in zipfile.ZipFile(io.BytesIO(docx)).namelist())


def test_the_drawn_signature_is_printed_inside_the_persons_signature_box(client_a, pathway):
    import io
    import re
    import zipfile

    from django.template.loader import render_to_string

    from tremplin.documents.rendering import typeset
    from tremplin.pathways.documents import signed_document
    from tremplin.workshops.tests.conftest import data_url, png

    drawn = png(120, 40)
    client_a.post(
        f"/parcours/{pathway.pk}/signature/",
        {
            "channel": "screen",
            "signer_name": "Inès Zwyrtkowska",
            "confirm": "on",
            "drawing": data_url(drawn),
        },
    )
    signature = ContractSignature.objects.get()
    document = signed_document(signature)
    assert not any(b.kind == "image" for b in document.blocks)
    (boxes,) = [b for b in document.blocks if b.kind == "signed"]
    person_box, structure_box = boxes.boxes
    assert person_box.png == drawn and structure_box.png is None
    assert person_box.caption.startswith("Signature tracée par Inès Zwyrtkowska (SHA-256 ")
    # In the PDF's HTML the image sits in the first box, before the structure's box opens.
    html = render_to_string("documents/pdf.html", {"document": typeset(document)})
    boxes_html = html[html.index('<div class="signatures">') :]
    first_box, second_box = boxes_html.split('<div class="signature">')[1:3]
    assert '<img class="drawn"' in first_box and "<img" not in second_box
    # In the DOCX the picture is in the person's cell of the signature table.
    docx = client_a.get(f"/parcours/signatures/{signature.pk}/contrat.docx").content
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    cells = re.findall(r"<w:tc>.*?</w:tc>", xml, flags=re.S)
    (drawn_cell,) = [c for c in cells if "<w:drawing>" in c]
    assert "Inès Zwyrtkowska" in drawn_cell
    # And on screen, where the signed contract is shown with its blocks.
    page = render_to_string("documents/_blocks.html", {"blocks": document.blocks})
    assert person_box.data_url in page


def _cej_without_funder(person, membership, referent) -> Pathway:
    from tremplin.pathways import actions
    from tremplin.pathways.enums import Framework

    return actions.create_pathway(
        pathway=Pathway(
            person=person,
            framework=Framework.CEJ,
            started_on=date(2026, 1, 5),
            planned_end_on=date(2026, 12, 31),
            referent=referent,
        ),
        membership=membership,
    )


def test_a_follow_without_referent_takes_the_pathways(
    client_a, person, membership, counselor, colleague
):
    from tremplin.pathways import actions
    from tremplin.people.models import Follow

    follow = Follow.objects.get(person=person, structure=membership.structure)
    Follow.objects.filter(pk=follow.pk).update(referent=None)
    assert "référent·e à attribuer" in text(client_a.get(f"/personnes/{person.pk}/"))
    pathway = _cej_without_funder(person, membership, counselor)
    follow.refresh_from_db()
    assert follow.referent == counselor
    assert "référent·e à attribuer" not in text(client_a.get(f"/personnes/{person.pk}/"))
    # A follow that has its référent keeps it when the pathway's changes.
    pathway.referent = colleague
    pathway.save()
    actions.give_follow_its_referent(pathway, by=counselor)
    follow.refresh_from_db()
    assert follow.referent == counselor


def test_a_pathway_without_funder_says_so(client_a, person, membership, counselor):
    from tremplin.pathways.enums import Framework

    pathway = _cej_without_funder(person, membership, counselor)
    page = text(client_a.get(f"/parcours/{pathway.pk}/"))
    assert "ce parcours ne compte dans le bilan d'aucun financeur" in page
    # Without a contractual frame, there is nobody to report to.
    Pathway.objects.filter(pk=pathway.pk).update(framework=Framework.NONE)
    page = text(client_a.get(f"/parcours/{pathway.pk}/"))
    assert "Financeurs : aucun" in " ".join(page.split()) and "bilan d'aucun financeur" not in page


def test_the_exit_form_says_every_error_in_one_round(client_a, pathway):
    Objective.objects.create(
        pathway=pathway, thematique_id="mobilite--preparer-un-permis", title="Permis B"
    )
    page = text(client_a.post(f"/parcours/{pathway.pk}/sortie/", {"exit_on": "2026-06-30"}))
    assert "Indiquez la situation de la personne à la sortie." in page
    assert "Dites si l'objectif « Permis B » est atteint." in page


def test_a_second_pathway_leads_to_the_one_already_open(client_a, pathway):
    url = f"/personnes/{pathway.person_id}/parcours/nouveau/"
    response = client_a.get(url, follow=True)
    assert response.redirect_chain == [(f"/parcours/{pathway.pk}/", 302)]
    assert "Un parcours est déjà en cours pour cette personne" in text(response)
    response = client_a.post(
        url, {"framework": "cer", "started_on": "2026-03-01", "planned_end_on": "2026-09-01"}
    )
    assert response.status_code == 302
    assert Pathway.objects.filter(person_id=pathway.person_id).count() == 1
    assert "one_open_pathway" not in text(client_a.get(response["Location"]))


@pytest.mark.parametrize(
    ("started_on", "planned_end_on", "field_error"),
    [
        ("1900-01-01", "2026-12-31", "un parcours ne commence pas avant le 01/01/2000"),
        ("2026-01-05", "2200-01-01", "Plus de cinq ans de parcours"),
        ("2031-01-05", "2031-12-31", "au plus un an à l'avance"),
    ],
)
def test_dates_with_a_wrong_year_are_refused(
    client_a, person, started_on, planned_end_on, field_error
):
    response = client_a.post(
        f"/personnes/{person.pk}/parcours/nouveau/",
        {"framework": "cer", "started_on": started_on, "planned_end_on": planned_end_on},
    )
    assert response.status_code == 200
    assert field_error in text(response)
    assert not Pathway.objects.exists()


def test_an_action_dated_centuries_away_is_refused(client_a, pathway):
    response = client_a.post(
        f"/parcours/{pathway.pk}/actions/",
        {
            "title": "Atelier CV",
            "owner": "person",
            "starts_on": "1900-01-01",
            "due_on": "2300-01-01",
            "status": "planned",
        },
    )
    assert response.status_code == 200
    page = text(response)
    assert "L'action ne peut pas commencer avant le début du parcours" in page
    assert "Plus de deux ans après la fin prévue du parcours" in page
    assert not pathway.actions.filter(title="Atelier CV").exists()
