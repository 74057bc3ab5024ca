"""Recruitment support: need → job analysis → fiche de poste → offer, and their documents."""

import io
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from docx import Document as DocxDocument

from tremplin.employers.models import Campaign, JobOffer, RecruitmentNeed
from tremplin.employers.tests.utils import text
from tremplin.referentials.models import RomeSkill

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()


def docx_text(content: bytes) -> str:
    document = DocxDocument(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture
def need(liaison_client, company):
    response = liaison_client.post(
        f"/entreprises/{company.pk}/besoins/nouveau/",
        {
            "collected_on": "2026-11-12",
            "appellation": "Boulanger / Boulangère — D1102",
            "positions": 2,
            "wished_start_on": "2027-01-05",
            "context": "Départ en retraite du boulanger.",
            "status": "collected",
        },
    )
    need = RecruitmentNeed.objects.get()
    assert response["Location"] == f"/entreprises/besoins/{need.pk}/analyse/"
    return need


def _analysis(need, skills):
    return {
        "version": need.version,
        "collected_on": "2026-11-12",
        "appellation": "Boulanger / Boulangère — D1102",
        "positions": 2,
        "wished_start_on": "2027-01-05",
        "context": "Départ en retraite du boulanger.",
        "status": "analysed",
        "mission": "Fabriquer le pain et les viennoiseries de la boutique.",
        "tasks": "Pétrir et façonner les pâtes\n- Conduire la cuisson au four\nNettoyer le fournil",
        "working_conditions": "Travail de nuit de 3 h à 10 h, du mardi au samedi.",
        "skills": [s.pk for s in skills],
        "qualifications": "",
        "driving_licences": [],
        "tutor": "Yvonne Le Floch, gérante",
    }


def test_need_analysis_gives_a_fiche_de_poste_as_pdf_and_docx(liaison_client, need):
    form = liaison_client.get(f"/entreprises/besoins/{need.pk}/analyse/").context["form"]
    offered = list(form.fields["skills"].queryset)
    # The skills offered are those of the job's ROME fiche.
    assert offered and all(s.fiche_links.filter(fiche_id="D1102").exists() for s in offered)
    chosen = offered[:2]
    response = liaison_client.post(
        f"/entreprises/besoins/{need.pk}/analyse/", _analysis(need, chosen)
    )
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == "analysed" and need.task_list[1] == "Conduire la cuisson au four"
    pdf = liaison_client.get(f"/entreprises/besoins/{need.pk}/fiche-de-poste.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    content = pdf_text(pdf.content)
    for expected in (
        "Fiche de poste",
        "Mission principale",
        "Boulangerie du Port",
        "Conduire la cuisson au four",
        "Travail de nuit",
        chosen[0].label[:30],
        "Mission Locale Test A",
    ):
        assert expected in content, expected
    docx = liaison_client.get(f"/entreprises/besoins/{need.pk}/fiche-de-poste.docx")
    assert docx.content.startswith(b"PK")
    words = docx_text(docx.content)
    assert "Conduire la cuisson au four" in words and "Yvonne Le Floch" in words


def test_skills_of_another_fiche_are_refused(liaison_client, need):
    foreign = RomeSkill.objects.exclude(fiche_links__fiche_id="D1102").first()
    response = liaison_client.post(
        f"/entreprises/besoins/{need.pk}/analyse/", _analysis(need, [foreign])
    )
    assert response.status_code == 200
    assert "skills" in response.context["form"].errors
    assert not need.skills.exists()


def test_offer_drafted_from_the_need_takes_its_analysis(liaison_client, need, company):
    skill = RomeSkill.objects.filter(fiche_links__fiche_id="D1102").first()
    liaison_client.post(f"/entreprises/besoins/{need.pk}/analyse/", _analysis(need, [skill]))
    form = liaison_client.get(
        f"/entreprises/{company.pk}/offres/nouvelle/", {"besoin": need.pk}
    ).context["form"]
    assert form.initial["title"] == "Boulanger / Boulangère"
    assert "Conduire la cuisson au four" in form.initial["description"]
    response = liaison_client.post(
        f"/entreprises/{company.pk}/offres/nouvelle/?besoin={need.pk}",
        {
            "title": "Boulanger / Boulangère (H/F)",
            "appellation": "Boulanger / Boulangère — D1102",
            "contract_type": "cdi",
            "weekly_hours": "35",
            "pay_min": "1900",
            "pay_max": "2100",
            "pay_period": "month",
            "commune": "Nantes (44109)",
            "address": "4 quai de la Fosse",
            "description": form.initial["description"],
            "profile": "Une première expérience en boulangerie est appréciée.",
            "working_conditions": "Travail de nuit.",
            "qualifications": "",
            "driving_licences": [],
            "start_on": "2027-01-05",
            "positions": "2",
        },
    )
    offer = JobOffer.objects.get()
    assert response["Location"] == f"/entreprises/offres/{offer.pk}/"
    assert offer.status == "draft" and offer.need == need and offer.fiche_id == "D1102"
    assert list(offer.required_skills.all()) == [skill]
    need.refresh_from_db()
    assert need.status == "offer"
    pdf = pdf_text(liaison_client.get(f"/entreprises/offres/{offer.pk}/offre.pdf").content)
    assert "Boulanger / Boulangère (H/F)" in pdf
    # Amounts read in French: « 1 900 », no-break spaces so that a line never cuts them.
    assert "1 900 à 2 100 € brut par mois" in " ".join(pdf.replace("\u00a0", " ").split())
    assert "CDI" in pdf
    assert offer.pay_label.count("\u00a0") == 3
    docx = docx_text(liaison_client.get(f"/entreprises/offres/{offer.pk}/offre.docx").content)
    assert "Une première expérience en boulangerie" in docx and "Nantes" in docx


def test_offer_without_need_takes_the_core_skills_of_its_fiche(liaison_client, company):
    response = liaison_client.post(
        f"/entreprises/{company.pk}/offres/nouvelle/",
        {
            "title": "Vendeur / Vendeuse en boulangerie",
            "appellation": "Boulanger / Boulangère — D1102",
            "contract_type": "cdd",
            "contract_months": "6",
            "weekly_hours": "28",
            "pay_period": "hour",
            "pay_min": "12",
            "commune": "Nantes (44109)",
            "description": "Vente et conseil en boutique.",
            "positions": "1",
        },
    )
    assert response.status_code == 302
    offer = JobOffer.objects.get()
    core = set(RomeSkill.objects.filter(fiche_links__fiche_id="D1102", fiche_links__is_core=True))
    assert core and set(offer.required_skills.all()) == core


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"contract_type": "cdd", "contract_months": ""}, "contract_months", "Indiquez la durée"),
        (
            {"contract_type": "cdi", "contract_months": "6"},
            "contract_months",
            "Un CDI n'a pas de durée : laissez ce champ vide.",
        ),
        ({"pay_min": "2100", "pay_max": "1900"}, "pay_max", "supérieur ou égal au minimum"),
        ({"weekly_hours": "60"}, "weekly_hours", "inférieure ou égale à 48"),
        ({"appellation": "Chasseur de licornes"}, "appellation", "Métier introuvable"),
        ({"commune": "00000"}, "commune", "Commune introuvable"),
        ({"positions": "0"}, "positions", "supérieure ou égale à 1"),
    ],
)
def test_bad_offer_input_is_refused_in_french(liaison_client, company, overrides, field, message):
    data = {
        "title": "Boulanger / Boulangère (H/F)",
        "appellation": "Boulanger / Boulangère — D1102",
        "contract_type": "cdi",
        "weekly_hours": "35",
        "pay_period": "month",
        "commune": "Nantes (44109)",
        "description": "Fabrication.",
        "positions": "1",
        **overrides,
    }
    response = liaison_client.post(f"/entreprises/{company.pk}/offres/nouvelle/", data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not JobOffer.objects.exists()


def test_filled_offer_records_hires_and_no_longer_changes(liaison_client, offer):
    url = f"/entreprises/offres/{offer.pk}/cloture/"
    response = liaison_client.post(url, {"status": "filled", "hired_count": "0"})
    assert "au moins un recrutement" in text(response)
    liaison_client.post(url, {"status": "filled", "hired_count": "1"})
    offer.refresh_from_db()
    assert offer.status == "filled" and offer.hired_count == 1 and offer.ended_on
    response = liaison_client.get(f"/entreprises/offres/{offer.pk}/modifier/")
    assert response.status_code == 302
    assert offer.history.count() == 2


def test_offers_list_filters_by_status_with_bounded_queries(
    liaison_client, offer, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        response = liaison_client.get("/entreprises/offres/", {"etat": "draft"})
    assert [o.pk for o in response.context["page"].object_list] == [offer.pk]
    response = liaison_client.get("/entreprises/offres/", {"etat": "published"})
    assert list(response.context["page"].object_list) == []


def test_another_structure_gets_no_document(offer, need, login, other_counselor):
    other = login(Client(), other_counselor)
    assert other.get(f"/entreprises/offres/{offer.pk}/offre.pdf").status_code == 404
    assert other.get(f"/entreprises/besoins/{need.pk}/fiche-de-poste.docx").status_code == 404


def test_offer_pdf_writes_weekly_hours_in_french(liaison_client, offer):
    offer.weekly_hours = Decimal("17.5")
    offer.save()
    pdf = pdf_text(liaison_client.get(f"/entreprises/offres/{offer.pk}/offre.pdf").content)
    assert "17,5 h" in pdf and "17.5" not in pdf
    offer.weekly_hours = Decimal("30")
    offer.save()
    pdf = pdf_text(liaison_client.get(f"/entreprises/offres/{offer.pk}/offre.pdf").content)
    assert "30 h" in pdf and "30.0" not in pdf


# A small offer without a need, for the tests of its dates.
SHOP_OFFER = {
    "title": "Vendeur / Vendeuse en boulangerie",
    "appellation": "Boulanger / Boulangère — D1102",
    "contract_type": "cdi",
    "weekly_hours": "28",
    "pay_period": "hour",
    "pay_min": "12",
    "commune": "Nantes (44109)",
    "description": "Vente et conseil en boutique.",
    "positions": "1",
}


def test_an_offer_starting_in_1999_is_refused(liaison_client, company):
    response = liaison_client.post(
        f"/entreprises/{company.pk}/offres/nouvelle/", {**SHOP_OFFER, "start_on": "1999-01-01"}
    )
    assert response.status_code == 200
    assert "Date invraisemblable" in response.content.decode()
    assert not JobOffer.objects.exists()


def test_an_older_offer_keeps_its_true_start_date_when_edited(liaison_client, company):
    liaison_client.post(f"/entreprises/{company.pk}/offres/nouvelle/", SHOP_OFFER)
    offer = JobOffer.objects.get()
    long_ago = offer.created_at.date().replace(year=offer.created_at.year - 3)
    JobOffer.objects.filter(pk=offer.pk).update(start_on=long_ago)
    url = f"/entreprises/offres/{offer.pk}/modifier/"
    form = liaison_client.get(url).context["form"]
    response = liaison_client.post(
        url,
        {
            **SHOP_OFFER,
            "description": "Vente, conseil et mise en rayon.",
            "start_on": long_ago.isoformat(),
            "version": form["version"].value(),
            "loaded_state": form["loaded_state"].value(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    offer.refresh_from_db()
    assert offer.description == "Vente, conseil et mise en rayon." and offer.start_on == long_ago


@pytest.mark.parametrize(
    "contract_type", ["cdd", "interim", "apprenticeship", "professionalisation", "siae"]
)
def test_a_duration_is_kept_for_contracts_that_have_one(liaison_client, company, contract_type):
    # Apprenticeship, professionalisation and aided contracts may be fixed-term or open-ended;
    # their duration (of the contract or of the training period) is kept.
    response = liaison_client.post(
        f"/entreprises/{company.pk}/offres/nouvelle/",
        {
            "title": "Boulanger / Boulangère (H/F)",
            "appellation": "Boulanger / Boulangère — D1102",
            "contract_type": contract_type,
            "contract_months": "6",
            "weekly_hours": "35",
            "pay_period": "month",
            "pay_min": "1900",
            "commune": "Nantes (44109)",
            "description": "Fabrication.",
            "positions": "1",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert JobOffer.objects.get().contract_months == 6


def test_an_open_ended_contract_edited_with_a_duration_is_refused(offer):
    offer.contract_type = "cdd"
    offer.contract_months = 6
    offer.save()
    offer.contract_type = "cdi"
    with pytest.raises(ValidationError) as error:
        offer.full_clean()
    assert error.value.message_dict["contract_months"] == [
        "Un CDI n'a pas de durée : laissez ce champ vide."
    ]


def test_a_cdi_shows_no_duration_even_one_recorded_before_it_was_refused(liaison_client, offer):
    JobOffer.objects.filter(pk=offer.pk).update(contract_months=6)
    page = text(liaison_client.get(f"/entreprises/offres/{offer.pk}/"))
    assert "<dt>Contrat</dt><dd>CDI</dd>" in page
    assert "6 mois" not in page
    docx = docx_text(liaison_client.get(f"/entreprises/offres/{offer.pk}/offre.docx").content)
    assert "CDI" in docx and "6 mois" not in docx
    offer.refresh_from_db()
    offer.contract_type = "cdd"
    assert offer.contract_label == "CDD, 6 mois"


def test_a_need_refuses_a_future_collection_an_early_start_and_implausible_positions(
    liaison_client, company
):
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    base = {
        "collected_on": f"{today}",
        "appellation": "Boulanger / Boulangère — D1102",
        "positions": 2,
        "wished_start_on": f"{today + timedelta(days=30)}",
        "context": "Départ en retraite du boulanger.",
        "status": "collected",
    }
    path = f"/entreprises/{company.pk}/besoins/nouveau/"
    future = text(
        liaison_client.post(path, {**base, "collected_on": f"{today + timedelta(days=1)}"})
    )
    assert "Ce besoin ne peut pas avoir été recueilli dans le futur" in future
    early = text(
        liaison_client.post(path, {**base, "wished_start_on": f"{today - timedelta(days=3)}"})
    )
    assert "La prise de poste souhaitée ne peut pas précéder le recueil du besoin" in early
    many = text(liaison_client.post(path, {**base, "positions": 500}))
    assert "500 postes pour un seul besoin : vérifiez le nombre" in many
    assert not RecruitmentNeed.objects.exists()
    assert liaison_client.post(path, {**base, "positions": 100}).status_code == 302


def test_the_need_s_campaign_list_names_dates_and_state_and_hides_finished_ones(
    liaison_client, company, campaign
):
    from tremplin.employers.forms import RecruitmentNeedForm

    finished = Campaign.objects.create(
        structure=company.structure,
        name=campaign.name,
        objectives="Déjà faite.",
        starts_on=date(2026, 1, 5),
        ends_on=date(2026, 3, 31),
        status="finished",
        owner=campaign.owner,
        created_by=campaign.created_by,
    )
    labels = [
        label for _v, label in RecruitmentNeedForm(company=company).fields["campaign"].choices
    ]
    assert f"{campaign.name} — du 01/11/2026 au 31/01/2027 (en préparation)" in labels
    assert not any("05/01/2026" in label for label in labels)
    kept = RecruitmentNeed(company=company, campaign=finished)
    labels = [
        label
        for _v, label in RecruitmentNeedForm(instance=kept, company=company)
        .fields["campaign"]
        .choices
    ]
    assert f"{campaign.name} — du 05/01/2026 au 31/03/2026 (terminée)" in labels
