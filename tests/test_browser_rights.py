"""The social-rights estimate in a real browser: a counselor fills in the household with the
person, reads the amounts computed by OpenFisca-France, downloads the document."""

from datetime import date

from tests.test_browser import (  # noqa: F401  (browser_page is a fixture)
    browser_page,
    check_accessibility,
    log_in,
    pytestmark,
)
from tremplin.core.permissions import Role
from tremplin.people.models import Follow
from tremplin.referentials.models import Commune
from tremplin.rights import engine
from tremplin.rights.models import RightsEstimate
from tremplin.testing.factories import (
    MembershipFactory,
    PersonFactory,
    StructureFactory,
    UserFactory,
)


def test_a_counselor_estimates_the_rights_of_a_single_mother(
    browser_page,  # noqa: F811  (the fixture imported above)
    live_server,
    settings,
):
    settings.REQUIRE_2FA = False
    page = browser_page
    structure = StructureFactory(name="CCAS du test des droits")
    counselor = UserFactory(email="lea@exemple.test", first_name="Léa", last_name="Moreau")
    MembershipFactory(user=counselor, structure=structure, role=Role.COUNSELOR)
    rezé = Commune.objects.get(pk="44143")
    person = PersonFactory(
        first_name="Aïcha",
        last_name="Benali",
        birth_date=date(1992, 5, 17),
        commune=rezé,
        postal_code="44400",
        is_rsa_beneficiary=True,
    )
    Follow.objects.create(person=person, structure=structure, referent=counselor)
    # The engine takes seconds to load: loaded before the clicks, as the form's warm-up does.
    engine.estimate(
        engine.Household(person=engine.Member(birth_date=date(1990, 1, 1)), rent=400),
        date(2026, 11, 1),
    )

    log_in(page, live_server, "lea@exemple.test")
    page.goto(f"{live_server.url}/personnes/{person.pk}/")
    page.get_by_role("link", name="Droits", exact=True).click()
    page.get_by_role("heading", name="Estimation des droits sociaux").wait_for()
    check_accessibility(page, "rights-form")

    page.get_by_label("Salaire net mensuel de la personne").fill("640")
    page.get_by_label("Enfants à charge : dates de naissance").fill("03/02/2020")
    page.get_by_label("Situation de logement").select_option(
        label="Locataire d'un logement social (HLM)"
    )
    page.get_by_label("Loyer mensuel hors charges (ou mensualité du prêt)").fill("385")
    # The commune comes from the file.
    assert "Rezé" in page.get_by_label("Commune du logement").input_value()
    page.get_by_role("button", name="Estimer les droits").click()
    page.get_by_role("heading", name="Estimation des droits pour").wait_for(timeout=90_000)
    check_accessibility(page, "rights-detail")

    estimate = RightsEstimate.objects.get(person=person)
    table = page.get_by_role("table")
    assert "Prime d'activité" in table.inner_text()
    assert "aide personnalisée au logement (APL)" in table.inner_text()
    assert estimate.result["amounts"]["ppa"] > 0
    assert "640,00 €" in page.content()
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger (PDF)").click()
    assert download.value.suggested_filename == f"estimation-droits-{estimate.pk}.pdf"

    # The next estimate starts from this one.
    page.get_by_role("link", name="← Estimations des droits sociaux").click()
    assert page.get_by_label("Loyer mensuel hors charges (ou mensualité du prêt)").input_value()
    assert page.locator(f'a[href="/droits/{estimate.pk}/"]').count() == 1
