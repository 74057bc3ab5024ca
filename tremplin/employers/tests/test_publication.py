"""Publishing an offer: the non-discrimination checker runs on the title and every text;
with findings left, publication needs an explicit, recorded confirmation. Findings plainly
unlawful block it for the liaison: see test_blocking.py."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from tremplin.accounts.models import ApiToken
from tremplin.core.permissions import Role
from tremplin.employers.actions import offer_findings, review_publication
from tremplin.employers.models import JobOffer, PublicationConfirmation
from tremplin.employers.pay import load_smic, smic_on
from tremplin.employers.tests.utils import text
from tremplin.referentials.models import Commune
from tremplin.testing.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

# Findings none of which is plainly unlawful: the liaison may publish despite them.
FLAGGED_PROFILE = "Jeune profil, dynamique et rigoureux. Français langue maternelle."
UNLAWFUL_PROFILE = (
    "Jeune femme de moins de 25 ans, dynamique et de bonne présentation. "
    "Français langue maternelle."
)


@pytest.fixture
def flagged(offer):
    offer.title = "Vendeuse en boulangerie"
    offer.profile = FLAGGED_PROFILE
    offer.save()
    return offer


def test_findings_point_into_each_field_of_the_offer(offer):
    offer.title = "Vendeuse en boulangerie"
    offer.profile = UNLAWFUL_PROFILE
    offer.save()
    found = {ff.field: ff for ff in offer_findings(offer)}
    assert set(found) == {"title", "profile"}
    assert [f.words for f in found["title"].findings] == ["Vendeuse"]
    profile = found["profile"]
    for finding in profile.findings:
        # Offsets are those of the field's own text.
        assert UNLAWFUL_PROFILE[finding.start : finding.end] == finding.words
    rules = {f.rule for f in profile.findings}
    assert {"age", "appearance", "language"} <= rules
    age = next(f for f in profile.findings if f.rule == "age")
    assert "Code du travail, art. L5331-2" in age.articles
    # The text cut around the findings, for highlighting, gives the text back whole.
    assert "".join(part for part, _f in profile.segments()) == UNLAWFUL_PROFILE


def test_a_clean_offer_is_published_at_once(liaison_client, offer):
    page = text(liaison_client.get(f"/entreprises/offres/{offer.pk}/publier/"))
    assert "Aucune formulation discriminatoire repérée" in page
    response = liaison_client.post(f"/entreprises/offres/{offer.pk}/publier/", {})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == "published" and offer.published_at is not None
    assert not PublicationConfirmation.objects.exists()


def test_findings_are_shown_with_words_rule_articles_and_suggestion(liaison_client, flagged):
    page = text(liaison_client.get(f"/entreprises/offres/{flagged.pk}/publier/"))
    assert "formulations à revoir" in page
    assert "<mark" in page and ">Vendeuse</mark>" in page and ">Jeune profil</mark>" in page
    assert "Langue maternelle ou accent" in page and "Code pénal, art. 225-2" in page
    # None of them is plainly unlawful: nothing blocks, the liaison may decide.
    assert "bloque" not in page and "Soumettre au ou à la responsable" not in page
    assert "Suggestion :" in page
    for finding in (f for ff in offer_findings(flagged) for f in ff.findings):
        assert finding.suggestion in page


def test_publication_is_refused_while_findings_remain_unless_confirmed(
    liaison_client, flagged, employer_liaison
):
    url = f"/entreprises/offres/{flagged.pk}/publier/"
    response = liaison_client.post(url, {"reason": "Urgent"})
    assert "cochez cette case pour la publier quand même" in text(response)
    response = liaison_client.post(url, {"confirm": "on", "reason": "  "})
    assert "Indiquez pourquoi vous publiez malgré les constats." in text(response)
    flagged.refresh_from_db()
    assert flagged.status == "draft" and not PublicationConfirmation.objects.exists()

    response = liaison_client.post(
        url, {"confirm": "on", "reason": "L'employeur maintient sa rédaction ; vu avec lui."}
    )
    assert response.status_code == 302
    flagged.refresh_from_db()
    assert flagged.status == "published"
    confirmation = PublicationConfirmation.objects.get()
    assert confirmation.offer == flagged and confirmation.confirmed_by == employer_liaison
    assert confirmation.reason == "L'employeur maintient sa rédaction ; vu avec lui."
    recorded = {(f["field"], f["words"], f["rule"]) for f in confirmation.findings}
    assert ("title", "Vendeuse", "sex") in recorded
    assert ("profile", "Français langue maternelle", "language") in recorded
    page = text(liaison_client.get(f"/entreprises/offres/{flagged.pk}/"))
    assert "Publiée malgré des constats" in page
    assert "Élise Entreprises" in page and "« Français langue maternelle »" in page


def test_fixing_the_wording_lets_the_offer_be_published_without_confirmation(
    liaison_client, flagged
):
    form = liaison_client.get(f"/entreprises/offres/{flagged.pk}/modifier/").context["form"]
    data = {
        name: form[name].value() if form[name].value() is not None else ""
        for name in form.fields
        if name not in ("required_skills", "driving_licences")
    }
    data.update(
        title="Vendeur / Vendeuse en boulangerie",
        profile="Sens du service, rigueur dans l'hygiène. Français courant pour conseiller.",
        campaign="",
    )
    response = liaison_client.post(f"/entreprises/offres/{flagged.pk}/modifier/", data)
    assert response.status_code == 302, response.context["form"].errors
    flagged.refresh_from_db()
    assert offer_findings(flagged) == []
    liaison_client.post(f"/entreprises/offres/{flagged.pk}/publier/", {})
    flagged.refresh_from_db()
    assert flagged.status == "published" and not PublicationConfirmation.objects.exists()


def test_the_api_gives_the_findings_and_publishes_only_with_a_reason(employer_liaison, flagged):
    _token, key = ApiToken.issue(membership=employer_liaison.memberships.get(), name="test")
    client = Client(headers={"Authorization": f"Bearer {key}"})
    data = client.get(f"/api/v1/offres/{flagged.pk}").json()
    assert {(f["field"], f["rule"]) for f in data["findings"]} >= {
        ("title", "sex"),
        ("profile", "language"),
    }
    assert all(f["articles"] and f["suggestion"] for f in data["findings"])
    url = f"/api/v1/offres/{flagged.pk}/publication"
    response = client.post(url, {"confirm": True}, content_type="application/json")
    assert response.status_code == 422
    assert "Des points restent signalés" in response.json()["detail"]
    assert JobOffer.objects.get().status == "draft"
    response = client.post(
        url, {"confirm": True, "reason": "Exigence maintenue"}, content_type="application/json"
    )
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "published"
    assert data["confirmations"][0]["reason"] == "Exigence maintenue"
    assert data["confirmations"][0]["confirmed_by_id"] == employer_liaison.pk


def test_a_published_offer_edited_into_flagged_wording_goes_back_to_draft(liaison_client, offer):
    liaison_client.post(f"/entreprises/offres/{offer.pk}/publier/", {})
    offer.refresh_from_db()
    assert offer.status == "published"
    form = liaison_client.get(f"/entreprises/offres/{offer.pk}/modifier/").context["form"]
    data = {
        name: form[name].value() if form[name].value() is not None else ""
        for name in form.fields
        if name not in ("required_skills", "driving_licences")
    }
    data.update(campaign="", profile="Candidats de 20 à 30 ans uniquement.")
    response = liaison_client.post(f"/entreprises/offres/{offer.pk}/modifier/", data)
    assert response["Location"] == f"/entreprises/offres/{offer.pk}/publier/"
    offer.refresh_from_db()
    assert offer.status == "draft" and offer.profile.startswith("Candidats de 20 à 30 ans")


def _waiting_reviews(client) -> int:
    board = client.get("/equipe/tableau-de-bord/").context["board"]
    (item,) = [i for i in board.pending if i.title.startswith("Offres publiées malgré")]
    return item.count


def _publish_despite_findings(liaison_client, flagged):
    liaison_client.post(
        f"/entreprises/offres/{flagged.pk}/publier/",
        {"confirm": "on", "reason": "L'employeur insiste."},
    )
    flagged.refresh_from_db()
    assert flagged.status == "published"
    return PublicationConfirmation.objects.get()


def test_the_manager_is_asked_to_review_and_can_withdraw_the_offer(
    liaison_client, flagged, client, login, manager
):
    confirmation = _publish_despite_findings(liaison_client, flagged)
    # The liaison sees it waits for the manager, and cannot review it.
    page = text(liaison_client.get(f"/entreprises/offres/{flagged.pk}/"))
    assert "En attente de relecture par le ou la responsable" in page
    response = liaison_client.post(
        f"/entreprises/offres/{flagged.pk}/relecture/", {"decision": "kept"}
    )
    assert response.status_code == 403

    login(client, manager)
    assert _waiting_reviews(client) == 1
    listed = text(client.get("/entreprises/offres/?relecture=1"))
    assert flagged.title in listed and "Malgré des constats, à relire" in listed

    url = f"/entreprises/offres/{flagged.pk}/relecture/"
    response = client.post(url, {"decision": "withdrawn", "note": " "})
    assert "Dites ce qu'il faut corriger avant de retirer l'offre." in text(response)
    flagged.refresh_from_db()
    confirmation.refresh_from_db()
    assert flagged.status == "published" and confirmation.reviewed_at is None

    response = client.post(
        url, {"decision": "withdrawn", "note": "« Jeune profil » : à réécrire avec l'employeur."}
    )
    assert response.status_code == 302
    flagged.refresh_from_db()
    confirmation.refresh_from_db()
    assert flagged.status == "draft"
    assert confirmation.review == "withdrawn" and confirmation.reviewed_by == manager
    page = text(client.get(f"/entreprises/offres/{flagged.pk}/"))
    assert "Offre retirée, à corriger</strong> par Marc Responsable" in page
    assert "Malgré des constats" not in text(client.get("/entreprises/offres/?relecture=1"))
    assert _waiting_reviews(client) == 0
    # Reviewed once: a second review changes nothing.
    response = client.post(url, {"decision": "kept"}, follow=True)
    assert "Aucune publication de cette offre n'attend de relecture." in text(response)
    confirmation.refresh_from_db()
    assert confirmation.review == "withdrawn"


def test_the_manager_may_keep_the_publication(liaison_client, flagged, client, login, manager):
    _publish_despite_findings(liaison_client, flagged)
    login(client, manager)
    response = client.post(f"/entreprises/offres/{flagged.pk}/relecture/", {"decision": "kept"})
    assert response.status_code == 302
    flagged.refresh_from_db()
    assert flagged.status == "published"
    assert PublicationConfirmation.objects.get().review == "kept"
    assert _waiting_reviews(client) == 0


def test_only_the_latest_publication_waits_for_review(
    liaison_client, flagged, client, login, manager
):
    first = _publish_despite_findings(liaison_client, flagged)
    # Edited back into a draft (as after a change of wording), then published again.
    JobOffer.objects.filter(pk=flagged.pk).update(status="draft")
    liaison_client.post(
        f"/entreprises/offres/{flagged.pk}/publier/",
        {"confirm": "on", "reason": "Relu avec l'employeur, il maintient."},
    )
    first.refresh_from_db()
    latest = PublicationConfirmation.objects.exclude(pk=first.pk).get()
    assert first.review == "superseded" and latest.reviewed_at is None
    login(client, manager)
    assert _waiting_reviews(client) == 1
    page = text(client.get(f"/entreprises/offres/{flagged.pk}/"))
    assert "Remplacée par une publication plus récente</strong> le" in page
    client.post(f"/entreprises/offres/{flagged.pk}/relecture/", {"decision": "kept"})
    latest.refresh_from_db()
    assert latest.review == "kept"
    assert _waiting_reviews(client) == 0


# --- four eyes: who confirmed a publication never reviews it ----------------------------------


@pytest.fixture
def other_manager(structure_a):
    return MembershipFactory(
        structure=structure_a,
        role=Role.MANAGER,
        user=UserFactory(first_name="Nadia", last_name="Direction"),
    ).user


def test_the_manager_who_confirmed_a_publication_leaves_its_review_to_another_manager(
    flagged, client, login, manager, other_manager, structure_admin
):
    login(client, manager)
    confirmation = _publish_despite_findings(client, flagged)
    assert confirmation.confirmed_by == manager

    page = text(client.get(f"/entreprises/offres/{flagged.pk}/"))
    assert (
        "Vous avez confirmé cette publication : une autre personne que vous doit la relire." in page
    )
    # Who else may: the other manager; not the structure admin, whose role has no such right.
    assert "Peuvent la relire : Nadia Direction." in page
    assert "Enregistrer la relecture" not in page
    assert _waiting_reviews(client) == 0
    listed = text(client.get("/entreprises/offres/?relecture=1"))
    assert flagged.title not in listed
    assert "Une offre dont vous avez confirmé la publication attend la relecture" in listed
    badge = text(client.get("/entreprises/offres/"))
    assert "à relire par une autre personne que vous" in badge

    response = client.post(
        f"/entreprises/offres/{flagged.pk}/relecture/", {"decision": "kept"}, follow=True
    )
    assert "une autre personne que vous doit la relire" in text(response)
    confirmation.refresh_from_db()
    assert confirmation.reviewed_at is None

    login(client, other_manager)
    assert _waiting_reviews(client) == 1
    assert flagged.title in text(client.get("/entreprises/offres/?relecture=1"))
    response = client.post(f"/entreprises/offres/{flagged.pk}/relecture/", {"decision": "kept"})
    assert response.status_code == 302
    confirmation.refresh_from_db()
    assert confirmation.review == "kept" and confirmation.reviewed_by == other_manager


def test_the_publication_message_names_who_will_review(
    flagged, client, login, manager, other_manager
):
    login(client, manager)
    response = client.post(
        f"/entreprises/offres/{flagged.pk}/publier/",
        {"confirm": "on", "reason": "L'employeur insiste."},
        follow=True,
    )
    page = text(response)
    assert "un·e responsable de service les relira" in page
    assert "Personne d'autre dans la structure ne peut la relire" not in page


def test_a_lone_manager_who_confirmed_sees_the_review_waits_for_another_person(
    flagged, client, login, manager, structure_admin
):
    login(client, manager)
    _publish_despite_findings(client, flagged)
    page = text(client.get(f"/entreprises/offres/{flagged.pk}/"))
    assert "Personne d'autre dans la structure n'a ce droit" in page
    assert "Enregistrer la relecture" not in page


def test_the_confirmer_cannot_review_through_the_action(flagged, client, login, manager):
    login(client, manager)
    confirmation = _publish_despite_findings(client, flagged)
    with pytest.raises(ValidationError, match="une autre personne que vous doit la relire"):
        review_publication(confirmation=confirmation, by=manager, decision="kept")
    confirmation.refresh_from_db()
    assert confirmation.reviewed_at is None


@pytest.fixture
def underpaid(offer):
    offer.pay_min, offer.pay_max, offer.pay_period = 5, 6, "hour"
    offer.weekly_hours = 48
    offer.save()
    return offer


def test_a_pay_below_the_smic_blocks_the_publication_for_the_liaison(
    liaison_client, underpaid, client, login, manager
):
    url = f"/entreprises/offres/{underpaid.pk}/publier/"
    page = text(liaison_client.get(url))
    assert "Aucune formulation discriminatoire repérée" not in page
    assert "1 point à revoir sur le salaire ou la durée du travail." in page
    assert "Salaire inférieur au SMIC" in page
    smic = smic_on(timezone.localdate())
    shown = f"{smic.hourly_gross:.2f}".replace(".", ",")
    assert (
        f"5,00\u00a0€ brut de l'heure, SMIC au {smic.valid_from:%d/%m/%Y} : {shown}\u00a0€" in page
    )
    assert "Code du travail, art. L3231-2 et suivants" in page
    assert "Un point bloque la publication" in page
    assert "Publier malgré les constats" not in page

    response = liaison_client.post(url, {"confirm": "on", "reason": "Saisie à corriger."})
    assert "ne peut être publiée malgré eux que par le ou la responsable" in text(response)
    underpaid.refresh_from_db()
    assert underpaid.status == "draft" and not PublicationConfirmation.objects.exists()

    # The manager may publish it despite the finding, with a reason.
    login(client, manager)
    response = client.post(url, {"confirm": "on", "reason": "Saisie à corriger."})
    assert response.status_code == 302
    underpaid.refresh_from_db()
    assert underpaid.status == "published"
    [finding] = PublicationConfirmation.objects.get().findings
    assert (finding["field"], finding["rule"], finding["is_caution"], finding["is_blocking"]) == (
        "pay",
        "smic",
        False,
        True,
    )
    page = text(client.get(f"/entreprises/offres/{underpaid.pk}/"))
    assert "Publiée malgré des constats" in page and "Salaire inférieur au SMIC" in page


def test_an_apprentice_paid_below_the_smic_is_a_caution_that_does_not_hold_publication(
    liaison_client, underpaid
):
    underpaid.contract_type = "apprenticeship"
    underpaid.weekly_hours = 35
    underpaid.save()
    url = f"/entreprises/offres/{underpaid.pk}/publier/"
    page = text(liaison_client.get(url))
    assert "Aucune formulation discriminatoire repérée" in page
    assert "À vérifier" in page and "pourcentage du SMIC" in page
    assert "Publier malgré les constats" not in page
    response = liaison_client.post(url, {})
    assert response.status_code == 302
    underpaid.refresh_from_db()
    assert underpaid.status == "published" and not PublicationConfirmation.objects.exists()


def test_an_offer_paid_at_least_the_smic_or_without_pay_has_no_pay_finding(offer):
    assert offer_findings(offer) == []
    offer.pay_min, offer.pay_max = 1801.80, None  # 35 h × 52 / 12 × 11,88 €
    offer.start_on = date(2024, 12, 2)  # the table is current on that day
    offer.save()
    assert offer_findings(offer) == []
    # The SMIC of 2026 is 12,02 €: the same pay from a day of 2026 is below it, and blocks.
    offer.start_on = date(2026, 3, 2)
    offer.save()
    [[below]] = [f.findings for f in offer_findings(offer)]
    assert below.rule == "smic" and below.is_blocking
    # Past a 1 January the table does not know, the last SMIC known is to check.
    last = load_smic()[-1]
    offer.pay_min = round(float(last.hourly_gross) * 35 * 52 / 12 + 0.005, 2)
    offer.start_on = date(last.valid_from.year + 1, 3, 2)
    offer.save()
    [[finding]] = [f.findings for f in offer_findings(offer)]
    assert finding.rule_label == "SMIC à vérifier" and finding.is_caution
    offer.pay_min = 2000
    offer.save()
    assert offer_findings(offer) == []
    offer.pay_min = None
    offer.save()
    assert offer_findings(offer) == []


def test_an_offer_in_mayotte_is_not_compared_with_the_smic_of_other_departments(underpaid):
    # Mayotte has its own SMIC, which the table does not hold.
    underpaid.commune = Commune.objects.get(pk="97611")  # Mamoudzou
    underpaid.save()
    assert offer_findings(underpaid) == []


def test_the_publish_page_says_smic_to_check_when_the_table_is_stale(liaison_client, offer):
    # 35 h paid the last SMIC the table knows; the offer starts after a 1 January the table
    # does not know.
    last = load_smic()[-1]
    offer.pay_min = round(float(last.hourly_gross) * 35 * 52 / 12 + 0.005, 2)
    offer.pay_max = None
    offer.start_on = date(last.valid_from.year + 1, 3, 2)
    offer.save()
    url = f"/entreprises/offres/{offer.pk}/publier/"
    page = text(liaison_client.get(url))
    assert "SMIC à vérifier" in page and "À vérifier" in page
    shown = f"{last.hourly_gross:.2f}".replace(".", ",")
    assert f"dernier SMIC connu de Tremplin : {shown}\u00a0€ au {last.valid_from:%d/%m/%Y}" in page
    # A caution: nothing blocks, the liaison publishes at once.
    assert "bloque" not in page and "Publier malgré les constats" not in page
    assert liaison_client.post(url, {}).status_code == 302


def test_a_filled_offer_shows_the_day_it_was_filled_not_its_publication(liaison_client, offer):
    from datetime import datetime, time

    published = timezone.make_aware(datetime.combine(date(2026, 10, 5), time(10)))
    JobOffer.objects.filter(pk=offer.pk).update(
        status="filled", hired_count=1, published_at=published, ended_on=date(2026, 10, 20)
    )
    page = text(liaison_client.get(f"/entreprises/offres/{offer.pk}/"))
    assert "Pourvue</span> le 20/10/2026 (publiée le 05/10/2026)" in page


def test_a_non_smoker_condition_is_shown_to_verify_but_asks_no_confirmation(liaison_client, offer):
    offer.profile = "Ponctuel et rigoureux. Candidat non-fumeur."
    offer.save()
    (found,) = offer_findings(offer)
    (finding,) = found.findings
    assert (found.field, finding.words, finding.rule) == ("profile", "non-fumeur", "private_life")
    page = text(liaison_client.get(f"/entreprises/offres/{offer.pk}/publier/"))
    assert "À vérifier" in page and "Vie personnelle" in page
    response = liaison_client.post(f"/entreprises/offres/{offer.pk}/publier/", {})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == "published"
    assert not PublicationConfirmation.objects.exists()
