import html
from datetime import timedelta

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from tremplin.audit.models import AccessLog
from tremplin.diagnosis.models import (
    Alert,
    Diagnosis,
    DiagnosisVersion,
    DomainAssessment,
    UrgencyCheck,
)

PDF = b"%PDF-1.4\n%%EOF\n"


def first_interview(**overrides):
    data = {
        "base_number": 0,
        "interview_date": "2026-11-20",
        "demand": "Je veux trouver un travail près de chez moi, le matin.",
        "synthesis": "Priorité : mobilité puis candidatures en restauration.",
        "trouver-un-emploi__work_situation": "more_2y",
        "trouver-un-emploi__availability": "now",
        "mobilite__licence_b": "no",
        "mobilite__vehicle": "no",
        "mobilite__obstacle_0": "Pas de transport le matin avant 7 h",
        "mobilite__severity_0": "blocking",
        "mobilite__strengths": "Vélo, habite à 3 km du centre",
        "mobilite__needs": ["mobilite--preparer-un-permis", "mobilite--financer-ma-mobilite"],
        "sante__care_ongoing": "yes",
        "sante__situation": "Suivi régulier, compatible avec un emploi du matin.",
        "famille__children": "2",
        "famille__childcare": "to_find",
    }
    data.update(overrides)
    return data


def test_first_interview_creates_version_1_with_its_domains(client, login, counselor, person):
    login(client, counselor)
    response = client.post(f"/personnes/{person.pk}/diagnostic/modifier/", first_interview())
    assert response.status_code == 302
    version = DiagnosisVersion.objects.get()
    assert version.number == 1 and version.created_by == counselor and not version.is_validated
    domains = {a.domain: a for a in version.domains.all()}
    assert set(domains) == {"trouver-un-emploi", "mobilite", "sante", "famille"}
    mobility = domains["mobilite"]
    assert mobility.obstacles == [
        {"label": "Pas de transport le matin avant 7 h", "severity": "blocking"}
    ]
    assert {t.code for t in mobility.needs.all()} == {
        "mobilite--preparer-un-permis",
        "mobilite--financer-ma-mobilite",
    }
    assert domains["famille"].facts == {"children": 2, "childcare": "to_find"}
    page = client.get(f"/personnes/{person.pk}/diagnostic/").content.decode()
    assert "Pas de transport le matin avant 7 h" in page and "Bloquant" in page
    assert "Préparer un permis" in page


def test_a_first_diagnosis_starts_from_the_demand_heard_at_reception(
    client, login, counselor, reception, structure_a, structure_b, person
):
    from tremplin.reception.models import Contact

    def contact(structure, demand, days_ago):
        return Contact.objects.create(
            structure=structure,
            received_by=reception,
            received_at=timezone.now() - timedelta(days=days_ago),
            channel="phone",
            person=person,
            last_name=person.last_name,
            demand=demand,
            next_step="appointment",
        )

    contact(structure_a, "Je veux passer mon permis.", 10)
    contact(structure_a, "Je cherche un travail dans la vente, à mi-temps.", 2)
    contact(structure_b, "Demande faite ailleurs.", 1)  # another structure's reception
    login(client, counselor)
    url = f"/personnes/{person.pk}/diagnostic/modifier/"
    response = client.get(url)
    assert response.context["form"]["demand"].value() == (
        "Je cherche un travail dans la vente, à mi-temps."
    )
    assert 'id="demand-from-reception"' in response.content.decode()
    # Once a version exists, its own demand is the starting point.
    client.post(url, first_interview())
    again = client.get(url)
    assert again.context["form"]["demand"].value() == first_interview()["demand"]
    assert 'id="demand-from-reception"' not in again.content.decode()


def test_an_obstacle_needs_its_severity_and_nothing_is_saved_otherwise(
    client, login, counselor, person
):
    login(client, counselor)
    response = client.post(
        f"/personnes/{person.pk}/diagnostic/modifier/", first_interview(mobilite__severity_0="")
    )
    assert response.status_code == 200
    assert "Indiquez l'importance de ce frein." in response.content.decode().replace("&#x27;", "'")
    assert not Diagnosis.objects.exists() and not DiagnosisVersion.objects.exists()


def test_every_update_is_a_new_version_and_versions_compare(client, login, counselor, person):
    login(client, counselor)
    client.post(f"/personnes/{person.pk}/diagnostic/modifier/", first_interview())
    client.post(
        f"/personnes/{person.pk}/diagnostic/modifier/",
        first_interview(
            base_number=1,
            mobilite__licence_b="in_progress",
            **{"mobilite__obstacle_0": "", "mobilite__severity_0": ""},
        ),
    )
    assert list(DiagnosisVersion.objects.order_by("number").values_list("number", flat=True)) == [
        1,
        2,
    ]
    first = DiagnosisVersion.objects.get(number=1)
    assert first.domains.get(domain="mobilite").obstacles  # version 1 unchanged
    response = client.get(f"/personnes/{person.pk}/diagnostic/comparer/", {"de": 1, "a": 2})
    changes = {(c.domain, c.item): (c.before, c.after) for c in response.context["changes"]}
    assert changes[("Mobilité", "Permis B")] == ("Non", "En cours")
    assert changes[("Mobilité", "Freins")] == ("Pas de transport le matin avant 7 h (Bloquant)", "")


def test_a_version_saved_meanwhile_is_never_overwritten(
    client, login, counselor, colleague, person
):
    login(client, counselor)
    client.post(f"/personnes/{person.pk}/diagnostic/modifier/", first_interview())
    other = login(Client(), colleague)
    assert (
        other.post(
            f"/personnes/{person.pk}/diagnostic/modifier/", first_interview(base_number=1)
        ).status_code
        == 302
    )
    response = client.post(
        f"/personnes/{person.pk}/diagnostic/modifier/",
        first_interview(base_number=1, demand="Autre"),
    )
    assert response.status_code == 200 and response.context["conflict"].number == 2
    assert "a enregistré la version 2" in response.content.decode()
    assert DiagnosisVersion.objects.count() == 2


def test_health_domain_is_kept_when_someone_who_cannot_see_it_updates(
    client, login, counselor, colleague, person
):
    login(client, counselor)
    client.post(f"/personnes/{person.pk}/diagnostic/modifier/", first_interview())
    other = login(Client(), colleague)
    form = other.get(f"/personnes/{person.pk}/diagnostic/modifier/").context["form"]
    assert not any(name.startswith("sante__") for name in form.fields)
    other.post(
        f"/personnes/{person.pk}/diagnostic/modifier/",
        first_interview(base_number=1, **{"sante__situation": "tentative"}),
    )
    latest = DiagnosisVersion.objects.get(number=2)
    assert (
        latest.domains.get(domain="sante").situation
        == "Suivi régulier, compatible avec un emploi du matin."
    )
    assert "Suivi régulier" not in other.get(f"/personnes/{person.pk}/diagnostic/").content.decode()


def test_reading_the_diagnosis_is_logged_with_the_restricted_domains_shown(
    client, login, counselor, person
):
    login(client, counselor)
    client.post(f"/personnes/{person.pk}/diagnostic/modifier/", first_interview())
    AccessLog_count = AccessLog.objects.count()
    client.get(f"/personnes/{person.pk}/diagnostic/")
    sections = list(AccessLog.objects.order_by("pk").values_list("section", flat=True))[
        AccessLog_count:
    ]
    assert sections == ["diagnosis", "health"]


def test_validation_by_the_person_freezes_the_version(client, login, counselor, person):
    login(client, counselor)
    client.post(f"/personnes/{person.pk}/diagnostic/modifier/", first_interview())
    version = DiagnosisVersion.objects.get()
    url = f"/diagnostics/versions/{version.pk}/validation/"
    no_scan = client.post(url, {"channel": "paper", "confirm": "on"})
    assert "Joignez le scan" in no_scan.content.decode()
    response = client.post(
        url, {"channel": "paper", "confirm": "on", "scan": SimpleUploadedFile("synthese.pdf", PDF)}
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert (
        version.is_validated
        and version.validation_channel == "paper"
        and version.validation_document
    )
    again = client.post(url, {"channel": "screen", "confirm": "on"})
    assert again.status_code == 409
    assert "déjà été validée par la personne : rien n'a été enregistré" in (
        again.content.decode().replace("&#x27;", "'")
    )
    version.refresh_from_db()
    assert version.validation_channel == "paper"


def test_the_validation_page_of_a_validated_version_says_so_instead_of_the_form(
    client, login, counselor, person
):
    login(client, counselor)
    client.post(f"/personnes/{person.pk}/diagnostic/modifier/", first_interview())
    version = DiagnosisVersion.objects.get()
    version.record_validation(channel="screen", by=counselor)
    response = client.get(f"/diagnostics/versions/{version.pk}/validation/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cette version est déjà validée" in page
    assert version.validation_summary in page.replace("&#x27;", "'")
    assert "Enregistrer la validation" not in page and 'name="channel"' not in page
    documents = person.documents.count()
    refused = client.post(
        f"/diagnostics/versions/{version.pk}/validation/",
        {"channel": "paper", "confirm": "on", "scan": SimpleUploadedFile("synthese.pdf", PDF)},
    )
    assert refused.status_code == 409
    assert person.documents.count() == documents  # no second scan kept


def test_positive_urgency_marks_the_file_alerts_the_manager_and_shows_numbers(
    client, login, counselor, manager, person, django_capture_on_commit_callbacks
):
    login(client, counselor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/personnes/{person.pk}/urgences/",
            {"positives": ["no_shelter", "suicidal_risk"], "note": "115 appelé"},
        )
    body = response.content.decode()
    assert (
        "115" in body
        and "3114" in body
        and "Situation d'urgence signalée" in body.replace("&#x27;", "'")
    )
    alert = Alert.objects.get()
    assert alert.resolved_at is None and alert.raised_by == counselor
    assert mail.outbox[0].to == [manager.email]
    assert person.last_name not in mail.outbox[0].body  # no personal data in the e-mail
    assert "Urgence signalée" in client.get(f"/personnes/{person.pk}/").content.decode()
    boss = login(Client(), manager)
    assert boss.get("/alertes/").context["open_alerts"] == [alert]
    boss.post(
        f"/alertes/{alert.pk}/", {"resolution": "Hébergée ce soir au CHRS, rendez-vous demain."}
    )
    alert.refresh_from_db()
    assert alert.resolved_by == manager
    assert "Urgence signalée" not in client.get(f"/personnes/{person.pk}/").content.decode()


def test_reception_staff_never_see_the_alerts(client, login, counselor, reception, person):
    login(client, counselor)
    client.post(f"/personnes/{person.pk}/urgences/", {"positives": ["suicidal_risk"]})
    desk = login(Client(), reception)
    assert desk.get("/alertes/").status_code == 403
    assert not Alert.objects.visible_to(reception).exists()


def test_the_urgency_page_shows_the_nearest_services_for_the_need(client, login, counselor, person):
    from tremplin.network.models import PartnerService, PartnerStructure
    from tremplin.referentials.models import Commune, Thematique

    shelter = "logement-hebergement--rechercher-une-solution-dhebergement-temporaire"
    for code, name in (("44109", "Accueil de nuit de Nantes"), ("13055", "Abri de Marseille")):
        partner = PartnerStructure.objects.create(
            source="dora",
            source_id=f"dora--{code}",
            name=name,
            phone="02 40 00 00 00",
            commune=Commune.objects.get(pk=code),
        )
        service = PartnerService.objects.create(
            structure=partner, source="dora", source_id=f"dora--s{code}", name=f"Nuitée — {name}"
        )
        service.thematiques.add(Thematique.objects.get(pk=shelter))
        service.save()
    login(client, counselor)
    body = client.post(
        f"/personnes/{person.pk}/urgences/", {"positives": ["no_shelter"]}
    ).content.decode()
    assert "Services partenaires les plus proches" in body
    assert "Nuitée — Accueil de nuit de Nantes" in body and "Abri de Marseille" not in body


def test_with_nothing_near_the_urgency_page_widens_then_points_to_the_directory(
    client, login, counselor, person
):
    from tremplin.network.models import PartnerService, PartnerStructure
    from tremplin.referentials.models import Commune, Thematique

    food = "equipement-et-alimentation--alimentation"
    assert person.commune_id == "44109"  # Nantes

    def add(code, name):
        partner = PartnerStructure.objects.create(
            source="dora", source_id=f"dora--{code}", name=name, commune_id=code
        )
        service = PartnerService.objects.create(
            structure=partner, source="dora", source_id=f"dora--s{code}", name=name
        )
        service.thematiques.add(Thematique.objects.get(pk=food))

    add("13055", "Épicerie solidaire de Marseille")
    login(client, counselor)
    url = f"/personnes/{person.pk}/urgences/"
    body = html.unescape(client.post(url, {"positives": ["no_resources"]}).content.decode())
    assert "Épicerie solidaire de Marseille" not in body
    assert "Aucun service partenaire à moins de 100 km de Nantes dans le répertoire" in body
    assert f'href="/partenaires/?thematique={food}"' in body

    add("44184", "Banque alimentaire de Saint-Nazaire")  # about 50 km away
    assert Commune.objects.get(pk="44184").latitude is not None
    body = html.unescape(client.post(url, {"positives": ["no_resources"]}).content.decode())
    assert "Aucun à moins de 30 km de Nantes : voici les plus proches à moins de 100 km." in body
    assert "Banque alimentaire de Saint-Nazaire" in body


def test_no_resources_advice_fits_the_age_of_the_person(client, login, counselor, person):
    from datetime import date

    login(client, counselor)
    today = timezone.localdate()
    person.birth_date = date(today.year - 22, 1, 1)
    person.save()
    young = client.post(f"/personnes/{person.pk}/urgences/", {"positives": ["no_resources"]})
    body = young.content.decode().replace("&#x27;", "'")
    assert "Fonds d'aide aux jeunes" in body and "contrat d'engagement jeune" in body
    assert "Vérifier les droits (RSA, prime d'activité" not in body
    person.birth_date = date(today.year - 40, 1, 1)
    person.save()
    adult = client.post(f"/personnes/{person.pk}/urgences/", {"positives": ["no_resources"]})
    body = adult.content.decode().replace("&#x27;", "'")
    assert "Vérifier les droits (RSA, prime d'activité" in body
    assert "Fonds d'aide aux jeunes" not in body


def test_urgency_check_must_be_answered(client, login, counselor, person):
    login(client, counselor)
    response = client.post(f"/personnes/{person.pk}/urgences/", {})
    assert "Cochez les situations repérées" in response.content.decode()
    client.post(f"/personnes/{person.pk}/urgences/", {"none_confirmed": "on"})
    check = UrgencyCheck.objects.get()
    assert not check.is_positive and not Alert.objects.exists()


def test_counselor_of_another_structure_sees_no_alert(
    client, login, counselor, other_counselor, person
):
    login(client, counselor)
    client.post(f"/personnes/{person.pk}/urgences/", {"positives": ["violence"]})
    assert login(Client(), other_counselor).get("/alertes/").context["open_alerts"] == []


def test_diagnosis_shared_with_a_partner_is_readable_not_editable(
    client, login, counselor, partner, person, structure_a, structure_c
):
    from tremplin.people.models import Consent

    login(client, counselor)
    client.post(f"/personnes/{person.pk}/diagnostic/modifier/", first_interview())
    Consent.objects.create(
        person=person,
        structure=structure_a,
        purpose="share_partner",
        partner=structure_c,
        sections=["identity", "diagnosis"],
        channel="paper",
        recorded_by=counselor,
    )
    theirs = login(Client(), partner)
    page = theirs.get(f"/personnes/{person.pk}/diagnostic/")
    assert page.status_code == 200 and "Diagnostic partagé par" in page.content.decode()
    version = DiagnosisVersion.objects.get()
    read = theirs.get(f"/diagnostics/versions/{version.pk}/").content.decode()
    assert "Pas de transport le matin" in read and "Suivi régulier" not in read  # health not shared
    assert theirs.get(f"/personnes/{person.pk}/diagnostic/modifier/").status_code in {403, 404}


def test_version_rows_never_change(counselor, person, structure_a):
    import pytest

    from tremplin.diagnosis.models import ImmutableError

    diagnosis = Diagnosis.objects.create(person=person, structure=structure_a)
    version = DiagnosisVersion.objects.create(
        diagnosis=diagnosis, number=1, created_by=counselor, interview_date="2026-11-20"
    )
    version.synthesis = "réécrite"
    with pytest.raises(ImmutableError):
        version.save()
    assert DomainAssessment.objects.count() == 0


def test_synthesis_document_as_pdf_and_docx(client, login, counselor, person):
    import io
    import zipfile

    login(client, counselor)
    client.post(f"/personnes/{person.pk}/diagnostic/modifier/", first_interview())
    version = DiagnosisVersion.objects.get()
    pdf = client.get(f"/diagnostics/versions/{version.pk}/synthese.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-") and pdf["Cache-Control"] == "private, no-store"
    docx = client.get(f"/diagnostics/versions/{version.pk}/synthese.docx")
    text = zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").decode()
    assert (
        "Synthèse du diagnostic partagé" in text
        and "Pas de transport le matin avant 7\u00a0h" in text
    )
    assert "Suivi régulier" not in text  # the version to share leaves health out
    # Not validated yet: the boxes for the person's and the counselor's signatures.
    assert "relu cette synthèse et je la valide" in text
    full = client.get(f"/diagnostics/versions/{version.pk}/synthese.docx", {"contenu": "complet"})
    assert (
        "Suivi régulier"
        in zipfile.ZipFile(io.BytesIO(full.content)).read("word/document.xml").decode()
    )
    assert client.get(f"/diagnostics/versions/{version.pk}/synthese.odt").status_code == 404


def test_interview_report_tells_the_demand_urgencies_needs_and_referrals(
    client, login, counselor, colleague, person
):
    import io
    import zipfile

    login(client, counselor)
    client.post(f"/personnes/{person.pk}/urgences/", {"positives": ["no_shelter"]})
    client.post(f"/personnes/{person.pk}/diagnostic/modifier/", first_interview())
    version = DiagnosisVersion.objects.get()
    pdf = client.get(f"/diagnostics/versions/{version.pk}/compte-rendu.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    docx = client.get(f"/diagnostics/versions/{version.pk}/compte-rendu.docx")
    text = zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").decode()
    assert "Compte rendu d&apos;entretien" in text or "Compte rendu d'entretien" in text
    assert "Premier entretien" in text and "Pas de transport le matin avant 7\u00a0h" in text
    assert "Pas d&apos;hébergement" in text or "hébergement" in text  # the urgency
    assert "Aucune orientation vers un partenaire" in text
    assert "<w:t>Santé</w:t>" in text  # the référent sees that health was looked at
    # A colleague who is not the référent gets the report without the health domain.
    other = login(Client(), colleague)
    text = (
        zipfile.ZipFile(
            io.BytesIO(other.get(f"/diagnostics/versions/{version.pk}/compte-rendu.docx").content)
        )
        .read("word/document.xml")
        .decode()
    )
    assert "<w:t>Santé</w:t>" not in text and "Premier entretien" in text


def test_an_interview_date_in_the_future_or_before_birth_is_refused(
    client, login, counselor, person
):
    from datetime import timedelta

    from django.utils import timezone

    login(client, counselor)
    url = f"/personnes/{person.pk}/diagnostic/modifier/"
    tomorrow = timezone.localdate() + timedelta(days=1)
    future = client.post(url, first_interview(interview_date=tomorrow.isoformat()))
    assert future.status_code == 200
    page = future.content.decode().replace("&#x27;", "'")
    assert "La date de l'entretien ne peut pas être dans le futur" in page
    before_birth = person.birth_date - timedelta(days=1)
    old = client.post(url, first_interview(interview_date=before_birth.isoformat()))
    page = old.content.decode().replace("&#x27;", "'")
    assert "La date de l'entretien précède la naissance de la personne" in page
    assert f"({person.birth_date:%d/%m/%Y})" in page
    assert not DiagnosisVersion.objects.exists()


def test_the_comparison_shows_the_interview_dates_as_french_dates(client, login, counselor, person):
    login(client, counselor)
    url = f"/personnes/{person.pk}/diagnostic/modifier/"
    client.post(url, first_interview(interview_date="2026-10-02"))
    client.post(url, first_interview(base_number=1, interview_date="2026-11-20"))
    response = client.get(f"/personnes/{person.pk}/diagnostic/comparer/", {"de": 1, "a": 2})
    changes = {(c.domain, c.item): (c.before, c.after) for c in response.context["changes"]}
    assert changes[("Entretien", "Date de l'entretien")] == ("02/10/2026", "20/11/2026")
    assert "2026-10-02" not in response.content.decode()


def test_readable_values_in_the_comparison():
    import datetime
    from decimal import Decimal

    from tremplin.diagnosis.actions import _readable

    assert _readable(True) == "Oui" and _readable(False) == "Non"
    assert _readable(None) == "" and _readable("") == ""
    assert _readable(datetime.date(2027, 3, 1)) == "01/03/2027"
    assert _readable(Decimal("3.5")) == "3,5"


def _docx_text(response) -> str:
    import io
    import zipfile

    return zipfile.ZipFile(io.BytesIO(response.content)).read("word/document.xml").decode()


def test_the_complete_synthesis_is_told_apart_from_the_one_to_share(
    client, login, counselor, person
):
    login(client, counselor)
    client.post(f"/personnes/{person.pk}/diagnostic/modifier/", first_interview())
    version = DiagnosisVersion.objects.get()
    url = f"/diagnostics/versions/{version.pk}/synthese"
    shared = client.get(f"{url}.pdf")
    assert f'filename="synthese-diagnostic-{person.pk}-v1.pdf"' in shared["Content-Disposition"]
    full = client.get(f"{url}.pdf", {"contenu": "complet"})
    assert (
        f'filename="synthese-diagnostic-{person.pk}-v1-complete.pdf"' in full["Content-Disposition"]
    )
    assert person.last_name.lower() not in full["Content-Disposition"].lower()
    full_text = _docx_text(client.get(f"{url}.docx", {"contenu": "complet"}))
    assert "Synthèse du diagnostic partagé — version complète" in full_text
    assert "contient des informations de santé ou de justice : ne pas transmettre" in full_text
    shared_text = _docx_text(client.get(f"{url}.docx"))
    assert "version complète" not in shared_text and "ne pas transmettre" not in shared_text


def test_the_synthesis_says_born_as_the_file_header_does(client, login, counselor, person):
    login(client, counselor)
    person.sex = "M"
    person.save()
    client.post(f"/personnes/{person.pk}/diagnostic/modifier/", first_interview())
    version = DiagnosisVersion.objects.get()
    text = _docx_text(client.get(f"/diagnostics/versions/{version.pk}/synthese.docx"))
    assert "Né le" in text and "Née le" not in text and "né le" not in text
    assert f"{person.birth_date:%d/%m/%Y}" in text
