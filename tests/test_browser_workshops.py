"""Workshops in a real browser: the counselor designs a workshop, opens a session, invites
three people of her caseload who need it, two of them sign in on the tablet (drawing with
the mouse on the canvas), the sheet is closed, both are evaluated and the review printed."""

import re
import subprocess

from django.utils import timezone

from tests.test_browser import (  # noqa: F401  (browser_page is a fixture)
    browser_page,
    check_accessibility,
    log_in,
    pytestmark,
)
from tremplin.accounts.models import Membership
from tremplin.core.permissions import Role
from tremplin.diagnosis import actions as diagnosis_actions
from tremplin.diagnosis.actions import DomainData
from tremplin.people.models import Follow
from tremplin.testing.factories import (
    PASSWORD,
    MembershipFactory,
    PersonFactory,
    StructureFactory,
    UserFactory,
)
from tremplin.workshops.models import Presence, Signature
from tremplin.workshops.tests.conftest import current_half_day_hours

NEED = "trouver-un-emploi--convaincre-un-recruteur-en-entretien"


def _draw(page, stroke: int) -> None:
    box = page.locator("#signature-pad").bounding_box()
    x, y = box["x"] + 30, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(x + step * 25, y + (15 if (step + stroke) % 2 else -15), steps=4)
    page.mouse.up()


def test_counselor_designs_opens_invites_two_sign_evaluates_and_prints_the_review(
    browser_page,  # noqa: F811  (the fixture imported above)
    live_server,
    settings,
    tmp_path,
):
    settings.REQUIRE_2FA = False
    page = browser_page
    structure = StructureFactory(name="Mission Locale du test navigateur")
    counselor = UserFactory(email="camille@exemple.test", first_name="Camille", last_name="Martin")
    MembershipFactory(user=counselor, structure=structure, role=Role.COUNSELOR)
    membership = Membership.objects.get(user=counselor)
    counselor.active_membership = membership
    people = []
    for last, first, need in (
        ("Benamar", "Yasmine", NEED),
        ("Diallo", "Moussa", NEED),
        ("Le Gall", "Maëlle", NEED),
        ("Roux", "Hugo", "logement-hebergement--louer-un-logement"),
    ):
        person = PersonFactory(
            last_name=last, first_name=first, email=f"{first.lower()}@exemple.test"
        )
        Follow.objects.create(person=person, structure=structure, referent=counselor)
        domain = need.split("--")[0]
        diagnosis_actions.save_version(
            person=person,
            membership=membership,
            base_number=0,
            interview_date=timezone.localdate(),
            demand="",
            synthesis="",
            domains={domain: DomainData({}, "", "", [], [need])},
            editable={domain},
        )
        people.append(person)

    log_in(page, live_server, "camille@exemple.test")
    page.get_by_role("link", name="Ateliers", exact=True).click()
    page.get_by_role("heading", name="Ateliers collectifs").wait_for()
    check_accessibility(page, "ateliers-accueil-vide")

    # 1. Design.
    page.get_by_role("link", name="Concevoir un atelier").click()
    check_accessibility(page, "ateliers-conception")
    page.get_by_label("Intitulé de l'atelier").fill("Préparer un entretien d'embauche")
    page.get_by_label("Demande ou besoin auquel l'atelier répond").fill(
        "Des jeunes redoutent l'entretien."
    )
    needs = page.get_by_role("group", name=re.compile("^Besoins visés"))
    needs.get_by_label("Convaincre un recruteur en entretien").check()
    page.get_by_label("Public visé").fill("Jeunes de 16 à 25 ans")
    page.get_by_label(re.compile("^Objectifs pédagogiques")).fill(
        "Présenter son parcours en deux minutes\nRépondre aux questions pièges"
    )
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Atelier conçu.").wait_for()
    for title, minutes in (("Accueil", "15"), ("Simulations d'entretien", "105")):
        page.get_by_label(re.compile("^Séquence")).fill(title)
        page.get_by_label("Durée (minutes)").fill(minutes)
        page.get_by_label("Méthode pédagogique").fill("Mise en situation")
        page.get_by_role("button", name="Ajouter la séquence").click()
        page.get_by_text("Séquence ajoutée au scénario.").wait_for()
    assert "Durée totale : 2 h" in page.locator("main").inner_text()
    check_accessibility(page, "ateliers-fiche")

    # 2. Session: today, taking place now (on-screen sign-in is open around its hours only).
    slot, starts_at, ends_at = current_half_day_hours()
    page.get_by_role("link", name="Programmer une séance").click()
    page.get_by_label("Lieu").fill("Salle Jules Verne")
    page.get_by_label("Nombre de places").fill("8")
    page.get_by_label("Date (ligne 1)").fill(timezone.localdate().isoformat())
    page.get_by_label("Demi-journée (ligne 1)").select_option(slot)
    page.get_by_label("Début (ligne 1)").fill(f"{starts_at:%H:%M}")
    page.get_by_label("Fin (ligne 1)").fill(f"{ends_at:%H:%M}")
    check_accessibility(page, "ateliers-nouvelle-seance")
    page.get_by_role("button", name="Programmer la séance").click()
    page.get_by_text("Séance programmée.").wait_for()

    # 3. Invite three people who need it (the design's need is the default filter).
    page.get_by_role("link", name="Inviter depuis les portefeuilles").click()
    for person in people[:3]:
        page.get_by_label(f"{person.last_name.upper()} {person.first_name}").check()
    assert page.get_by_label("ROUX Hugo").count() == 0  # another need
    check_accessibility(page, "ateliers-inviter")
    page.get_by_role("button", name="Inviter et inscrire").click()
    page.get_by_text("3 personnes invitées et inscrites").wait_for()
    check_accessibility(page, "ateliers-seance")

    # 3b. Two more places, on the session's edit page.
    page.get_by_role("link", name="Modifier la séance").click()
    check_accessibility(page, "ateliers-modifier-seance")
    page.get_by_label("Nombre de places").fill("10")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Séance modifiée.").wait_for()
    assert "3 inscrit·es sur 10 places" in page.locator("main").inner_text()

    # 4. Two sign in on the tablet, drawing their signature.
    page.get_by_role("link", name=re.compile("^Faire émarger")).click()
    check_accessibility(page, "ateliers-emargement-liste")
    # The tablet goes round the room: no menu, nothing but this page.
    page.get_by_role("button", name="Passer en mode tablette").click()
    page.get_by_role("link", name="Quitter le mode tablette").wait_for()
    assert page.get_by_role("navigation", name="Navigation principale").count() == 0
    check_accessibility(page, "ateliers-emargement-tablette")
    for index, person in enumerate(people[:2]):
        page.get_by_role(
            "link", name=f"Signer : {person.first_name} {person.last_name.upper()}"
        ).click()
        page.locator("#signature-pad").wait_for()
        check_accessibility(page, f"ateliers-emargement-signer-{index}")
        _draw(page, index)
        page.get_by_role("button", name="Je signe").click()
        page.get_by_text(f"Merci {person.first_name}").wait_for()
    assert Signature.objects.count() == 2
    assert all(s.method == "drawn" and s.is_intact() for s in Signature.objects.all())
    page.get_by_role("link", name="Quitter le mode tablette").click()
    page.get_by_label("Mot de passe").fill("mauvais")
    page.get_by_role("button", name="Quitter le mode tablette").click()
    page.get_by_text("Mot de passe incorrect.").wait_for()
    check_accessibility(page, "ateliers-quitter-tablette")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Quitter le mode tablette").click()
    page.get_by_text("Mode tablette quitté.").wait_for()

    # Close the sheet: the third person is marked absent.
    page.get_by_role("link", name="Clore la feuille").click()
    page.get_by_label(re.compile("^Je confirme")).check()
    check_accessibility(page, "ateliers-cloture")
    page.get_by_role("button", name="Clore la feuille").click()
    page.get_by_text("Feuille close : 2 personnes présentes, 1 personne absente.").wait_for()
    assert Presence.objects.filter(is_present=False).get().registration.person == people[2]

    # 5. Evaluate the two participants.
    page.get_by_role("link", name="Évaluations et bilan").click()
    check_accessibility(page, "ateliers-bilan")
    for person, level in ((people[0], "Atteint"), (people[1], "Partiellement atteint")):
        page.get_by_role(
            "link", name=f"Évaluer : {person.first_name} {person.last_name.upper()}"
        ).click()
        for objective in (
            "Présenter son parcours en deux minutes",
            "Répondre aux questions pièges",
        ):
            page.get_by_role("group", name=objective).get_by_label(level, exact=True).check()
        page.get_by_role("group", name="L'atelier a répondu à mes attentes").get_by_label(
            "Tout à fait d'accord"
        ).check()
        check_accessibility(page, "ateliers-evaluation")
        page.get_by_role("button", name="Enregistrer l'évaluation").click()
        page.get_by_text("Évaluation enregistrée.").wait_for()
    page.get_by_label("Commentaires de l'animateur·rice").fill("Groupe dynamique.")
    page.get_by_role("button", name="Enregistrer les commentaires").click()
    page.get_by_text("Commentaires du bilan enregistrés.").wait_for()

    # 6. Print the review: a real PDF.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Bilan (PDF)").click()
    path = tmp_path / "bilan.pdf"
    download_info.value.save_as(path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "Bilan de séance d'atelier" in text
    assert "Présenter son parcours en deux minutes" in text
    assert "Groupe dynamique." in text
