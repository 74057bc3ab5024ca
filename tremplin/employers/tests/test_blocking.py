"""Findings plainly unlawful (checker.BLOCKING_RULES, pay.BLOCKING_PAY_RULES) block the
publication for the employer liaison: she corrects the offer or submits it to the manager,
who alone may publish despite them, with a written reason, or send it back."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from tremplin.accounts.models import ApiToken
from tremplin.employers.actions import offer_findings, publish_offer
from tremplin.employers.checker import BLOCKING_RULES, RULES, check_text
from tremplin.employers.models import JobOffer, PublicationConfirmation, PublicationRequest
from tremplin.employers.pay import check_pay
from tremplin.employers.tests.utils import text

# The walkthrough's offer: every criterion below is plainly unlawful.
UNLAWFUL_PROFILE = (
    "Jeune homme dynamique de moins de 30 ans, de nationalité française, sans enfants, "
    "bonne présentation exigée."
)


def test_the_blocking_rules_are_rules_of_the_checker():
    assert BLOCKING_RULES <= set(RULES)
    assert {"language", "name", "bank"}.isdisjoint(BLOCKING_RULES)


def test_the_walkthrough_profile_is_blocked_on_every_criterion():
    found = {f.words: (f.rule, f.is_blocking) for f in check_text(UNLAWFUL_PROFILE)}
    assert found == {
        "Jeune homme": ("sex", True),
        "moins de 30 ans": ("age", True),
        "de nationalité française": ("nationality", True),
        "sans enfants": ("family", True),
        "bonne présentation": ("appearance", True),
    }


@pytest.mark.parametrize(
    "wording, rule",
    [
        ("Vendeuse en boulangerie\n\nVente et conseil.", "sex"),  # no « H/F »: not stated
        ("Serveur (H/F)\n\nVous êtes jeune et motivé.", "age"),
        ("Serveur (H/F)\n\nJeune profil bienvenu.", "age"),
        ("Serveur (H/F)\n\nRejoignez une jeune équipe.", "age"),
        ("Serveur (H/F)\n\nFrançais langue maternelle.", "language"),
    ],
)
def test_age_coded_words_and_a_missing_h_f_do_not_block(wording, rule):
    [finding] = check_text(wording)
    assert finding.rule == rule and not finding.is_blocking


@pytest.mark.parametrize(
    "wording, rule",
    [
        ("Poste réservé aux hommes.", "sex"),
        ("Candidats âgés de 20 à 30 ans.", "age"),
        ("Seniors s'abstenir.", "age"),
        ("Pas de femmes enceintes.", "pregnancy"),
        ("Origine maghrébine s'abstenir.", "origin"),
        ("Pas de voile.", "religion"),
        ("Syndiqués s'abstenir.", "union"),
        ("En parfaite santé.", "health"),
        ("Habitants du 93 s'abstenir.", "residence"),
        ("Homosexuels s'abstenir.", "sexual_orientation"),
        ("Bénéficiaires du RSA s'abstenir.", "economic_vulnerability"),
    ],
)
def test_stated_criteria_block(wording, rule):
    assert [(f.rule, f.is_blocking) for f in check_text(wording)] == [(rule, True)]


def test_only_a_pay_below_the_smic_blocks_not_a_caution_nor_the_hours():
    common = dict(pay_max=None, period="month", on=date(2024, 12, 2))
    [smic] = check_pay(pay_min=Decimal(1000), weekly_hours=35, contract="cdi", **common)
    assert smic.rule == "smic" and smic.is_blocking
    [apprentice] = check_pay(
        pay_min=Decimal(1000), weekly_hours=35, contract="apprenticeship", **common
    )
    assert apprentice.is_caution and not apprentice.is_blocking
    [hours] = check_pay(pay_min=Decimal(3000), weekly_hours=50, contract="cdi", **common)
    assert hours.rule == "weekly_hours" and not hours.is_blocking


@pytest.fixture
def unlawful(offer):
    offer.title = "Vendeur en boulangerie"
    offer.profile = UNLAWFUL_PROFILE
    offer.pay_min, offer.pay_max, offer.pay_period = 1000, None, "month"
    offer.weekly_hours = 35
    offer.save()
    return offer


def _url(offer):
    return f"/entreprises/offres/{offer.pk}/publier/"


def _pending_decisions(client) -> int:
    board = client.get("/equipe/tableau-de-bord/").context["board"]
    (item,) = [i for i in board.pending if i.title.startswith("Offres soumises à votre décision")]
    return item.count


def test_the_liaison_cannot_publish_unlawful_findings_and_submits_them(
    liaison_client, unlawful, employer_liaison
):
    url = _url(unlawful)
    page = text(liaison_client.get(url))
    assert "6 points bloquent la publication" in page
    assert "<strong>Nationalité</strong> : « de nationalité française »" in page
    assert (
        "<strong>Salaire inférieur au SMIC</strong> : « 1\u00a0000,00\u00a0€ brut par mois" in page
    )
    assert "Seul·e le ou la responsable de la structure peut décider" in page
    assert page.count("Bloquant : décision du ou de la responsable") == 6
    # The title without « H/F » is shown, not blocking.
    assert 'data-rule="sex">' in page
    assert "Publier malgré les constats" not in page
    assert "Soumettre au ou à la responsable" in page

    # The walkthrough: ticking and a one-line reason no longer publish.
    response = liaison_client.post(url, {"confirm": "on", "reason": "L'employeur insiste."})
    assert response.status_code == 200
    assert "ne peut être publiée malgré eux que par le ou la responsable" in text(response)
    unlawful.refresh_from_db()
    assert unlawful.status == "draft" and not PublicationConfirmation.objects.exists()

    response = liaison_client.post(url, {"action": "request", "reason": " "})
    assert "Indiquez pourquoi vous soumettez l'offre malgré les constats." in text(response)
    assert not PublicationRequest.objects.exists()

    response = liaison_client.post(url, {"action": "request", "reason": "L'employeur insiste."})
    assert response.status_code == 302
    unlawful.refresh_from_db()
    assert unlawful.status == "draft"
    request = PublicationRequest.objects.get()
    assert request.requested_by == employer_liaison and request.reason == "L'employeur insiste."
    assert request.closed_at is None
    assert {f["rule"] for f in request.findings} == {
        "sex",
        "age",
        "nationality",
        "family",
        "appearance",
        "smic",
    }
    assert all(f["is_blocking"] for f in request.findings)

    page = text(liaison_client.get(f"/entreprises/offres/{unlawful.pk}/"))
    assert "Soumise au ou à la responsable" in page and "« L'employeur insiste. »" in page
    assert "En attente de la décision du ou de la responsable" in page
    page = text(liaison_client.get(url))
    assert "En attente de sa décision." in page and 'id="request-form"' not in page
    response = liaison_client.post(url, {"action": "request", "reason": "Encore."})
    assert "attend déjà la décision" in text(response)
    assert PublicationRequest.objects.count() == 1
    # The liaison has no decision to give.
    liaison_client.post(url, {"action": "return", "note": "Non."})
    assert PublicationRequest.objects.get().closed_at is None


def test_the_manager_sees_the_request_and_publishes_despite_the_findings(
    liaison_client, unlawful, client, login, manager
):
    liaison_client.post(_url(unlawful), {"action": "request", "reason": "Faux positif ?"})
    login(client, manager)
    assert _pending_decisions(client) == 1
    listed = text(client.get("/entreprises/offres/?decision=1"))
    assert unlawful.title in listed and "Soumise au ou à la responsable" in listed
    assert unlawful.title not in text(client.get("/entreprises/offres/?decision=1&etat=filled"))

    page = text(client.get(_url(unlawful)))
    assert "Vous êtes responsable : vous pouvez publier l'offre malgré ces points" in page
    assert "« Faux positif ? »" in page and "À vous de décider" in page
    assert "Publier malgré les constats" in page and "Renvoyer pour correction" in page

    response = client.post(_url(unlawful), {"confirm": "on", "reason": " "})
    assert "Indiquez pourquoi vous publiez malgré les constats." in text(response)
    for short in ("ok", "Urgent", "ok ok"):
        response = client.post(_url(unlawful), {"confirm": "on", "reason": short})
        assert "Motif trop court : dites en une phrase pourquoi" in text(response)
        unlawful.refresh_from_db()
        assert unlawful.status == "draft" and not PublicationConfirmation.objects.exists()
    manager.active_membership = manager.memberships.get()
    with pytest.raises(ValidationError, match="Motif trop court"):
        publish_offer(offer=unlawful, by=manager, confirm=True, reason="ok")
    response = client.post(
        _url(unlawful),
        {"confirm": "on", "reason": "Vu avec l'employeur : à réécrire demain."},
        follow=True,
    )
    assert response.redirect_chain[-1][1] == 302
    # The only manager published: nobody else may review, and the message says so.
    assert "Personne d'autre dans la structure ne peut la relire pour l'instant" in text(response)
    assert "relira" not in text(response)
    unlawful.refresh_from_db()
    assert unlawful.status == "published"
    confirmation = PublicationConfirmation.objects.get()
    assert confirmation.confirmed_by == manager
    assert {f["rule"] for f in confirmation.findings if f["is_blocking"]} >= {"nationality"}
    request = PublicationRequest.objects.get()
    assert request.outcome == "published" and request.closed_by == manager
    assert _pending_decisions(client) == 0
    page = text(client.get(f"/entreprises/offres/{unlawful.pk}/"))
    assert "Publiée par le ou la responsable</strong> — Marc Responsable" in page


def test_the_manager_may_send_the_offer_back_then_the_corrected_offer_is_published(
    liaison_client, unlawful, client, login, manager, employer_liaison
):
    liaison_client.post(_url(unlawful), {"action": "request", "reason": "L'employeur insiste."})
    login(client, manager)
    response = client.post(_url(unlawful), {"action": "return", "note": " "})
    assert "Dites ce qu'il faut corriger avant de renvoyer l'offre." in text(response)
    response = client.post(
        _url(unlawful), {"action": "return", "note": "Retirer âge, nationalité ; payer le SMIC."}
    )
    assert response.status_code == 302
    unlawful.refresh_from_db()
    request = PublicationRequest.objects.get()
    assert unlawful.status == "draft" and request.outcome == "returned"
    assert request.note == "Retirer âge, nationalité ; payer le SMIC."
    assert _pending_decisions(client) == 0

    # Submitted again, then corrected by the liaison and published by her.
    login(client, employer_liaison)
    client.post(_url(unlawful), {"action": "request", "reason": "L'employeur a relu."})
    JobOffer.objects.filter(pk=unlawful.pk).update(
        title="Vendeur / Vendeuse en boulangerie (H/F)",
        profile="Sens du service et rigueur.",
        pay_min=1900,
    )
    response = client.post(_url(unlawful), {})
    assert response.status_code == 302
    unlawful.refresh_from_db()
    assert unlawful.status == "published"
    latest = PublicationRequest.objects.order_by("-pk").first()
    assert latest.outcome == "corrected" and latest.closed_by == employer_liaison


def test_the_action_and_the_api_refuse_the_liaison_alone(unlawful, employer_liaison, manager):
    employer_liaison.active_membership = employer_liaison.memberships.get()
    with pytest.raises(ValidationError, match="manifestement contraires à la loi"):
        publish_offer(offer=unlawful, by=employer_liaison, confirm=True, reason="Urgent")
    _token, key = ApiToken.issue(membership=employer_liaison.memberships.get(), name="test")
    api = Client(headers={"Authorization": f"Bearer {key}"})
    data = api.get(f"/api/v1/offres/{unlawful.pk}").json()
    assert any(f["is_blocking"] for f in data["findings"])
    response = api.post(
        f"/api/v1/offres/{unlawful.pk}/publication",
        {"confirm": True, "reason": "Urgent"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "manifestement contraires à la loi" in response.json()["detail"]
    unlawful.refresh_from_db()
    assert unlawful.status == "draft"

    manager.active_membership = manager.memberships.get()
    publish_offer(offer=unlawful, by=manager, confirm=True, reason="Aide à l'embauche : vérifié.")
    unlawful.refresh_from_db()
    assert unlawful.status == "published"
    assert offer_findings(unlawful)  # published despite them, recorded
    assert PublicationConfirmation.objects.get().confirmed_by == manager


def test_the_manager_is_told_by_mail_and_the_liaison_of_the_answer(
    liaison_client,
    unlawful,
    client,
    login,
    manager,
    employer_liaison,
    counselor,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        liaison_client.post(_url(unlawful), {"action": "request", "reason": "L'employeur insiste."})
    # Only who decides on blocked offers: the manager, not the counselor nor the liaison.
    [mail] = mailoutbox
    assert mail.to == [manager.email]
    assert mail.subject == "Tremplin : une offre attend votre décision"
    assert f"{employer_liaison.full_name} vous soumet une offre" in mail.body
    assert f"/entreprises/offres/{unlawful.pk}/publier/" in mail.body
    # A link, not the offer's wording nor its reason.
    assert "nationalité" not in mail.body and "insiste" not in mail.body

    login(client, manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(unlawful), {"action": "return", "note": "Retirer l'âge."})
    returned = mailoutbox[1]
    assert returned.to == [employer_liaison.email]
    assert returned.subject.endswith("offre renvoyée pour correction")
    assert "Retirer" not in returned.body

    login(client, employer_liaison)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(unlawful), {"action": "request", "reason": "Relu avec l'employeur."})
    login(client, manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(unlawful), {"confirm": "on", "reason": "Vérifié : faux positif."})
    assert [m.to for m in mailoutbox[2:]] == [[manager.email], [employer_liaison.email]]
    assert mailoutbox[3].subject.endswith("offre publiée malgré les constats")


def test_the_api_submits_the_offer_and_the_manager_sends_it_back(
    unlawful, employer_liaison, manager, mailoutbox, django_capture_on_commit_callbacks
):
    _token, key = ApiToken.issue(membership=employer_liaison.memberships.get(), name="test")
    liaison = Client(headers={"Authorization": f"Bearer {key}"})
    url = f"/api/v1/offres/{unlawful.pk}/demande-de-publication"
    response = liaison.post(url, {"reason": " "}, content_type="application/json")
    assert response.status_code == 422
    assert "Indiquez pourquoi" in response.json()["detail"]
    with django_capture_on_commit_callbacks(execute=True):
        response = liaison.post(
            url, {"reason": "L'employeur insiste."}, content_type="application/json"
        )
    assert response.status_code == 201
    data = response.json()
    assert data["requested_by_id"] == employer_liaison.pk and data["outcome"] == ""
    assert {f["rule"] for f in data["findings"]} >= {"nationality", "smic"}
    assert [m.to for m in mailoutbox] == [[manager.email]]
    response = liaison.post(url, {"reason": "Encore."}, content_type="application/json")
    assert response.status_code == 422 and "attend déjà" in response.json()["detail"]
    # The liaison has no decision to give.
    response = liaison.post(f"{url}/renvoi", {"note": "Non."}, content_type="application/json")
    assert response.status_code == 403

    _token, key = ApiToken.issue(membership=manager.memberships.get(), name="test")
    boss = Client(headers={"Authorization": f"Bearer {key}"})
    with django_capture_on_commit_callbacks(execute=True):
        response = boss.post(
            f"{url}/renvoi", {"note": "Retirer l'âge."}, content_type="application/json"
        )
    assert response.status_code == 200 and response.json()["outcome"] == "returned"
    assert mailoutbox[-1].to == [employer_liaison.email]
    detail = boss.get(f"/api/v1/offres/{unlawful.pk}").json()
    assert detail["status"] == "draft"
    assert [(r["outcome"], r["note"]) for r in detail["publication_requests"]] == [
        ("returned", "Retirer l'âge.")
    ]
    response = boss.post(f"{url}/renvoi", {"note": "Encore."}, content_type="application/json")
    assert response.status_code == 422 and "Aucune demande" in response.json()["detail"]
